import { Scalar } from 'yaml';
import { ownCopy } from '../strings';
import type { ScalarNode } from '../yaml-nodes';
import type { TermRef } from './model';

/** How terms compare: case-insensitive, any run of white space is one space. */
export function termKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The reader's form of a reference: white space folded, case kept. */
export function displayName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

const REF = /\[\[([^[\]]*)\]\]/g;

/**
 * A reference's display name and key, remembered: a project writes the same few
 * hundred names over and over, and folding each (NFC, white space, case) was a
 * tenth of the time spent finding references. Bounded, so odd input cannot grow it.
 */
const NAMES = new Map<string, { name: string; key: string } | undefined>();
const MAX_NAMES = 20_000;

function namesOf(inner: string): { name: string; key: string } | undefined {
  let names = NAMES.get(inner);
  if (names === undefined && !NAMES.has(inner)) {
    const name = displayName(inner);
    // Copies: `inner` is a slice of the file's text, and a cached slice would keep the whole text alive.
    names = name ? { name: ownCopy(name), key: ownCopy(termKey(name)) } : undefined;
    if (NAMES.size >= MAX_NAMES) NAMES.clear();
    NAMES.set(ownCopy(inner), names);
  }
  return names;
}

/**
 * Finds `[[…]]` in a scalar's own source span. The source, not the parsed
 * value, is scanned so that spans are exact in every scalar style; the inner
 * text is then unescaped per style so matching sees what the reader sees.
 */
export function scanTermRefs(text: string, node: ScalarNode, out: TermRef[]): void {
  const range = node.range;
  if (!range) return;
  let start = range[0];
  const end = range[1];
  const type = node.type;
  if (type === Scalar.BLOCK_FOLDED || type === Scalar.BLOCK_LITERAL) {
    // Skip the block header line: it may carry a comment, which is not content.
    const nl = text.indexOf('\n', start);
    if (nl === -1 || nl >= end) return;
    start = nl + 1;
  }
  const raw = text.slice(start, end);
  if (!raw.includes('[[')) return;
  const style: TermRef['style'] =
    type === Scalar.QUOTE_DOUBLE
      ? 'double'
      : type === Scalar.QUOTE_SINGLE
        ? 'single'
        : type === Scalar.BLOCK_FOLDED || type === Scalar.BLOCK_LITERAL
          ? 'block'
          : 'plain';
  REF.lastIndex = 0;
  for (let m = REF.exec(raw); m; m = REF.exec(raw)) {
    const inner = type === Scalar.QUOTE_DOUBLE ? unescapeDouble(m[1]) : type === Scalar.QUOTE_SINGLE ? m[1].replace(/''/g, "'") : m[1];
    const names = namesOf(inner);
    if (!names) continue;
    out.push({ name: names.name, key: names.key, span: { start: start + m.index, end: start + m.index + m[0].length }, style });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', ' ': ' ', '0': '\0', _: '\u00a0', N: '\u0085' };

function unescapeDouble(s: string): string {
  return s
    .replace(/\\\r?\n[ \t]*/g, '')
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) =>
      e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (SIMPLE_ESCAPES[e] ?? e),
    );
}
