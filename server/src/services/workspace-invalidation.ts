/**
 * Invalidation: which files' diagnostics can change when one file's exports change.
 */
import type { FileExports } from '../core/project/exports';
import { extraShape, idPlaces, idShape, sameIds, termPlaces, termShape } from './export-shapes';
import type { Project } from './workspace-project';
/**
 * Files whose diagnostics can change when one file's exports go from `old` to
 * `next` (either may be undefined: a file added or removed). Conservative
 * where a rule's dependence is wide: a change to the set of terms re-checks
 * the whole project, because `undefined-term` suggestions and `unlinked-term`
 * read every term name.
 */
export function dependents(project: Project, old: FileExports | undefined, next: FileExports | undefined): Set<string> {
  const out = new Set<string>();
  const any = next ?? old;
  if (!any) return out;
  const all = () => new Set([...project.files, project.configPath]);
  if (extraShape(old) !== extraShape(next)) return all();
  if (any.kind === 'vocabulary' && project.inScope(any.path)) {
    if (termShape(old) !== termShape(next)) return all();
    if (termPlaces(old) !== termPlaces(next)) {
      // Same names, moved: messages and related locations of duplicates elsewhere mention the place.
      for (const t of next?.terms ?? []) for (const e of project.index.terms().get(t.key) ?? []) out.add(e.location.path);
    }
  }
  if (any.kind === 'playbook' && !sameIds(old, next)) {
    if (idShape(old) !== idShape(next)) {
      // A see-also naming an id that appeared or vanished may resolve differently now, and one
      // naming no id gets its "did you mean" from every id; other see-also entries cannot change.
      // (Typing a new id changes the ids on every keystroke: most files must not be re-read.)
      const ids = project.index.ids();
      const before = new Set((old?.ids ?? []).map((e) => e.id));
      const after = new Set((next?.ids ?? []).map((e) => e.id));
      const changed = new Set([...before, ...after].filter((id) => before.has(id) !== after.has(id)));
      for (const f of project.index.allExports()) {
        if (f.seeAlso.some((s) => changed.has(s) || !ids.has(s))) out.add(f.path);
      }
      for (const id of new Set([...(old?.ids ?? []), ...(next?.ids ?? [])].map((e) => e.id))) {
        for (const e of project.index.ids().get(id) ?? []) out.add(e.location.path);
      }
    } else if (idPlaces(old) !== idPlaces(next)) {
      for (const e of next?.ids ?? []) for (const d of project.index.ids().get(e.id) ?? []) out.add(d.location.path);
    }
  }
  if (any.kind === 'playbook') {
    // unused-term: vocabularies defining a term whose playbook uses appeared or vanished.
    const before = new Set((old?.termUses ?? []).map((u) => u.key));
    const after = new Set((next?.termUses ?? []).map((u) => u.key));
    for (const key of new Set([...before, ...after])) {
      if (before.has(key) && after.has(key)) continue;
      const entry = project.index.lookupTerm(key);
      for (const k of [key, entry?.termKey]) {
        if (!k) continue;
        for (const e of project.index.terms().get(k) ?? []) out.add(e.location.path);
      }
    }
  }
  out.delete(any.path);
  return out;
}
