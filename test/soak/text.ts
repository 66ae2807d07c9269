/** Offsets (UTF-16 code units, as JS strings index) ⇄ LSP positions, line breaks being "\n" only. */
import { Parser, parseAllDocuments } from 'yaml';

export interface Pos {
  line: number;
  character: number;
}

export interface Span {
  start: number;
  end: number;
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(text: string, offset: number): Pos {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}

export function offsetAt(text: string, pos: Pos, starts = lineStarts(text)): number {
  if (pos.line >= starts.length) return text.length;
  const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : text.length;
  return Math.min(starts[pos.line] + pos.character, lineEnd);
}

/** The end of the document as a position. */
export function endPosition(text: string): Pos {
  return positionAt(text, text.length);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Never split a surrogate pair: an editor cannot put the cursor inside one. */
export function safeOffset(text: string, offset: number): number {
  const o = Math.max(0, Math.min(offset, text.length));
  if (o > 0 && o < text.length && isHigh(text.charCodeAt(o - 1)) && isLow(text.charCodeAt(o))) return o - 1;
  return o;
}

export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Every comment token of the YAML CST (document comments, trailing comments, block scalar header comments). */
export function cstComments(text: string): { offset: number; source: string }[] {
  const out: { offset: number; source: string }[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    const token = node as { type?: unknown; source?: unknown; offset?: unknown };
    if (token.type === 'comment' && typeof token.source === 'string') out.push({ offset: Number(token.offset), source: token.source });
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return out.sort((a, b) => a.offset - b.offset);
}

/** YAML errors of every document in the text (the yaml package, independent of the core). */
export function yamlErrors(text: string): string[] {
  try {
    return parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => `${e.code}: ${e.message.split('\n')[0]}`) : []));
  } catch (error) {
    return [`parser threw: ${(error as Error).message}`];
  }
}
