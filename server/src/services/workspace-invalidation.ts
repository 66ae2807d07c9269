/**
 * Invalidation: which files' diagnostics can change when one file's exports go from `old` to
 * `next` (either may be undefined: a file added or removed). Derived from what the rules
 * declare they read of other files (`Rule.reads`, see core/project/project-reads.ts), in this
 * one place: a new rule that declares its reads is re-checked in the editor without a change
 * here. For each read, the files re-checked are those a rule reading it checks, narrowed to
 * the ones the change can reach:
 *
 *   terms         the names defined in scope changed: every file such a rule checks
 *   vocabularies  a vocabulary in scope appeared or vanished: every file such a rule checks
 *   termPlaces    same names, moved: the files defining those names
 *   ids           the set of ids changed: files defining or naming (see-also) a changed id,
 *                 and files naming an unknown id (their "did you mean" reads every id)
 *   idPlaces      the ids or their places changed: files defining any of those ids
 *   termUses      a playbook started or stopped using a term: the files defining that term
 */
import { fileKindOf } from '../core/file-kind';
import type { FileExports } from '../core/project/exports';
import type { ProjectRead } from '../core/project/project-reads';
import type { Rule } from '../core/rule';
import { RULES } from '../core/rules';
import type { FileKind } from '../core/types';
import { extraShape, idPlaces, idShape, sameIds, termPlaces, termShape } from './export-shapes';
import type { Project } from './workspace-project';

/** For each read, the kinds of file checked by a rule that declares it. */
export type Readers = ReadonlyMap<ProjectRead, ReadonlySet<FileKind>>;

export function readersOf(rules: readonly Rule[]): Readers {
  const out = new Map<ProjectRead, Set<FileKind>>();
  for (const rule of rules) {
    for (const read of rule.reads ?? []) {
      const kinds = out.get(read) ?? new Set<FileKind>();
      for (const k of rule.appliesTo) kinds.add(k);
      out.set(read, kinds);
    }
  }
  return out;
}

const READERS = readersOf(RULES);

export function dependents(project: Project, old: FileExports | undefined, next: FileExports | undefined, readers: Readers = READERS): Set<string> {
  const out = new Set<string>();
  const any = next ?? old;
  if (!any) return out;
  // Fields of the exports the shapes do not know yet: any rule may read them.
  if (extraShape(old) !== extraShape(next)) return new Set([...project.files, project.configPath]);
  const add = (read: ProjectRead, path: string) => {
    if (readers.get(read)?.has(fileKindOf(path) ?? 'playbook')) out.add(path);
  };
  const addEvery = (read: ProjectRead) => {
    const kinds = readers.get(read);
    if (!kinds) return;
    for (const f of project.files) add(read, f);
    if (kinds.has('config')) out.add(project.configPath);
  };
  if (any.kind === 'vocabulary' && project.inScope(any.path)) {
    if (termShape(old) !== termShape(next)) addEvery('terms');
    if (!old !== !next) addEvery('vocabularies');
    if (readers.has('termPlaces') && termPlaces(old) !== termPlaces(next)) {
      for (const t of next?.terms ?? []) for (const e of project.index.terms().get(t.key) ?? []) add('termPlaces', e.location.path);
    }
  }
  if (any.kind === 'playbook' && !sameIds(old, next)) {
    if (readers.has('ids') && idShape(old) !== idShape(next)) idsChanged(project, old, next, (p) => add('ids', p));
    if (readers.has('idPlaces') && (idShape(old) !== idShape(next) || idPlaces(old) !== idPlaces(next))) {
      // Typing a new id changes the ids on every keystroke: only the files sharing one are re-read.
      for (const id of new Set([...(old?.ids ?? []), ...(next?.ids ?? [])].map((e) => e.id))) {
        for (const e of project.index.ids().get(id) ?? []) add('idPlaces', e.location.path);
      }
    }
  }
  if (any.kind === 'playbook' && readers.has('termUses')) termUsesChanged(project, old, next, (p) => add('termUses', p));
  out.delete(any.path);
  return out;
}

/** Files defining or naming an id that appeared or vanished, and files naming an unknown id. */
function idsChanged(project: Project, old: FileExports | undefined, next: FileExports | undefined, add: (path: string) => void): void {
  const ids = project.index.ids();
  const before = new Set((old?.ids ?? []).map((e) => e.id));
  const after = new Set((next?.ids ?? []).map((e) => e.id));
  const changed = new Set([...before, ...after].filter((id) => before.has(id) !== after.has(id)));
  for (const f of project.index.allExports()) {
    if (f.seeAlso.some((s) => changed.has(s) || !ids.has(s))) add(f.path);
  }
  for (const id of changed) for (const e of ids.get(id) ?? []) add(e.location.path);
}

/** Vocabularies defining a term whose playbook uses appeared or vanished. */
function termUsesChanged(project: Project, old: FileExports | undefined, next: FileExports | undefined, add: (path: string) => void): void {
  const before = new Set((old?.termUses ?? []).map((u) => u.key));
  const after = new Set((next?.termUses ?? []).map((u) => u.key));
  for (const key of new Set([...before, ...after])) {
    if (before.has(key) && after.has(key)) continue;
    const entry = project.index.lookupTerm(key);
    for (const k of [key, entry?.termKey]) {
      if (!k) continue;
      for (const e of project.index.terms().get(k) ?? []) add(e.location.path);
    }
  }
}
