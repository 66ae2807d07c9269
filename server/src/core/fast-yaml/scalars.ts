/**
 * Scalars for the fast path: plain, quoted and block scalars resolved with yaml's own pieces
 * (CST.resolveAsScalar for folding and escapes, the core schema's tags for plain values),
 * so that a value equals what yaml's composer gives. Each builder returns the node, or a
 * string saying why the fast path declines (any error yaml would report, any doubt).
 */
import { CST, Document, isScalar, Scalar, type ScalarTag } from 'yaml';
import { FastScalar, type Range } from './nodes';

/** Plain, single-quoted, double-quoted (a flow scalar's style). */
export const K_PLAIN = 0;
export const K_SINGLE = 1;
export const K_DOUBLE = 2;

/** A node, or why the fast path declines. */
export type Built = FastScalar | string;

/** The options and tags of a document composed with parse.ts's options (yaml 1.2 core schema). */
const CORE = new Document(undefined, { prettyErrors: false, uniqueKeys: false, strict: true, keepSourceTokens: false, logLevel: 'error' });
/** The tags findScalarTagByTest tries, in its order (those with `default: true` and a test). */
const PLAIN_TAGS = (CORE.schema.tags as ScalarTag[]).filter((t) => !(t as { collection?: string }).collection && t.default === true && t.test);
const TAG_OPTIONS = CORE.options;
/** First characters that some core tag (null, bool, int, float) can match; any other plain scalar is a string. */
const MAY_RESOLVE = new Uint8Array(128);
for (const ch of '~nNtTfF0123456789+-.') MAY_RESOLVE[ch.charCodeAt(0)] = 1;
/** Plain scalars that yaml rejects for their first character (resolve-flow-scalar.ts plainValue). */
export const BAD_PLAIN_START = new Uint8Array(128);
for (const ch of '\t,%|>@`') BAD_PLAIN_START[ch.charCodeAt(0)] = 1;

export const DECLINE = Symbol('decline');

/** The value yaml's composer gives a plain scalar whose folded text is `str` (findScalarTagByTest + tag.resolve). */
export function resolvePlain(str: string): unknown {
  const c = str.charCodeAt(0);
  if (!(c < 128 && MAY_RESOLVE[c] === 1)) return str;
  for (const tag of PLAIN_TAGS) {
    if (!tag.test!.test(str)) continue;
    let failed = false;
    try {
      const res = tag.resolve(str, () => (failed = true), TAG_OPTIONS);
      if (failed) return DECLINE;
      return isScalar(res) ? res.value : res;
    } catch {
      return DECLINE;
    }
  }
  return str;
}

/** A flow scalar (plain or quoted) whose source is `src` at `offset`. */
export function flowScalar(kind: number, offset: number, src: string): Built {
  const len = src.length;
  const end = offset + len;
  if (kind === K_PLAIN) {
    const c = src.charCodeAt(0);
    if (len === 0 || (c < 128 && BAD_PLAIN_START[c] === 1)) return 'plain scalar start';
    let str = src;
    if (src.includes('\n')) {
      const folded = resolveFlow('scalar', offset, src);
      if (folded === undefined) return 'scalar error';
      str = folded;
    }
    const value = resolvePlain(str);
    if (value === DECLINE) return 'tag resolution';
    return new FastScalar(value, Scalar.PLAIN, [offset, end, end]);
  }
  const q = kind === K_SINGLE ? 0x27 : 0x22;
  if (len < 2 || src.charCodeAt(len - 1) !== q) return 'unterminated quote';
  let value: string | undefined;
  if (src.indexOf(kind === K_SINGLE ? "'" : '"', 1) === len - 1 && !src.includes('\n') && (kind === K_SINGLE || !src.includes('\\'))) {
    value = src.slice(1, -1);
  } else {
    if (!closesAtEnd(src, kind === K_SINGLE)) return 'quote closes early';
    value = resolveFlow(kind === K_SINGLE ? 'single-quoted-scalar' : 'double-quoted-scalar', offset, src);
    if (value === undefined) return 'scalar error';
  }
  return new FastScalar(value, kind === K_SINGLE ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE, [offset, end, end]);
}

/** yaml's own flow-scalar resolution (folding, escapes); undefined when it reports any error. */
function resolveFlow(type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', offset: number, source: string): string | undefined {
  let error = false;
  const res = CST.resolveAsScalar({ type, offset, indent: 0, source } as CST.FlowScalar, true, () => (error = true));
  if (error || !res || typeof res.value !== 'string') return undefined;
  return res.value;
}

/** A literal or folded block scalar: its header token, the tokens after it on its line, its parent's indentation and its body. */
export function blockScalar(header: CST.SourceToken, props: CST.SourceToken[], indent: number, source: string): Built {
  const h = header.source;
  for (let i = 1; i < h.length; i++) {
    const ch = h.charCodeAt(i);
    if (ch !== 0x2d && ch !== 0x2b) return 'block scalar header'; // digits: explicit indentation
  }
  const simple = simpleBlockScalar(header, props, indent, source);
  if (simple) return simple;
  const token: CST.BlockScalar = { type: 'block-scalar', offset: header.offset, indent, props: [header, ...props], source };
  let error = false;
  const res = CST.resolveAsScalar(token, true, () => (error = true));
  if (error || !res || res.type === null) return 'block scalar error';
  return new FastScalar(res.value, res.type, res.range as Range);
}

/**
 * The common block scalar without yaml's resolver (resolve-block-scalar.ts): clip or strip chomping, nothing but
 * spaces after the header, and every content line at the first line's indentation (deeper than the parent's),
 * with no blank line between them, no tab at their start and no carriage return, followed by blank lines no
 * deeper than they are. resolveBlockScalar then gives the lines joined by a space (folded) or a line break
 * (literal), and a final line break unless stripped: built here as one flat string from the lines where they
 * stand, where yaml splits the body, concatenates the lines and leaves a string that its first reader flattens
 * (a playbook's every why and goal). Undefined for any other block scalar: yaml's resolver takes it.
 */
export function simpleBlockScalar(header: CST.SourceToken, props: CST.SourceToken[], indent: number, source: string): FastScalar | undefined {
  const h = header.source;
  const mode = h.charCodeAt(0);
  if ((mode !== 0x3e && mode !== 0x7c) || h.length > 2) return undefined; // ">" or "|"
  const strip = h.length === 2;
  if (strip && h.charCodeAt(1) !== 0x2d) return undefined; // "-"; "+" keeps the blank lines after: yaml's
  let headerLength = h.length;
  for (const p of props) {
    if (p.type !== 'space' && p.type !== 'newline') return undefined;
    headerLength += p.source.length;
  }
  const n = source.length;
  const lines: string[] = [];
  let depth = -1;
  let at = 0;
  while (at < n) {
    let i = at;
    while (i < n && source.charCodeAt(i) === 0x20) i++;
    let end = source.indexOf('\n', i);
    if (end === -1) end = n;
    if (end === i) break; // a blank line: the content ends here, or the scalar is declined below
    if (depth === -1) depth = i - at;
    if (i - at !== depth || source.charCodeAt(i) === 0x09) return undefined;
    for (let k = i; k < end; k++) if (source.charCodeAt(k) === 0x0d) return undefined;
    lines.push(source.slice(i, end));
    at = end + 1;
  }
  if (lines.length === 0 || depth === 0 || depth < indent) return undefined;
  // Only blank lines after the content, none deeper than it (yaml keeps a deeper one in the value).
  while (at < n) {
    let i = at;
    while (i < n && source.charCodeAt(i) === 0x20) i++;
    if (i < n && source.charCodeAt(i) !== 0x0a) return undefined;
    if (i - at > depth) return undefined;
    at = i + 1;
  }
  // The final line break goes on the last line before the join: the join's result is then the value, one flat
  // string, where appending it after would make a pair of strings that the value's first reader copies into one.
  if (!strip) lines[lines.length - 1] += '\n';
  const value = lines.join(mode === 0x3e ? ' ' : '\n');
  const start = header.offset;
  const end = start + headerLength + n;
  return new FastScalar(value, mode === 0x3e ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL, [start, end, end]);
}

/** The first unescaped (double) or unpaired (single) quote after the opening one is the last character. */
function closesAtEnd(src: string, single: boolean): boolean {
  const last = src.length - 1;
  if (single) {
    for (let i = 1; i < last; i++) {
      if (src.charCodeAt(i) === 0x27) {
        if (src.charCodeAt(i + 1) !== 0x27) return false;
        i++;
      }
    }
    return true;
  }
  for (let i = 1; i < last; i++) {
    const ch = src.charCodeAt(i);
    if (ch === 0x5c) i++;
    else if (ch === 0x22) return false;
  }
  return true;
}
