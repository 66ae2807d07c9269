/**
 * Completion: after `[[` every term and alias (documented with its
 * definition); in a `see-also` list the known ids (playbooks) or terms
 * (vocabularies); on a key line the keys the mapping still lacks (from the
 * schema, with snippet and plain forms); severities for a config's rules.
 */
import type { FileAnalysis } from '../core/model/model';
import type { IdEntry } from '../core/project/exports';
import type { Position, Range } from '../core/types';
import type { ServiceContext } from './context';
import { describeTerm } from './hover';
import { mdText } from './markdown';
import { enumAt, fieldsAt, type FieldInfo } from './schema-docs';
import type { CompletionEntry, CompletionResult } from './types';
import { blockContextAt, splitLines } from './yaml-path';

/**
 * @param trigger the character that triggered completion, if any: a space or a comma only ever
 *   continues a list (see-also) or a value, so keys are not offered then (indenting would pop them up).
 */
export function complete(ctx: ServiceContext, file: FileAnalysis, position: Position, trigger?: string): CompletionResult {
  const empty: CompletionResult = { items: [], isIncomplete: false };
  const lineStart = file.lines.lineStart(position.line);
  const lineEndOffset = position.line + 1 < file.lines.lineCount ? file.lines.lineStart(position.line + 1) : file.text.length;
  const lineText = file.text.slice(lineStart, lineEndOffset).replace(/\r?\n$|\r$/, '');
  const col = Math.min(position.character, lineText.length);
  const before = lineText.slice(0, col);
  const after = lineText.slice(col);
  const at = (from: number, to: number): Range => ({ start: { line: position.line, character: from }, end: { line: position.line, character: to } });

  // 1. `[[` … : terms.
  const ref = /\[\[([^[\]]*)$/.exec(before);
  if (ref && file.kind !== 'config') {
    const closing = /^([^[\]]*?)\]\]/.exec(after);
    const range = at(col - ref[1].length, closing ? col + closing[0].length : col + (/^[^\s[\]]*/.exec(after)?.[0].length ?? 0));
    return { items: termItems(ctx, range, ref[1]), isIncomplete: false };
  }

  const lines = splitLines(file.text);

  // 2. see-also entries.
  const flow = /^(\s*)((?:-\s+)*)see-also\s*:\s*\[([^\]]*)$/.exec(before);
  const scalar = /^(\s*)((?:-\s+)*)see-also\s*:\s+([\w .-]*)$/.exec(before);
  const item = /^(\s*)-\s+([\w .-]*)$/.exec(before);
  let seeAlsoPartial: string | undefined;
  let present = new Set<string>();
  if (flow) {
    const parts = flow[3].split(',');
    seeAlsoPartial = parts[parts.length - 1].replace(/^\s+/, '');
    present = new Set(parts.slice(0, -1).map((p) => p.trim()));
  } else if (scalar && !after.trim()) {
    seeAlsoPartial = scalar[3];
  } else if (item && /^[\w .-]*\s*$/.test(after)) {
    const context = blockContextAt(lines, position.line, item[0].length - item[2].length, true, [item[1].length]);
    if (context && context.path[context.path.length - 2] === 'see-also') seeAlsoPartial = item[2];
  }
  if (seeAlsoPartial !== undefined && file.kind !== 'config') {
    const wordAfter = /^[^,\]\s#]*/.exec(after)?.[0].length ?? 0;
    const range = at(col - seeAlsoPartial.length, col + wordAfter);
    if (file.kind === 'playbook') return idItems(ctx, range, present, seeAlsoPartial);
    return { items: termItems(ctx, range, seeAlsoPartial, present, true), isIncomplete: false };
  }

  // 3. A value with a fixed set of choices (a rule's severity in the config).
  if (trigger === '[' || trigger === ',') return empty;
  const keyValue = /^(\s*)((?:-\s+)*)([\w-]+)\s*:\s+([\w-]*)$/.exec(before);
  if (keyValue && /^[\w-]*\s*(#.*)?$/.test(after)) {
    const indent = keyValue[1].length + keyValue[2].length;
    const dashes = dashColumns(keyValue[1].length, keyValue[2]);
    const context = blockContextAt(lines, position.line, indent, dashes.length > 0, dashes);
    const values = context && enumAt(file.kind, [...context.path, keyValue[3]]);
    if (values) {
      const range = at(col - keyValue[4].length, col + (/^[\w-]*/.exec(after)?.[0].length ?? 0));
      return { items: values.map((v, i) => ({ label: v, kind: 'value', range, insertText: v, sortText: String(i) })), isIncomplete: false };
    }
    return empty;
  }

  // 4. Keys the mapping still lacks.
  if (trigger !== undefined) return empty;
  const keyLine = /^(\s*)((?:-\s+)*)([\w-]*)$/.exec(before);
  if (keyLine && /^[\w-]*\s*$/.test(after)) {
    const content = keyLine[1].length + keyLine[2].length;
    const dashes = dashColumns(keyLine[1].length, keyLine[2]);
    const context = blockContextAt(lines, position.line, content, dashes.length > 0, dashes);
    if (!context) return empty;
    const fields = fieldsAt(file.kind, context.path);
    if (!fields) return empty;
    const range = at(col - keyLine[3].length, col + (/^[\w-]*/.exec(after)?.[0].length ?? 0));
    const items = fields.filter((f) => !context.siblings.has(f.key)).map((f, i) => keyItem(f, i, range));
    return { items, isIncomplete: false };
  }
  return empty;
}

function dashColumns(indent: number, dashes: string): number[] {
  const out: number[] = [];
  let c = indent;
  for (const m of dashes.matchAll(/-\s+/g)) {
    out.push(c);
    c += m[0].length;
  }
  return out;
}

type TermTable = ReturnType<ServiceContext['index']['terms']>;

/**
 * Term items without their range, built once per term table: the index builds a new table
 * whenever a vocabulary changes, so the table itself is the version. (Building the markdown
 * of every term on every keystroke after `[[` was most of a completion's time.)
 */
const termItemCache = new WeakMap<TermTable, Omit<CompletionEntry, 'range' | 'insertText'>[]>();

function termItems(ctx: ServiceContext, range: Range, _partial: string, exclude = new Set<string>(), termsOnly = false): CompletionEntry[] {
  const table = ctx.index.terms();
  let base = termItemCache.get(table);
  if (!base) {
    base = [];
    for (const list of table.values()) {
      const entry = list[0];
      const main = ctx.index.lookupTerm(entry.termKey) ?? entry;
      const firstSentence = main.definition?.replace(/\s+/g, ' ').trim();
      base.push({
        label: entry.name,
        kind: entry.isAlias ? 'alias' : 'term',
        detail: entry.isAlias ? `alias of ${main.term}` : firstSentence && firstSentence.length > 80 ? `${firstSentence.slice(0, 77)}…` : firstSentence,
        documentation: describeTerm(ctx, entry),
        // No filterText: editors filter by the label when there is none, and it is the label.
        sortText: `${entry.isAlias ? 1 : 0}${entry.name.toLowerCase()}`,
      });
    }
    termItemCache.set(table, base);
  }
  const items: CompletionEntry[] = [];
  for (const item of base) {
    if (termsOnly && item.kind === 'alias') continue;
    if (exclude.size && exclude.has(item.label)) continue;
    const { label, kind, detail, documentation, sortText } = item;
    items.push({ label, kind, detail, documentation, sortText, range, insertText: termsOnly ? label : `${label}]]` });
  }
  return items;
}

/** Past this many ids, see-also completion lists the best matches of what is typed and asks the editor to ask again. */
export const MAX_ID_ITEMS = 1000;

/** Whether the letters of `query` appear in `name` in order (what editors' fuzzy filters accept). */
function subsequence(name: string, query: string): boolean {
  let i = 0;
  for (let j = 0; j < name.length && i < query.length; j++) if (name[j] === query[i]) i++;
  return i === query.length;
}

function idItems(ctx: ServiceContext, range: Range, exclude: Set<string>, partial: string): CompletionResult {
  const ids = ctx.index.ids();
  let chosen: Iterable<[string, IdEntry[]]> = ids;
  let isIncomplete = false;
  if (ids.size - exclude.size > MAX_ID_ITEMS) {
    // A big project (tens of thousands of ids): the whole list would be megabytes on every keystroke.
    // Send the best matches (prefix, then containing, then in-order letters; tactics first); the
    // editor sorts them (sortText) and asks again as the user types (isIncomplete).
    const q = partial.trim().toLowerCase();
    const buckets: [string, IdEntry[]][][] = [[], [], [], [], [], []];
    for (const [id, list] of ids) {
      if (exclude.has(id)) continue;
      const lower = id.toLowerCase();
      const rank = lower.startsWith(q) ? 0 : lower.includes(q) ? 2 : subsequence(lower, q) ? 4 : -1;
      if (rank < 0) continue;
      const bucket = buckets[rank + (list[0].kind === 'tactic' ? 0 : 1)];
      if (bucket.length < MAX_ID_ITEMS) bucket.push([id, list]);
      else isIncomplete = true;
      if (buckets[0].length >= MAX_ID_ITEMS) {
        isIncomplete = true;
        break;
      }
    }
    const picked = buckets.flat();
    if (picked.length > MAX_ID_ITEMS) isIncomplete = true;
    chosen = picked.slice(0, MAX_ID_ITEMS);
  }
  const items: CompletionEntry[] = [];
  for (const [id, list] of chosen) {
    if (exclude.has(id)) continue;
    const entry = list[0];
    items.push({
      label: id,
      kind: entry.kind,
      detail: entry.label ? `${entry.kind}: ${entry.label.replace(/\s+/g, ' ').trim()}` : entry.kind,
      documentation: entry.label ? mdText(entry.label) : undefined,
      range,
      insertText: id,
      sortText: `${entry.kind === 'tactic' ? 0 : 1}${id}`,
    });
  }
  return { items, isIncomplete };
}

function keyItem(field: FieldInfo, order: number, range: Range): CompletionEntry {
  const types = field.types;
  const isString = types.length === 1 && types[0] === 'string';
  let snippet: string;
  let plain: string;
  if (isString) {
    snippet = `${field.key}: $1`;
    plain = `${field.key}: `;
  } else if (types.includes('array') && (field.itemsAreObjects || types.includes('string'))) {
    // Lists of mappings (stages, tactics, terms) and string-or-list fields (deviate-when) read best as block lists.
    snippet = `${field.key}:\n  - $1`;
    plain = `${field.key}:`;
  } else if (types.includes('array')) {
    snippet = `${field.key}: [$1]`;
    plain = `${field.key}: `;
  } else if (types.includes('object')) {
    snippet = `${field.key}:\n  $1`;
    plain = `${field.key}:`;
  } else {
    snippet = `${field.key}: $1`;
    plain = `${field.key}: `;
  }
  return {
    label: field.key,
    kind: 'key',
    detail: field.required ? 'required' : 'optional',
    documentation: field.description,
    range,
    insertText: plain,
    snippet,
    sortText: `${field.required ? 0 : 1}${String(order).padStart(3, '0')}`,
  };
}
