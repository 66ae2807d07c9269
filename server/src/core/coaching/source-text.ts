import type { TextSpan } from '../types';

/**
 * The content of one scalar as a reader sees it, character by character, with
 * the source offsets each character came from. Coaching checks analyse
 * `text` and map what they flag back to exact source spans through
 * `spanOf`, in every scalar style: plain, single- and double-quoted (escapes
 * undone), folded and literal (block header skipped). Line breaks and
 * indentation stay in `text` as white space; every check treats a white-space
 * run as one space, as term references do.
 *
 * Only the scalar's own source span is read, never the rest of the file.
 */
export interface SourceText {
  /** Content with escapes undone; white space kept as written. */
  text: string;
  /** Scalar style, from the first character of the span. */
  style: ScalarStyle;
  /** The span the content came from (inside quotes, after a block header). */
  content: TextSpan;
  /**
   * Per-character source offsets, only when some character is not at
   * content.start + i (an escape, a doubled quote, a joined line);
   * otherwise the mapping is the identity and nothing is allocated.
   */
  map?: {
    /** Source offset where text[i] starts. */
    starts: number[];
    /** Source offset just after text[i] (an escape is longer than one character). */
    ends: number[];
  };
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'folded' | 'literal';

export function styleOf(source: string, span: TextSpan): ScalarStyle {
  const c = source[span.start];
  return c === '"' ? 'double' : c === "'" ? 'single' : c === '>' ? 'folded' : c === '|' ? 'literal' : 'plain';
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  '\\': '\\',
  '/': '/',
  ' ': ' ',
  '0': '\0',
  _: '\u00a0',
  N: '\u0085',
  L: '\u2028',
  P: '\u2029',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
  '\t': '\t',
};

export function sourceText(source: string, span: TextSpan): SourceText {
  const style = styleOf(source, span);
  let start = span.start;
  let end = span.end;
  if (style === 'double' || style === 'single') {
    start++;
    if (end > start && source[end - 1] === source[span.start]) end--;
  } else if (style === 'folded' || style === 'literal') {
    const nl = source.indexOf('\n', start);
    start = nl === -1 || nl >= end ? end : nl + 1;
  }
  const raw = source.slice(start, end);
  const escaped = style === 'double' ? raw.includes('\\') : style === 'single' ? raw.includes("''") : false;
  if (!escaped) return { text: raw, style, content: { start, end } };
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (s: string, from: number, to: number): void => {
    for (let k = 0; k < s.length; k++) {
      starts.push(from);
      ends.push(to);
    }
    text += s;
  };
  let i = start;
  while (i < end) {
    const c = source[i];
    if (style === 'single' && c === "'" && source[i + 1] === "'") {
      push("'", i, i + 2);
      i += 2;
    } else if (style === 'double' && c === '\\' && i + 1 < end) {
      const e = source[i + 1];
      if (e === '\n' || (e === '\r' && source[i + 2] === '\n')) {
        // An escaped line break joins the lines: it and the next line's indentation are not content.
        let j = i + (e === '\r' ? 3 : 2);
        while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
        i = j;
      } else {
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (hex && /^[0-9a-fA-F]+$/.test(source.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= end) {
          push(String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hex), 16)), i, i + 2 + hex);
          i += 2 + hex;
        } else {
          push(SIMPLE_ESCAPES[e] ?? e, i, i + 2);
          i += 2;
        }
      }
    } else {
      push(c, i, i + 1);
      i++;
    }
  }
  return { text, style, content: { start, end }, map: { starts, ends } };
}

/** The source span of text[from, to). */
export function spanOf(st: SourceText, from: number, to: number): TextSpan {
  const n = st.text.length;
  const startOf = (i: number): number => (i >= n ? st.content.end : st.map ? st.map.starts[i] : st.content.start + i);
  if (n === 0 || to <= from) {
    const at = startOf(from);
    return { start: at, end: at };
  }
  return { start: startOf(from), end: st.map ? st.map.ends[Math.min(to, n) - 1] : st.content.start + Math.min(to, n) };
}

/** The text folded for messages: white space runs as one space, cut at `max` characters. */
export function excerpt(text: string, max = 40): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  if (folded.length <= max) return folded;
  const cut = folded.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
