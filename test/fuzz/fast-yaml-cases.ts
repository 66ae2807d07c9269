/**
 * Inputs for the fast YAML path's differential tests (fast-yaml-differential.ts): the real
 * files (samples/**, test/rules/fixtures/**, and bench/corpus/200/** when generated), and
 * random variants of them. The variants combine the core fuzzer's damage (mutations.ts:
 * deleted, duplicated or swapped lines, indentation, quotes, CRLF, tabs, random characters…)
 * with edits aimed at the fast path's own decisions, most of which keep the YAML valid so
 * that the fast path accepts the result and the comparison runs: comment and blank lines at
 * every indentation (where yaml attaches them moves node ranges), trailing comments and
 * spaces, values moved onto their own line, quoting, folding a value over several lines,
 * block scalar headers, flow sequence spellings, a sequence dedented to its key's column,
 * re-indented blocks, empty values, special plain scalars, `---` and directives, and the
 * end of the input (no final line break, trailing spaces or comments).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fileKindOf } from '../../server/src/core/file-kind';
import type { FileKind } from '../../server/src/core/types';
import { applyMutations, fuzzCaseArbitrary, walkFiles, type FuzzCase } from './mutations';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface Source {
  /** Path relative to the repository, forward slashes. */
  rel: string;
  kind: FileKind;
  text: string;
}

/**
 * Every playbook, vocabulary and config file under the given folders of the repository
 * (missing folders are skipped). `limitPerRoot` keeps the first N files of each folder.
 */
export function loadSources(roots: readonly string[] = ['samples', 'test/rules/fixtures', 'bench/corpus/200'], limitPerRoot = Infinity): Source[] {
  const out: Source[] = [];
  for (const root of roots) {
    const dir = path.join(REPO_ROOT, root);
    if (!existsSync(dir)) continue;
    let n = 0;
    for (const full of walkFiles(dir)) {
      const kind = fileKindOf(full);
      if (!kind) continue;
      if (n++ >= limitPerRoot) break;
      out.push({ rel: path.relative(REPO_ROOT, full).split(path.sep).join('/'), kind, text: readFileSync(full, 'utf8') });
    }
  }
  return out;
}

export type FastMutation =
  | { op: 'commentLine'; line: number; indent: number; text: string }
  | { op: 'blankLine'; line: number; spaces: number }
  | { op: 'trailingComment'; line: number; spaces: number }
  | { op: 'trailingSpaces'; line: number; spaces: number }
  | { op: 'valueNextLine'; index: number; extra: number }
  | { op: 'quote'; index: number; style: 'single' | 'double' | 'doubleEscapes' }
  | { op: 'fold'; index: number; at: number; extra: number; blank: boolean }
  | { op: 'blockHeader'; index: number; header: string }
  | { op: 'toBlock'; index: number; header: string }
  | { op: 'flow'; index: number; variant: number }
  | { op: 'compactSeq'; index: number }
  | { op: 'reindent'; line: number; delta: number }
  | { op: 'dashSpaces'; index: number; spaces: number }
  | { op: 'emptyValue'; index: number; variant: number }
  | { op: 'specialValue'; index: number; value: string }
  | { op: 'specialKey'; index: number; key: string }
  | { op: 'prefix'; text: string }
  /** The end of the input: final line break removed, then something appended (spaces, a comment, blank lines…). */
  | { op: 'end'; strip: boolean; tail: string };

const COMMENT_TEXTS = ['note', 'playbook-lint-disable-next-line tactic-missing-why', 'playbook-lint-disable', '', 'a: b - c #x', '[[term]] "q"'];
const HEADERS = ['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-', '|+ # keep', '> # folded', '|#bad', '>x'];
const SPECIAL_VALUES = [
  'true',
  'False',
  'TRUE',
  'null',
  'Null',
  '~',
  '0',
  '12',
  '-7',
  '+3',
  '0x1F',
  '0o17',
  '1e3',
  '-.5',
  '1.',
  '.inf',
  '-.Inf',
  '.NaN',
  '1_000',
  '2024-01-01',
  'yes',
  'no',
  'on',
  '0b101',
  '1:2',
  'a:b',
  'http://x.y/z',
  '@at',
  '`tick',
  '%pct',
  ',comma',
  '|pipe',
  '>gt',
  '-dash',
  '?q',
  '-',
  '- x',
  '? x',
  ': x',
  "'it''s'",
  "''",
  '""',
  '"a\\tb"',
  '"\\x41\\u00e9\\U0001F600"',
  '"bad \\q"',
  '"a\\\n  b"',
  "'unterminated",
  '"unterminated',
  '"a" trailing',
  "'a'#c",
  '"a"  # ok',
  '&anchor x',
  '*alias',
  '!!str x',
  '!tag x',
  '{a: 1}',
  '{}',
  '[]',
  '[a, {b: c}]',
  '[a,, b]',
  '[, a]',
  '[a,]',
  '[a: b]',
  '[a]b',
  'x #c',
  'x#c',
  'a: b',
  '"a": b',
  '\u00e9t\u00e9',
  '😀',
  '\u2028',
  '\u0085',
  '\u00a0x',
  'x\u00a0',
  '[[economic buyer]]',
  '[[ broken',
  'key:value',
  '...',
  '---',
  '# only comment',
  '\\back',
];
const SPECIAL_KEYS = [
  'true',
  'null',
  '1',
  '~',
  '__proto__',
  '<<',
  'constructor',
  'toString',
  'a b',
  'a:b',
  '-a',
  '"q"',
  "'q'",
  '? q',
  'x #',
  '[a]',
  '{a}',
  '&a k',
  '!t k',
  'k '.repeat(600),
];
const TAILS = ['', '  ', ' # end', '\n', '\n\n', '\n  ', '\n  # c', '\n# c', '\n    # c', '\n        # deep', '   \n'];
const PREFIXES = ['---\n', '--- # doc\n', '\n\n---\n', '# head\n---\n', '---\n# c\n\n', '...\n', '%YAML 1.2\n---\n', '--- \n', '---\n---\n', '  \n', '# c\n\n'];

const fastMutation: fc.Arbitrary<FastMutation> = fc.oneof(
  fc.record({
    op: fc.constant('commentLine' as const),
    line: fc.nat(),
    indent: fc.oneof(fc.integer({ min: 0, max: 14 }), fc.constant(0)),
    text: fc.constantFrom(...COMMENT_TEXTS),
  }),
  fc.record({ op: fc.constant('blankLine' as const), line: fc.nat(), spaces: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('trailingComment' as const), line: fc.nat(), spaces: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('trailingSpaces' as const), line: fc.nat(), spaces: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('valueNextLine' as const), index: fc.nat(), extra: fc.integer({ min: -1, max: 4 }) }),
  fc.record({ op: fc.constant('quote' as const), index: fc.nat(), style: fc.constantFrom('single' as const, 'double' as const, 'doubleEscapes' as const) }),
  fc.record({ op: fc.constant('fold' as const), index: fc.nat(), at: fc.nat(), extra: fc.integer({ min: -2, max: 4 }), blank: fc.boolean() }),
  fc.record({ op: fc.constant('blockHeader' as const), index: fc.nat(), header: fc.constantFrom(...HEADERS) }),
  fc.record({ op: fc.constant('toBlock' as const), index: fc.nat(), header: fc.constantFrom(...HEADERS) }),
  fc.record({ op: fc.constant('flow' as const), index: fc.nat(), variant: fc.nat({ max: 11 }) }),
  fc.record({ op: fc.constant('compactSeq' as const), index: fc.nat() }),
  fc.record({ op: fc.constant('reindent' as const), line: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('dashSpaces' as const), index: fc.nat(), spaces: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('emptyValue' as const), index: fc.nat(), variant: fc.nat({ max: 6 }) }),
  fc.record({ op: fc.constant('specialValue' as const), index: fc.nat(), value: fc.constantFrom(...SPECIAL_VALUES) }),
  fc.record({ op: fc.constant('specialKey' as const), index: fc.nat(), key: fc.constantFrom(...SPECIAL_KEYS) }),
  fc.record({ op: fc.constant('prefix' as const), text: fc.constantFrom(...PREFIXES) }),
  fc.record({ op: fc.constant('end' as const), strip: fc.boolean(), tail: fc.constantFrom(...TAILS) }),
);

export interface FastCase {
  source: string;
  /** The core fuzzer's damage (mutations.ts), applied first; often none. */
  damage?: FuzzCase['mutations'];
  edits: FastMutation[];
}

/** A source, sometimes damaged by the core fuzzer's mutations, then 1–5 fast-path edits. */
export function fastCaseArbitrary(sources: readonly Source[]): fc.Arbitrary<FastCase> {
  const rels = sources.map((s) => s.rel);
  return fc
    .record({
      source: fc.constantFrom(...rels),
      damage: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fuzzCaseArbitrary().map((c) => c.mutations) }),
      edits: fc.array(fastMutation, { minLength: 1, maxLength: 5 }),
    })
    .map(({ source, damage, edits }) => (damage ? { source, damage, edits } : { source, edits }));
}

export function materializeFast(c: FastCase, sources: ReadonlyMap<string, Source>): { kind: FileKind; text: string } {
  const s = sources.get(c.source);
  if (!s) throw new Error(`unknown source ${c.source}`);
  let text = c.damage ? applyMutations(s.text, c.damage) : s.text;
  for (const m of c.edits) text = applyFastMutation(text, m);
  return { kind: s.kind, text };
}

// ---------------------------------------------------------------------------------------------

/** Lines with their terminators. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function body(line: string): { body: string; eol: string } {
  return line.endsWith('\n') ? { body: line.slice(0, -1), eol: '\n' } : { body: line, eol: '' };
}

function indentOf(s: string): number {
  return /^ */.exec(s)![0].length;
}

/** Lines that hold `key: value` (with an optional leading `- `); the n-th of them, cyclically. */
const KEY_VALUE = /^(\s*(?:- +)?)([A-Za-z][\w-]*):( +)(\S.*)$/;
const KEY_ONLY = /^(\s*(?:- +)?)([A-Za-z][\w-]*):\s*$/;

function nth(ls: string[], re: RegExp, n: number): number | undefined {
  const found: number[] = [];
  for (let i = 0; i < ls.length; i++) if (re.test(body(ls[i]).body)) found.push(i);
  return found.length ? found[n % found.length] : undefined;
}

/** The lines after `i` that belong to its block: blank, or indented more than `indent`. */
function blockEndAfter(ls: string[], i: number, indent: number): number {
  let j = i + 1;
  while (j < ls.length) {
    const b = body(ls[j]).body;
    if (b.trim() !== '' && indentOf(b) <= indent) break;
    j++;
  }
  return j;
}

function ensureEol(ls: string[]): void {
  if (ls.length && !ls[ls.length - 1].endsWith('\n')) ls[ls.length - 1] += '\n';
}

export function applyFastMutation(text: string, m: FastMutation): string {
  const ls = lines(text);
  const n = ls.length || 1;
  switch (m.op) {
    case 'commentLine': {
      const i = m.line % (ls.length + 1);
      ensureEol(ls);
      ls.splice(i, 0, `${' '.repeat(m.indent)}#${m.text ? ` ${m.text}` : ''}\n`);
      return ls.join('');
    }
    case 'blankLine': {
      const i = m.line % (ls.length + 1);
      ensureEol(ls);
      ls.splice(i, 0, `${' '.repeat(m.spaces)}\n`);
      return ls.join('');
    }
    case 'trailingComment':
    case 'trailingSpaces': {
      if (!ls.length) return text;
      const i = m.line % n;
      const { body: b, eol } = body(ls[i]);
      if (b.trim() === '') return text;
      ls[i] = b + ' '.repeat(m.spaces) + (m.op === 'trailingComment' ? '# trailing' : '') + eol;
      return ls.join('');
    }
    case 'valueNextLine': {
      const i = nth(ls, KEY_VALUE, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const [, lead, key, , value] = KEY_VALUE.exec(b)!;
      const col = lead.length;
      ls[i] = `${lead}${key}:\n${' '.repeat(Math.max(0, col + 2 + m.extra))}${value}${eol}`;
      return ls.join('');
    }
    case 'quote': {
      const i = nth(ls, KEY_VALUE, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const [, lead, key, sp, value] = KEY_VALUE.exec(b)!;
      if (/^['"|>[{&*!]/.test(value)) return text;
      const q =
        m.style === 'single'
          ? `'${value.replace(/'/g, "''")}'`
          : m.style === 'double'
            ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
            : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/e/, '\\u0065').replace(/ /, '\\t')}"`;
      ls[i] = `${lead}${key}:${sp}${q}${eol}`;
      return ls.join('');
    }
    case 'fold': {
      // Break a value (plain or quoted) over two lines at a space, the rest indented by key column + 2 + extra.
      const i = nth(ls, KEY_VALUE, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const [, lead, key, sp, value] = KEY_VALUE.exec(b)!;
      const spaces = [...value.matchAll(/ /g)].map((x) => x.index!);
      if (!spaces.length) return text;
      const at = spaces[m.at % spaces.length];
      const indent = ' '.repeat(Math.max(0, lead.length + 2 + m.extra));
      ls[i] = `${lead}${key}:${sp}${value.slice(0, at)}\n${m.blank ? '\n' : ''}${indent}${value.slice(at + 1)}${eol}`;
      return ls.join('');
    }
    case 'blockHeader': {
      const i = nth(ls, /:\s+[|>][-+0-9]*\s*(#.*)?$/, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      ls[i] = b.replace(/([|>][-+0-9]*)(\s*(#.*)?)$/, m.header) + eol;
      return ls.join('');
    }
    case 'toBlock': {
      const i = nth(ls, KEY_VALUE, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const [, lead, key, sp, value] = KEY_VALUE.exec(b)!;
      if (/^['"|>[{&*!#]/.test(value)) return text;
      ls[i] = `${lead}${key}:${sp}${m.header}\n${' '.repeat(lead.length + 2)}${value}${eol}`;
      return ls.join('');
    }
    case 'flow': {
      const i = nth(ls, /:\s+\[.*\]\s*$/, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const open = b.indexOf('[');
      const items = b
        .slice(open + 1, b.lastIndexOf(']'))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const variants = [
        `[ ${items.join(', ')} ]`,
        `[${items.join(' ,')}]`,
        '[]',
        '[ ]',
        `[${items.join(', ')},]`,
        `[${items.map((s) => `'${s}'`).join(', ')}]`,
        `[${items.map((s) => `"${s}"`).join(',')}]`,
        `[${items.join(', ')}]  # flow`,
        `[${items.join(',\n  ')}]`,
        `[${items.join(', ')}, [nested]]`,
        `[${items.join(', ')}]x`,
        `[  ${items.join('  ,  ')}  ]   `,
      ];
      ls[i] = b.slice(0, open) + variants[m.variant % variants.length] + eol;
      return ls.join('');
    }
    case 'compactSeq': {
      // `key:` followed by a deeper `- ` list: move the list (and its lines) to the key's column.
      const keyLines: number[] = [];
      for (let i = 0; i + 1 < ls.length; i++) {
        const b = body(ls[i]).body;
        const next = body(ls[i + 1]).body;
        if (KEY_ONLY.test(b) && /^\s*- /.test(next) && indentOf(next) > KEY_ONLY.exec(b)![1].length) keyLines.push(i);
      }
      if (!keyLines.length) return text;
      const i = keyLines[m.index % keyLines.length];
      const col = KEY_ONLY.exec(body(ls[i]).body)![1].length;
      const dashCol = indentOf(ls[i + 1]);
      const end = blockEndAfter(ls, i, col);
      const shift = dashCol - col;
      for (let j = i + 1; j < end; j++) {
        const { body: b, eol } = body(ls[j]);
        ls[j] = b.slice(Math.min(shift, indentOf(b))) + eol;
      }
      return ls.join('');
    }
    case 'reindent': {
      if (!ls.length) return text;
      const i = m.line % n;
      const { body: b } = body(ls[i]);
      const ind = indentOf(b);
      const end = blockEndAfter(ls, i, ind);
      for (let j = i; j < end; j++) {
        const x = body(ls[j]);
        if (x.body.trim() === '') continue;
        ls[j] = (m.delta >= 0 ? ' '.repeat(m.delta) + x.body : x.body.slice(Math.min(-m.delta, indentOf(x.body)))) + x.eol;
      }
      return ls.join('');
    }
    case 'dashSpaces': {
      // `- key` → `-   key`, and the item's other lines moved along.
      const i = nth(ls, /^\s*- \S/, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const dash = indentOf(b);
      const end = blockEndAfter(ls, i, dash);
      ls[i] = `${b.slice(0, dash)}-${' '.repeat(m.spaces)}${b.slice(dash + 2)}${eol}`;
      for (let j = i + 1; j < end; j++) {
        const x = body(ls[j]);
        if (x.body.trim() !== '') ls[j] = ' '.repeat(m.spaces - 1) + x.body + x.eol;
      }
      return ls.join('');
    }
    case 'emptyValue': {
      const i = nth(ls, KEY_VALUE, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const [, lead, key] = KEY_VALUE.exec(b)!;
      const end = blockEndAfter(ls, i, lead.length);
      const tails = ['', ' ', '   ', ' # empty', ' null', ' ~', " ''"];
      ls.splice(i, end - i, `${lead}${key}:${tails[m.variant % tails.length]}${eol || (end < ls.length ? '\n' : '')}`);
      return ls.join('');
    }
    case 'specialValue': {
      const i = nth(ls, KEY_VALUE, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      const [, lead, key, sp] = KEY_VALUE.exec(b)!;
      const end = blockEndAfter(ls, i, lead.length);
      ls.splice(i, end - i, `${lead}${key}:${sp}${m.value}${eol || (end < ls.length ? '\n' : '')}`);
      return ls.join('');
    }
    case 'specialKey': {
      const i = nth(ls, /^(\s*(?:- +)?)([A-Za-z][\w-]*):/, m.index);
      if (i === undefined) return text;
      const { body: b, eol } = body(ls[i]);
      ls[i] = b.replace(/^(\s*(?:- +)?)([A-Za-z][\w-]*):/, (_, lead: string) => `${lead}${m.key}:`) + eol;
      return ls.join('');
    }
    case 'prefix':
      return m.text + text;
    case 'end':
      return (m.strip ? text.replace(/\n+$/, '') : text) + m.tail;
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Small random documents from a grammar of what the fast path accepts, with deliberate slips:
 * nested mappings and sequences (sequences sometimes at their key's column, `-` followed by
 * 1–3 spaces), every scalar style, flow sequences, empty values, comment and blank lines at
 * random columns between any two lines, trailing comments and spaces, odd indentation now and
 * then, and every way of ending the input. Dense in exactly the decisions the fast path makes.
 */
export const smallDocument: fc.Arbitrary<string> = fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => {
  let state = seed;
  const rnd = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
  const WORDS = ['id', 'why', 'name', 'see-also', 'tactic', 'goal', 'a', 'b', 'c', 'x y', 'deviate-when'];
  const PLAIN = ['text', 'two words', 'x: y z', 'a:b', 'with [[term]]', '1', 'true', 'null', '~', '-x', '3.5', 'é', '"', "it's", 'a # b'];
  const out: string[] = [];
  // After an empty value (`key:`) a comment line makes the fast path decline; keep most of those blank.
  let afterEmpty = false;
  const maybeFiller = (indent: number): void => {
    while (rnd(5) === 0) {
      const col = pick([0, indent, indent + 1, indent + 2, indent + 4, Math.max(0, indent - 1), Math.max(0, indent - 2)]);
      const blank = rnd(3) === 0 || (afterEmpty && rnd(8) !== 0);
      out.push(blank ? ' '.repeat(rnd(4) === 0 ? col : 0) : `${' '.repeat(col)}#${rnd(2) ? ' c' : ''}`);
    }
    afterEmpty = false;
  };
  const tail = (): string => (rnd(8) === 0 ? '  # t' : rnd(10) === 0 ? '  ' : '');
  const scalar = (indent: number): string[] => {
    switch (rnd(9)) {
      case 0:
        return [`'${pick(PLAIN).replace(/'/g, "''")}'${tail()}`];
      case 1:
        return [`"${pick(PLAIN).replace(/"/g, '\\"')}${rnd(3) ? '' : '\\t\\u00e9'}"${tail()}`];
      case 2: {
        const header = pick(['|', '>', '|-', '>-', '|+', '>+', '> # h']);
        const ind = ' '.repeat(indent + pick([1, 2, 2, 3]));
        const lines = Array.from({ length: 1 + rnd(3) }, () => (rnd(5) === 0 ? '' : `${ind}${rnd(4) === 0 ? '  ' : ''}${pick(PLAIN)}`));
        return [header, ...lines];
      }
      case 3:
        return [`[${Array.from({ length: rnd(4) }, () => pick(['a', 'b c', "'q'", '"d"', '1'])).join(pick([', ', ',', ' , ']))}]${tail()}`];
      case 4:
        return [`${pick(PLAIN)}`, `${' '.repeat(indent + pick([1, 2, 3]))}${pick(PLAIN)}${tail()}`];
      case 5:
        return [`"${pick(PLAIN).replace(/"/g, '\\"')}`, `${' '.repeat(indent + pick([0, 1, 2, 2, 3]))}more"${tail()}`];
      default:
        return [`${pick(PLAIN)}${tail()}`];
    }
  };
  const value = (keyCol: number, depth: number, lead: string): void => {
    const r = rnd(depth > 3 ? 3 : 7);
    if (r === 0) {
      out.push(`${lead}:${pick(['', '', ' ', '  ', ' # e'])}`);
      afterEmpty = true;
    } else if (r <= 2) {
      const [first, ...rest] = scalar(keyCol);
      out.push(`${lead}: ${first}`, ...rest);
    } else if (r <= 4) {
      out.push(`${lead}:${tail()}`);
      map(keyCol + pick([1, 2, 2, 4]), depth + 1);
    } else {
      out.push(`${lead}:${tail()}`);
      seq(keyCol + pick([0, 2, 2, 3]), depth + 1);
    }
  };
  const map = (indent: number, depth: number, firstLead?: string): void => {
    const used = new Set<string>();
    const n = 1 + rnd(4);
    for (let i = 0; i < n; i++) {
      let key = pick(WORDS);
      if (used.has(key) && rnd(6)) key = `${key}${i}`;
      used.add(key);
      if (i > 0) maybeFiller(indent);
      const col = i > 0 && rnd(30) === 0 ? indent + pick([-1, 1]) : indent; // an occasional slip
      value(indent, depth, i === 0 && firstLead !== undefined ? `${firstLead}${key}` : `${' '.repeat(Math.max(0, col))}${key}`);
    }
  };
  const seq = (indent: number, depth: number): void => {
    const n = 1 + rnd(3);
    for (let i = 0; i < n; i++) {
      if (i > 0) maybeFiller(indent);
      const dash = `${' '.repeat(indent)}-${' '.repeat(pick([1, 1, 1, 2, 3]))}`;
      if (depth < 4 && rnd(2)) map(dash.length, depth + 1, dash);
      else {
        const [first, ...rest] = scalar(indent);
        out.push(`${dash}${first}`, ...rest);
      }
    }
  };
  if (rnd(6) === 0) out.push(pick(['---', '--- # d', '# head']));
  map(rnd(8) === 0 ? 2 : 0, 0);
  maybeFiller(0);
  const text = out.join('\n');
  return text + pick(['\n', '\n', '\n', '', '  ', '\n\n', '\n  # end\n', '\n# end']);
});
