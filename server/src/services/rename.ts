/**
 * Rename a term (or alias) everywhere: its vocabulary entry, every `[[…]]`
 * written with that name, and every see-also naming it. Other aliases and
 * their uses stay as they are. Ids rename the same way (definition and
 * see-also entries). Each edit replaces only the name itself, written in the
 * style of the scalar around it, so the rest of every file stays byte-for-byte.
 */
import { yamlScalar } from '../core/fixes';
import type { FileAnalysis } from '../core/model/model';
import { termKey } from '../core/model/terms';
import type { Location, Position, TextEdit, TextSpan } from '../core/types';
import type { ServiceContext } from './context';
import { targetAt } from './facts';
import { byPlace } from './navigation';
import { ServiceError, type PrepareRenameResult } from './types';
import { scalarStyleAt } from './yaml-path';

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** What a rename at a position would rename, or a refusal: prepareRename and rename agree by asking this. */
type RenameSubject = { kind: 'term'; key: string; name: string; span: TextSpan } | { kind: 'id'; id: string; span: TextSpan };

const NOTHING_HERE = 'Nothing to rename here: put the cursor on a [[term]], a term or alias, or an id';
const notATerm = (name: string) => `"${name}" is not defined in any vocabulary in scope, so there is nothing to rename`;
const notAnId = (id: string) => `No tactic or stage has the id "${id}", so there is nothing to rename`;

function renameSubject(ctx: ServiceContext, file: FileAnalysis, position: Position): RenameSubject | undefined {
  const target = targetAt(file, file.lines.offset(position));
  if (!target) return undefined;
  if (target.kind === 'id' || target.kind === 'seeAlsoId') {
    if (!ctx.index.ids().get(target.id)?.length) throw new ServiceError(notAnId(target.id));
    return { kind: 'id', id: target.id, span: target.span };
  }
  const { key, name } = target.kind === 'termRef' ? target.ref : target;
  if (!ctx.index.lookupTerm(key)) throw new ServiceError(notATerm(name));
  // A [[…]] use: the name inside the brackets.
  const span = target.kind === 'termRef' ? { start: target.span.start + 2, end: target.span.end - 2 } : target.span;
  return { kind: 'term', key, name, span };
}

export function prepareRename(ctx: ServiceContext, file: FileAnalysis, position: Position): PrepareRenameResult | undefined {
  const subject = renameSubject(ctx, file, position);
  if (!subject) return undefined;
  return { range: file.lines.range(subject.span), placeholder: subject.kind === 'id' ? subject.id : subject.name };
}

export function rename(ctx: ServiceContext, file: FileAnalysis, position: Position, newName: string): TextEdit[] {
  const subject = renameSubject(ctx, file, position);
  if (!subject) throw new ServiceError(NOTHING_HERE);
  return subject.kind === 'id' ? renameId(ctx, subject.id, newName) : renameTerm(ctx, subject.key, newName);
}

function renameTerm(ctx: ServiceContext, key: string, rawName: string): TextEdit[] {
  const name = rawName.replace(/\s+/g, ' ').trim();
  if (!name) throw new ServiceError('A term needs a name');
  if (/[[\]]/.test(name)) throw new ServiceError('A term name cannot contain "[" or "]"');
  const entry = ctx.index.lookupTerm(key)!; // checked by renameSubject
  const clash = ctx.index.lookupTerm(termKey(name));
  if (clash && clash.key !== entry.key) {
    throw new ServiceError(`"${name}" is already defined${clash.isAlias ? ` as an alias of "${clash.term}"` : ' as a term'}; pick another name`);
  }
  const edits: TextEdit[] = [];
  // Definitions of this exact name (the term or the alias), duplicates included.
  for (const def of ctx.index.terms().get(entry.key) ?? []) edits.push(scalarEdit(ctx, def.location, name));
  // [[…]] uses written with this name.
  for (const f of ctx.allExports()) {
    for (const use of f.termUses) if (use.key === entry.key) edits.push(refEdit(ctx, use.location, name));
  }
  for (const [, facts] of ctx.facts()) {
    for (const s of facts.seeAlso) if (s.target === 'term' && s.key === entry.key) edits.push(scalarEdit(ctx, s.location, name));
  }
  return sortEdits(edits);
}

function renameId(ctx: ServiceContext, id: string, newId: string): TextEdit[] {
  const next = newId.trim();
  if (!ID_PATTERN.test(next)) throw new ServiceError(`"${next}" is not a kebab-case id (lowercase words joined by hyphens, like "first-call")`);
  const defs = ctx.index.ids().get(id) ?? []; // not empty: checked by renameSubject
  if (next !== id && ctx.index.ids().has(next)) throw new ServiceError(`The id "${next}" is already used; ids are unique across the project`);
  const edits: TextEdit[] = defs.map((d) => scalarEdit(ctx, d.location, next));
  for (const [, facts] of ctx.facts()) for (const s of facts.seeAlso) if (s.target === 'id' && s.key === id) edits.push(scalarEdit(ctx, s.location, next));
  return sortEdits(edits);
}

function textOf(ctx: ServiceContext, path: string): FileAnalysis {
  const analysis = ctx.analysis(path);
  if (!analysis) throw new ServiceError(`Cannot read ${path}; the rename needs every file it changes`);
  return analysis;
}

/** Replaces a whole scalar (a name, an alias, an id, a see-also entry), keeping its quoting style. */
function scalarEdit(ctx: ServiceContext, location: Location, value: string): TextEdit {
  const a = textOf(ctx, location.path);
  let start = a.lines.offset(location.range.start);
  let end = a.lines.offset(location.range.end);
  const q = a.text[start - 1];
  if ((q === '"' || q === "'") && a.text[end] === q) {
    start--;
    end++;
  }
  const first = a.text[start];
  let newText: string;
  if (first === '"') newText = JSON.stringify(value);
  else if (first === "'") newText = `'${value.replace(/'/g, "''")}'`;
  else newText = inFlow(a.text, start) && /[,{}[\]]/.test(value) ? JSON.stringify(value) : yamlScalar(value);
  return { path: a.path, range: a.lines.range({ start, end }), newText };
}

/** Replaces the name inside `[[…]]`, escaped for the scalar it sits in. */
function refEdit(ctx: ServiceContext, location: Location, name: string): TextEdit {
  const a = textOf(ctx, location.path);
  const span: TextSpan = { start: a.lines.offset(location.range.start), end: a.lines.offset(location.range.end) };
  if (a.text.slice(span.start, span.start + 2) !== '[[' || a.text.slice(span.end - 2, span.end) !== ']]') {
    throw new ServiceError(`${location.path} changed since it was indexed; save your files and try again`);
  }
  const inner = { start: span.start + 2, end: span.end - 2 };
  const style = scalarStyleAt(a, span) ?? 'plain';
  let text = name;
  if (style === 'double') text = JSON.stringify(name).slice(1, -1);
  else if (style === 'single') text = name.replace(/'/g, "''");
  else if (style === 'plain' && /:(\s|$)|\s#/.test(name)) {
    throw new ServiceError(
      `"${name}" cannot be written inside the unquoted text at ${location.path}:${location.range.start.line + 1} (": " and " #" end plain YAML text); quote that text first or pick another name`,
    );
  }
  return { path: a.path, range: a.lines.range(inner), newText: text };
}

/** Whether an offset sits inside a flow collection (`[a, b]`) on its line, where , [ ] { } end a plain scalar. */
function inFlow(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let depth = 0;
  for (const c of before) {
    if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return depth > 0;
}

function sortEdits(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits
    .filter((e) => {
      const k = `${e.path}:${e.range.start.line}:${e.range.start.character}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => byPlace(a, b));
}
