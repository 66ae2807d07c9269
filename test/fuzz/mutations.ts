/**
 * Random damage to the real sample files: what a half-typed line, a bad paste,
 * a wrong editor setting or a corrupted checkout does to a playbook.
 *
 * A case is data (sample + a list of mutations), so fast-check can shrink it and
 * print it readably; `applyMutations` turns it into text (and optionally bytes).
 * Every position is a natural number taken modulo what the current text offers,
 * so any generated or shrunk value is valid.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fileKindOf } from '../../server/src/core/file-kind';
import type { FileKind } from '../../server/src/core/types';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');

export interface Sample {
  /** Path relative to samples/, forward slashes: `acme/playbooks/demo.playbook.yaml`. */
  rel: string;
  kind: FileKind;
  text: string;
}

/** Every file below a folder, in name order (the fuzz inputs are then the same on every machine). */
export function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walkFiles(full));
    else out.push(full);
  }
  return out;
}

let cached: Sample[] | undefined;

/** Every playbook, vocabulary and config file under samples/, read from disk. */
export function loadSamples(): Sample[] {
  if (!cached) {
    cached = walkFiles(SAMPLES_DIR)
      .map((full) => ({ full, kind: fileKindOf(full) }))
      .filter((f): f is { full: string; kind: FileKind } => f.kind !== undefined)
      .map(({ full, kind }) => ({ rel: path.relative(SAMPLES_DIR, full).split(path.sep).join('/'), kind, text: readFileSync(full, 'utf8') }));
    if (cached.length === 0) throw new Error(`no sample files found under ${SAMPLES_DIR}`);
  }
  return cached;
}

export type Mutation =
  | { op: 'deleteLines'; line: number; count: number }
  | { op: 'duplicateLines'; line: number; count: number }
  | { op: 'swapLines'; a: number; b: number }
  /** The line ends at `at`: a string, a [[term]] or a flow list cut off mid-way. */
  | { op: 'cutLine'; line: number; at: number }
  /** The file ends at `at`: a half-typed file. */
  | { op: 'truncate'; at: number }
  | { op: 'deleteChars'; at: number; count: number }
  /** Random text (brackets, quotes, YAML indicators, control and odd Unicode characters) at an offset. */
  | { op: 'insert'; at: number; text: string }
  /** A whole new line (YAML-ish fragments, inline-control comments) before line `line`. */
  | { op: 'insertLine'; line: number; text: string; matchIndent?: boolean }
  /** Leading spaces of a line become tabs. */
  | { op: 'tabs'; line: number; all: boolean }
  /** Line breaks become CRLF (all of them, or every k-th), or lone CR. */
  | { op: 'lineBreaks'; style: 'crlf' | 'cr' | 'mixed'; every: number }
  | { op: 'bom'; at: number; start: boolean }
  /** Extreme indentation added to (or all indentation removed from) a line. */
  | { op: 'indent'; line: number; spaces: number }
  | { op: 'dedent'; line: number }
  /** A typo inside the n-th `[[…]]`: exercises undefined-term and its fixes. */
  | { op: 'termTypo'; index: number; at: number; text: string }
  /** The value after `key:` on a line replaced by a blank or odd one: exercises missing-why and its fixes. */
  | { op: 'blankValue'; line: number; value: string }
  /** One line's quotes or brackets unbalanced: an opening one added or a closing one removed. */
  | { op: 'unbalance'; line: number; char: string; remove: boolean }
  /** The n-th `key:` line and the lines indented under it deleted: a missing why, id, goal… */
  | { op: 'deleteKey'; index: number }
  /** The n-th `- ` list item (with its indented lines) duplicated: duplicate ids and terms. */
  | { op: 'duplicateItem'; index: number }
  /** One character of the n-th word changed: typos in ids, see-also entries, terms, keys. */
  | { op: 'wordTypo'; index: number; at: number; text: string };

/** Raw-byte damage after UTF-8 encoding: invalid sequences, NUL, truncated multi-byte characters. */
export interface ByteMutation {
  at: number;
  bytes: number[];
}

export interface FuzzCase {
  sample: string;
  mutations: Mutation[];
  /** When present, the file goes through analyzeBytes (decode) rather than analyzeText. */
  bytes?: ByteMutation[];
}

const TOKENS = [
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '[[',
  ']]',
  ':',
  ': ',
  '#',
  ' #',
  '- ',
  '? ',
  '|',
  '>',
  '|-',
  '>+',
  '&a ',
  '*a',
  '<<: *a',
  '!!str ',
  '!!binary ',
  '!custom ',
  '%YAML 1.2',
  '---',
  '...',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\0',
  '\\',
  '\\x',
  '\\u12',
  '`',
  '@',
  '%',
  ',',
  '\u00a0',
  '\u2028',
  '\u0085',
  '\ufeff',
  '\u200b',
  '😀',
  'e\u0301',
  '\ud800',
  '\udc00',
  '\uffff',
  'ß',
  '中文',
  '[[economic buyer]]',
  '[[champ]]',
  '[[',
  '[[ ',
  'why:',
  'deviate-when:',
  'id: ',
  'tactics:',
  'see-also: [',
  'null',
  '~',
  'true',
  '0x1F',
  '1e400',
  '.nan',
  ' '.repeat(64),
];

const insertText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));

const LINES = [
  '# playbook-lint-disable',
  '# playbook-lint-enable',
  '# playbook-lint-disable-next-line',
  '# playbook-lint-disable-next-line tactic-missing-why, undefined-term',
  '# playbook-lint-disable no-such-rule -- a reason',
  '      - id: new-tactic',
  '      - id: no-demo-first-call',
  '        tactic: Do something with [[champion]].',
  '      - tactic: no id here',
  '      -',
  '  - id: new-stage',
  '    name: New',
  '    goal: "[[unheard of term]]"',
  '        why:',
  '        why: ""',
  '        why: |',
  '        deviate-when: []',
  '        deviate-when:',
  '          -',
  '        see-also: [nowhere, first-call',
  '        see-also: nowhere',
  '  - term: Champion',
  '    definition: again',
  '    aliases: [EB, [[pain]]]',
  'anchors: &a { x: *a }',
  'x: &a [1, 2]',
  'y: [*a, *a, *a, *a]',
  '---',
  '%TAG ! tag:example.com,2000:',
  '? complex key',
  ': value',
  'stages: [',
  'terms: {',
  '    goal: >',
  '\t',
  '',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteLines' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('duplicateLines' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('cutLine' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('deleteChars' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: insertText }),
  fc.record({ op: fc.constant('insertLine' as const), line: fc.nat(), text: fc.oneof(fc.constantFrom(...LINES), insertText) }),
  fc.record({ op: fc.constant('tabs' as const), line: fc.nat(), all: fc.boolean() }),
  fc.record({
    op: fc.constant('lineBreaks' as const),
    style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const),
    every: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ op: fc.constant('bom' as const), at: fc.nat(), start: fc.boolean() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), spaces: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 100, max: 5000 })) }),
  fc.record({ op: fc.constant('dedent' as const), line: fc.nat() }),
  fc.record({
    op: fc.constant('termTypo' as const),
    index: fc.nat(),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom('x', '', 'e', ' ', '\n', '\t', '  ', 'ing', "'", '"'), fc.string({ maxLength: 3 })),
  }),
  fc.record({
    op: fc.constant('blankValue' as const),
    line: fc.nat(),
    value: fc.constantFrom(
      '',
      ' ""',
      " ''",
      ' null',
      ' ~',
      ' "   "',
      ' |',
      ' >',
      ' >-\n',
      ' [ ]',
      ' { }',
      ' 42',
      ' [""]',
      ' [ "  ", null ]',
      ' # only a comment',
      ' &anchor',
      ' *anchor',
    ),
  }),
  fc.record({ op: fc.constant('unbalance' as const), line: fc.nat(), char: fc.constantFrom('"', "'", '[', '{', ']', '}', '[['), remove: fc.boolean() }),
);

/** Mutations that usually keep the YAML valid, so the rules with fixes run. */
const gentleMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteKey' as const), index: fc.nat() }),
  fc.record({ op: fc.constant('duplicateItem' as const), index: fc.nat() }),
  fc.record({
    op: fc.constant('wordTypo' as const),
    index: fc.nat(),
    at: fc.nat(),
    text: fc.constantFrom('x', '', 'e', '-', "'", '"', 'é', '😀', ': ', ' #', '[[', ']]'),
  }),
  fc.record({ op: fc.constant('termTypo' as const), index: fc.nat(), at: fc.nat(), text: fc.constantFrom('x', '', 'e', ' ', 'ing', "'", '"', '\\', '\n') }),
  fc.record({
    op: fc.constant('blankValue' as const),
    line: fc.nat(),
    value: fc.constantFrom('', ' ""', " ''", ' null', ' ~', ' "   "', ' |', ' >', ' >-', ' |+', ' # a comment', ' "" # a comment', ' > # a comment'),
  }),
  fc.record({
    op: fc.constant('insertLine' as const),
    line: fc.nat(),
    text: fc.constantFrom(...LINES.filter((l) => l.startsWith('#') || l === '')),
    matchIndent: fc.constant(true),
  }),
  fc.record({ op: fc.constant('lineBreaks' as const), style: fc.constant('crlf' as const), every: fc.constant(1) }),
  fc.record({ op: fc.constant('bom' as const), at: fc.constant(0), start: fc.constant(true) }),
);

const byteMutation: fc.Arbitrary<ByteMutation> = fc.record({
  at: fc.nat(),
  bytes: fc.oneof(
    fc.constantFrom<number[]>(
      [0xff],
      [0xfe, 0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0x80],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0x00],
      [0xef, 0xbb, 0xbf],
    ),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  ),
});

/** A mutated sample: 1–6 text mutations, and sometimes raw-byte damage on top. */
export function fuzzCaseArbitrary(samples: Sample[] = loadSamples()): fc.Arbitrary<FuzzCase> {
  return fc.record(
    {
      sample: fc.constantFrom(...samples.map((s) => s.rel)),
      mutations: fc.oneof(
        fc.array(gentleMutation, { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(mutation, gentleMutation), { minLength: 1, maxLength: 6 }),
      ),
      // Raw-byte damage in about one case in six: it mostly makes the file undecodable, one problem, no rules.
      bytes: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 3 }) }),
    },
    { requiredKeys: ['sample', 'mutations'] },
  );
}

// ---------------------------------------------------------------------------------------------

/** Lines with their terminators kept, so a mutation never changes the line-break style by accident. */
function splitKeep(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function lineBody(line: string): { body: string; eol: string } {
  const m = /(\r\n|\r|\n)$/.exec(line);
  return m ? { body: line.slice(0, -m[1].length), eol: m[1] } : { body: line, eol: '' };
}

function mapLine(text: string, n: number, f: (body: string) => string): string {
  const lines = splitKeep(text);
  if (lines.length === 0) return f('');
  const i = n % lines.length;
  const { body, eol } = lineBody(lines[i]);
  lines[i] = f(body) + eol;
  return lines.join('');
}

export function applyMutation(text: string, m: Mutation): string {
  const lines = splitKeep(text);
  const n = lines.length || 1;
  switch (m.op) {
    case 'deleteLines': {
      const i = m.line % n;
      lines.splice(i, m.count);
      return lines.join('');
    }
    case 'duplicateLines': {
      const i = m.line % n;
      const chunk = lines.slice(i, i + m.count);
      // A duplicated last line without a break would glue onto itself: give the copy the file's break.
      if (chunk.length && !/[\r\n]$/.test(chunk[chunk.length - 1])) chunk[chunk.length - 1] += '\n';
      lines.splice(i, 0, ...chunk);
      return lines.join('');
    }
    case 'swapLines': {
      if (lines.length < 2) return text;
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      const la = lineBody(lines[a]);
      const lb = lineBody(lines[b]);
      lines[a] = lb.body + la.eol;
      lines[b] = la.body + lb.eol;
      return lines.join('');
    }
    case 'cutLine':
      return mapLine(text, m.line, (body) => body.slice(0, m.at % (body.length + 1)));
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'deleteChars': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.count);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'insertLine': {
      const i = m.line % (lines.length + 1);
      const eol = /\r\n/.test(text) ? '\r\n' : '\n';
      if (i === lines.length && lines.length && !/[\r\n]$/.test(lines[lines.length - 1])) lines[lines.length - 1] += eol;
      const indent = m.matchIndent && i < lines.length ? /^[ \t]*/.exec(lines[i])![0] : '';
      lines.splice(i, 0, indent + m.text + eol);
      return lines.join('');
    }
    case 'tabs':
      return mapLine(text, m.line, (body) => {
        const lead = /^ */.exec(body)![0];
        return (m.all ? '\t'.repeat(Math.max(1, Math.ceil(lead.length / 2))) : '\t' + lead.slice(1)) + body.slice(lead.length);
      });
    case 'lineBreaks': {
      let k = 0;
      return text.replace(/\r\n|\r|\n/g, (br) => {
        k++;
        if (m.style === 'crlf') return k % m.every === 0 ? '\r\n' : br;
        if (m.style === 'cr') return k % m.every === 0 ? '\r' : br;
        return k % m.every === 0 ? '\r\n' : k % m.every === 1 ? '\r' : '\n';
      });
    }
    case 'bom': {
      if (m.start) return '\ufeff' + text;
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + '\ufeff' + text.slice(at);
    }
    case 'indent':
      return mapLine(text, m.line, (body) => ' '.repeat(m.spaces) + body);
    case 'dedent':
      return mapLine(text, m.line, (body) => body.trimStart());
    case 'termTypo': {
      const refs = [...text.matchAll(/\[\[[^[\]]*\]\]/g)];
      if (refs.length === 0) return text;
      const ref = refs[m.index % refs.length];
      const innerStart = ref.index! + 2;
      const innerLength = ref[0].length - 4;
      const at = innerStart + (m.at % (innerLength + 1));
      // Replace one character of the name (or insert at its end).
      const cut = at < innerStart + innerLength ? 1 : 0;
      return text.slice(0, at) + m.text + text.slice(at + cut);
    }
    case 'blankValue': {
      // The n-th line (cyclically) that has `key:`; its value is replaced.
      const keyed = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*(?:- )?[\w-]+:/.test(l));
      if (keyed.length === 0) return text;
      const { l, i } = keyed[m.line % keyed.length];
      const { body, eol } = lineBody(l);
      const colon = /^\s*(?:- )?[\w-]+:/.exec(body)![0].length;
      // The old value's continuation lines go too, so the new value is the whole value.
      const end = blockEnd(lines, i, /^\s*(?:- )?/.exec(body)![0].length);
      lines.splice(i, end - i, body.slice(0, colon) + m.value + (eol || (end < lines.length ? '\n' : '')));
      return lines.join('');
    }
    case 'deleteKey': {
      const i = nthMatching(lines, /^\s*(?:- )?[\w-]+:/, m.index);
      if (i === undefined) return text;
      const body = lineBody(lines[i]).body;
      const keyIndent = /^\s*(?:- )?/.exec(body)![0].length;
      const end = blockEnd(lines, i, keyIndent);
      lines.splice(i, end - i);
      // Deleting the first key of a list item: the next key of the item opens it, so the list stays a list.
      const next = lines[i];
      if (/^\s*- /.test(body) && next !== undefined && /^ */.exec(next)![0].length === keyIndent && /^\s+[\w-]+:/.test(next)) {
        lines[i] = ' '.repeat(keyIndent - 2) + '- ' + next.slice(keyIndent);
      }
      return lines.join('');
    }
    case 'duplicateItem': {
      const i = nthMatching(lines, /^\s*- /, m.index);
      if (i === undefined) return text;
      const indent = /^ */.exec(lines[i])![0].length;
      const end = blockEnd(lines, i, indent);
      const chunk = lines.slice(i, end);
      if (chunk.length && !/[\r\n]$/.test(chunk[chunk.length - 1])) chunk[chunk.length - 1] += '\n';
      lines.splice(end, 0, ...chunk);
      return lines.join('');
    }
    case 'wordTypo': {
      const words = [...text.matchAll(/[A-Za-z][A-Za-z-]{2,}/g)];
      if (words.length === 0) return text;
      const w = words[m.index % words.length];
      const at = w.index! + (m.at % w[0].length);
      return text.slice(0, at) + m.text + text.slice(at + 1);
    }
    case 'unbalance':
      return mapLine(text, m.line, (body) => {
        if (m.remove) {
          const closing = m.char === '[' ? ']' : m.char === '{' ? '}' : m.char === '[[' ? ']]' : m.char;
          const k = body.lastIndexOf(closing);
          return k === -1 ? body : body.slice(0, k) + body.slice(k + closing.length);
        }
        const colon = body.indexOf(': ');
        return colon === -1 ? m.char + body : body.slice(0, colon + 2) + m.char + body.slice(colon + 2);
      });
  }
}

/** The lines from `i` on that belong to the block starting at line `i` (more indented, or blank). */
function blockEnd(lines: string[], i: number, indent: number): number {
  let j = i + 1;
  while (j < lines.length) {
    const body = lineBody(lines[j]).body;
    if (body.trim() !== '' && /^ */.exec(body)![0].length <= indent) break;
    j++;
  }
  return j;
}

function nthMatching(lines: string[], re: RegExp, n: number): number | undefined {
  const found = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i !== -1);
  return found.length ? found[n % found.length] : undefined;
}

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

export function applyByteMutations(text: string, damage: readonly ByteMutation[]): Uint8Array {
  let bytes = Buffer.from(text, 'utf8');
  for (const d of damage) {
    const at = d.at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(d.bytes), bytes.subarray(at)]);
  }
  return new Uint8Array(bytes);
}
