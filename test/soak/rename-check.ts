/**
 * Renames offered by the server, checked edit by edit: for every `[[term]]`,
 * term name, alias, id and see-also entry of the given files, ask
 * textDocument/prepareRename; where a rename is offered, ask textDocument/rename
 * to a fresh name and apply the WorkspaceEdit (without sending it back to the
 * server, so every rename starts from the same state). Then, per edited file:
 *
 * - every edit replaces exactly one occurrence of the old name (the inside of a
 *   `[[…]]`, or a whole name / alias / id / see-also scalar), and edits do not
 *   overlap, so everything outside the edited spans is byte-identical;
 * - the comments (tokens of the yaml package's CST) are the same, in order;
 * - a file without YAML errors before has none after;
 * - where the file parsed cleanly, its names read back as before with the old
 *   name replaced by the new one (nothing else renamed), and no clean file of the
 *   project still uses the old name (nothing missed).
 */
import * as path from 'node:path';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../server/src/core/analyze';
import { configFromAnalysis } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/file-kind';
import type { FileAnalysis, ScalarValue } from '../../server/src/core/model/model';
import { termKey } from '../../server/src/core/model/terms';
import { matchGlobs } from '../../server/src/node/discover';
import { applyEdits, editsByFile, uriOf } from '../lsp/support/client';
import type { SoakSession } from './harness';
import type { Rng } from './rng';
import { cstComments, lineStarts, offsetAt, positionAt, yamlErrors } from './text';

export interface RenameTarget {
  file: string;
  offset: number;
  what: string;
  kind: 'term' | 'id';
}

export interface RenameReport {
  targets: number;
  offered: number;
  refused: string[];
  failures: string[];
}

/** Every place a rename can start in a file: [[…]] names, ids and see-also entries, term names and aliases. */
export function renameTargets(file: string, text: string): RenameTarget[] {
  const kind = fileKindOf(file);
  if (!kind || kind === 'config') return [];
  const a = analyzeText(file, kind, text);
  const out: RenameTarget[] = [];
  const mid = (s: ScalarValue) => Math.floor((s.span.start + s.span.end) / 2);
  for (const ref of a.termRefs) out.push({ file, offset: ref.span.start + 2, what: `[[${ref.name}]]`, kind: 'term' });
  const inRef = (offset: number) => a.termRefs.some((r) => offset >= r.span.start && offset <= r.span.end);
  if (a.model.kind === 'playbook') {
    for (const stage of a.model.stages) {
      if (stage.id) out.push({ file, offset: mid(stage.id), what: `stage id ${stage.id.value}`, kind: 'id' });
      for (const s of stage.seeAlso) out.push({ file, offset: mid(s), what: `see-also ${s.value}`, kind: 'id' });
      for (const t of stage.tactics) {
        if (t.id) out.push({ file, offset: mid(t.id), what: `tactic id ${t.id.value}`, kind: 'id' });
        for (const s of t.seeAlso) out.push({ file, offset: mid(s), what: `see-also ${s.value}`, kind: 'id' });
      }
    }
  } else if (a.model.kind === 'vocabulary') {
    for (const t of a.model.terms) {
      if (t.term) out.push({ file, offset: mid(t.term), what: `term ${t.term.value}`, kind: 'term' });
      for (const al of t.aliases) out.push({ file, offset: mid(al), what: `alias ${al.value}`, kind: 'term' });
      for (const s of t.seeAlso) out.push({ file, offset: mid(s), what: `see-also ${s.value}`, kind: 'term' });
    }
  }
  // A place inside a [[…]] (an id or name whose text holds one) renames the term: the cursor is on the reference.
  return out.map((t) => (t.kind === 'id' && inRef(t.offset) ? { ...t, kind: 'term' as const, what: `${t.what} (on its [[…]])` } : t));
}

/** Files of a project that its config (as the server sees it, unsaved edits included) ignores. */
function ignoredFiles(session: SoakSession, project: string): Set<string> {
  const configPath = path.join(project, '.playbook-lint.yaml');
  const text = session.viewText(configPath);
  if (text === undefined) return new Set();
  const { config, problems } = configFromAnalysis(project, analyzeText(configPath, 'config', text));
  if (problems.length || !config.ignore.length) return new Set();
  return matchGlobs(project, config.ignore, []);
}

/** The names a rename may touch, as keys: term names, aliases, [[…]] and see-also (terms), or ids and see-also (ids). */
function names(a: FileAnalysis, kind: 'term' | 'id'): string[] {
  const out: string[] = [];
  if (kind === 'term') {
    for (const r of a.termRefs) out.push(r.key);
    if (a.model.kind === 'vocabulary') {
      for (const t of a.model.terms) {
        if (t.term) out.push(termKey(t.term.value));
        for (const al of t.aliases) out.push(termKey(al.value));
        for (const s of t.seeAlso) out.push(termKey(s.value));
      }
    }
  } else if (a.model.kind === 'playbook') {
    for (const stage of a.model.stages) {
      if (stage.id) out.push(stage.id.value);
      for (const s of stage.seeAlso) out.push(s.value);
      for (const t of stage.tactics) {
        if (t.id) out.push(t.id.value);
        for (const s of t.seeAlso) out.push(s.value);
      }
    }
  }
  return out.sort();
}

/** The value an edited slice stands for: quotes removed and unescaped. */
function unquote(slice: string): string {
  if (slice.length >= 2 && slice[0] === '"' && slice[slice.length - 1] === '"') {
    try {
      return JSON.parse(slice) as string;
    } catch {
      return slice.slice(1, -1);
    }
  }
  if (slice.length >= 2 && slice[0] === "'" && slice[slice.length - 1] === "'") return slice.slice(1, -1).replace(/''/g, "'");
  // A plain scalar over several lines reads with each line break (and the indentation around it) as one space.
  return slice.replace(/[ \t]*\n[ \t]*/g, ' ');
}

/** The text inside a [[…]] as the reader reads it, whatever scalar style surrounds it. */
function refInner(slice: string, before: string): string {
  // Inside a double-quoted scalar, escapes count; elsewhere the raw text does.
  const quote = /"[^"\n]*$/.test(before.slice(before.lastIndexOf('\n') + 1)) ? '"' : '';
  if (quote) {
    try {
      return JSON.parse(`"${slice.replace(/\n\s*/g, ' ')}"`) as string;
    } catch {
      return slice;
    }
  }
  return slice.replace(/''/g, "'");
}

export interface RenameOptions {
  /** With max: check a random sample of at most max places. */
  rng?: Rng;
  max?: number;
  label?: string;
  /** The new name for the n-th rename (default: "Soak renamed n" for terms, "soak-renamed-n" for ids). */
  nameFor?: (n: number, kind: 'term' | 'id') => string;
}

/** Term names that need care in YAML: quotes, ": ", " #", flow indicators, non-ASCII. */
export const TRICKY_TERM_NAMES = [
  "O'Brien plan",
  'Plan "B"',
  'Cost: of delay',
  'Plan #2',
  'Buyer, economic',
  'Café owner',
  'Schlüssel 😀',
  'a\\b',
  '{braced}',
  '- dash',
  '? query',
  '@handle',
  '`tick`',
  '50% rule',
  '&anchor',
  '*star',
  '!bang',
  '|pipe',
  '>fold',
];

export async function checkRenames(session: SoakSession, files: string[], options: RenameOptions = {}): Promise<RenameReport> {
  const report: RenameReport = { targets: 0, offered: 0, refused: [], failures: [] };
  let targets = files.flatMap((f) => {
    const text = session.viewText(f);
    return text === undefined ? [] : renameTargets(f, text);
  });
  if (options.max !== undefined && targets.length > options.max && options.rng) {
    const rng = options.rng;
    const picked: RenameTarget[] = [];
    const pool = [...targets];
    while (picked.length < options.max && pool.length) picked.push(pool.splice(rng.int(pool.length), 1)[0]);
    targets = picked;
  }
  report.targets = targets.length;
  const rel = (f: string) => path.relative(session.ws.root, f);
  let n = 0;
  for (const target of targets) {
    const text = session.viewText(target.file);
    if (text === undefined) continue;
    const position = positionAt(text, target.offset);
    const where = `${options.label ?? ''}${rel(target.file)}:${position.line + 1}:${position.character + 1} (${target.what})`;
    const prep = await session.request<{
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      placeholder: string;
    } | null>('textDocument/prepareRename', { textDocument: { uri: uriOf(target.file) }, position }, true);
    if (!prep || !prep.range) continue;
    report.offered++;
    const kind = target.kind;
    n++;
    const newName = options.nameFor?.(n, kind) ?? (kind === 'id' ? `soak-renamed-${n}` : `Soak renamed ${n}`);
    const oldKey = kind === 'id' ? prep.placeholder.trim() : termKey(prep.placeholder);
    const newKey = kind === 'id' ? newName : termKey(newName);
    session.lastRefusal = undefined;
    const edit = await session.request<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: uriOf(target.file) }, position, newName }, true);
    if (!edit) {
      report.refused.push(
        `${where}: prepareRename offered "${prep.placeholder}" but rename to "${newName}" was refused: ${session.lastRefusal ?? '(null result)'}`,
      );
      continue;
    }
    const fail = (message: string) => report.failures.push(`${where} → "${newName}": ${message}`);
    const byFile = editsByFile(edit);
    if (!byFile.size) fail('the rename returned no edits');
    const project = session.ws.folders.find((f) => target.file.startsWith(`${f}/`));
    const edited = new Map<string, string>();
    for (const [file, edits] of byFile) {
      const before = session.viewText(file);
      if (before === undefined) {
        fail(`an edit for ${rel(file)}, which the server cannot have read`);
        continue;
      }
      if (!project || !file.startsWith(`${project}/`)) fail(`an edit outside the project: ${rel(file)}`);
      checkEdits(before, edits, kind, oldKey, (m) => fail(`${rel(file)}: ${m}`));
      const after = applyEdits(before, edits);
      edited.set(file, after);
      const cb = cstComments(before).map((c) => c.source);
      const ca = cstComments(after).map((c) => c.source);
      if (JSON.stringify(cb) !== JSON.stringify(ca))
        fail(`${rel(file)}: comments changed\n      before: ${JSON.stringify(cb)}\n      after:  ${JSON.stringify(ca)}`);
      const eb = yamlErrors(before);
      const ea = yamlErrors(after);
      if (!eb.length && ea.length) fail(`${rel(file)}: valid YAML before, not after: ${ea.join('; ')}`);
      const k = fileKindOf(file);
      if (!eb.length && k && k !== 'config') {
        const nb = names(analyzeText(file, k, before), kind)
          .map((x) => (x === oldKey ? newKey : x))
          .sort();
        const na = names(analyzeText(file, k, after), kind);
        if (JSON.stringify(nb) !== JSON.stringify(na))
          fail(
            `${rel(file)}: names after the rename are not the names before with "${oldKey}" → "${newKey}"\n      expected: ${JSON.stringify(nb)}\n      actual:   ${JSON.stringify(na)}`,
          );
      }
    }
    // Nothing missed: no clean file of the project (ignored files are not part of it) still uses the old name.
    if (project && !ignoredFiles(session, project).has(target.file)) {
      const ignored = ignoredFiles(session, project);
      for (const file of session.workspaceFiles()) {
        if (!file.startsWith(`${project}/`) || ignored.has(file)) continue;
        const k = fileKindOf(file);
        const text = edited.get(file) ?? session.viewText(file);
        if (!k || k === 'config' || text === undefined || yamlErrors(session.viewText(file) ?? '').length) continue;
        if (kind === 'id' && k !== 'playbook') continue;
        const left = names(analyzeText(file, k, text), kind).filter((x) => x === oldKey).length;
        if (left) fail(`${rel(file)} still uses "${oldKey}" ${left} time(s) after the rename`);
      }
    }
  }
  return report;
}

function checkEdits(text: string, edits: TextEdit[], kind: 'term' | 'id', oldKey: string, fail: (m: string) => void): void {
  const starts = lineStarts(text);
  const spans = edits.map((e) => {
    for (const p of [e.range.start, e.range.end]) {
      const lineLength = (p.line + 1 < starts.length ? starts[p.line + 1] - 1 : text.length) - (starts[p.line] ?? 0);
      if (p.line >= starts.length || p.character > lineLength) fail(`edit range ${JSON.stringify(e.range)} is outside the document`);
    }
    return { start: offsetAt(text, e.range.start, starts), end: offsetAt(text, e.range.end, starts), newText: e.newText };
  });
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++)
    if (spans[i].start < spans[i - 1].end) fail(`edits overlap at offsets ${spans[i - 1].start}-${spans[i - 1].end} and ${spans[i].start}-${spans[i].end}`);
  for (const s of spans) {
    const slice = text.slice(s.start, s.end);
    const isRef = text.slice(s.start - 2, s.start) === '[[' && text.slice(s.end, s.end + 2) === ']]';
    const value = isRef ? refInner(slice, text.slice(0, s.start)) : unquote(slice);
    const key = kind === 'id' ? value : termKey(value);
    if (key !== oldKey) fail(`an edit replaces ${JSON.stringify(slice)} (reads as "${key}"), not the name being renamed ("${oldKey}")`);
    if (/#/.test(slice)) fail(`an edit replaces text holding "#": ${JSON.stringify(slice)}`);
  }
}
