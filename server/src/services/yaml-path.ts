/**
 * Where in the document structure a position is. Two views:
 * - keyAt: from the parsed YAML tree (exact node ranges), for hovers on keys
 *   and for the scalar style around a span (renames write in that style);
 * - blockContextAt: from the block indentation of the lines above and below,
 *   for completion while a line is half typed and the tree is not yet valid.
 */
import { Parser, Composer, isMap, isPair, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { TextSpan } from '../core/types';
import { ITEM, type PathSegment } from './schema-docs';

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: false, keepSourceTokens: false } as const;

/**
 * The analysed document this module answers about: one object per document version (the
 * analysis of an open document is replaced when its text changes), so the tree below is
 * parsed at most once per version and goes away with it, as yaml-language-server keeps one
 * parsed document per version in its yaml-documents cache.
 */
export interface AnalysedText {
  readonly text: string;
}

/** The yaml tree of each analysed version; undefined when nesting is beyond the parser's stack. */
const trees = new WeakMap<AnalysedText, Node | null | undefined>();

function treeOf(doc: AnalysedText): Node | null | undefined {
  if (trees.has(doc)) return trees.get(doc);
  let contents: Node | null | undefined;
  try {
    const tokens = new Parser().parse(doc.text);
    const docs = new Composer(PARSE_OPTIONS).compose(tokens, true, doc.text.length);
    for (const parsed of docs) {
      contents = parsed.contents as Node | null;
      break;
    }
  } catch {
    contents = undefined; // nesting beyond the stack: no structure to offer
  }
  trees.set(doc, contents);
  return contents;
}

export interface KeyHit {
  path: PathSegment[];
  span: TextSpan;
}

/** The mapping key under the cursor and its path from the root (list indexes as ITEM). */
export function keyAt(doc: AnalysedText, offset: number): KeyHit | undefined {
  const root = treeOf(doc);
  // Iterative walk: nesting depth is untrusted input.
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: root, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      if (node.range && (offset < node.range[0] || offset > node.range[2])) continue;
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = pair.key;
        const name = String(key.value);
        if (key.range && offset >= key.range[0] && offset <= key.range[1]) return { path: [...path, name], span: { start: key.range[0], end: key.range[1] } };
        stack.push({ node: pair.value, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      if (node.range && (offset < node.range[0] || offset > node.range[2])) continue;
      for (const item of node.items) stack.push({ node: item, path: [...path, ITEM] });
    }
  }
  return undefined;
}

export type ScalarStyle = 'plain' | 'double' | 'single' | 'block';

/** The scalar whose source contains the span: its style and its own source span. */
export function scalarAt(doc: AnalysedText, span: TextSpan): { style: ScalarStyle; span: TextSpan } | undefined {
  const root = treeOf(doc);
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isScalar(node)) {
      const r = node.range;
      if (r && span.start >= r[0] && span.end <= r[1]) {
        let style: ScalarStyle = 'plain';
        if (node.type === Scalar.QUOTE_DOUBLE) style = 'double';
        else if (node.type === Scalar.QUOTE_SINGLE) style = 'single';
        else if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) style = 'block';
        return { style, span: { start: r[0], end: r[1] } };
      }
    } else if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair)) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return undefined;
}

/** The style of the scalar whose source contains the span (how text written into it must be escaped). */
export function scalarStyleAt(doc: AnalysedText, span: TextSpan): ScalarStyle | undefined {
  return scalarAt(doc, span)?.style;
}

// ---------------------------------------------------------------- block context

interface LineShape {
  blank: boolean;
  /** Column of the first non-space character. */
  indent: number;
  /** Columns of the `- ` markers at the start of the line. */
  dashes: number[];
  /** Column where the content after indentation and dashes starts. */
  content: number;
  /** A `key:` at the content column, if any. */
  key?: string;
  /** True when nothing but a comment follows `key:` (the value is on the lines below). */
  keyOpen?: boolean;
}

const KEY = /^([A-Za-z_][\w-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+|$)/;

function shapeOf(line: string): LineShape {
  const m = /^[ \t]*/.exec(line)!;
  const indent = m[0].length;
  if (indent === line.length || line[indent] === '#') return { blank: true, indent, dashes: [], content: indent };
  const dashes: number[] = [];
  let c = indent;
  while (line[c] === '-' && (c + 1 === line.length || line[c + 1] === ' ' || line[c + 1] === '\t')) {
    dashes.push(c);
    c++;
    while (line[c] === ' ' || line[c] === '\t') c++;
  }
  const rest = line.slice(c);
  const k = KEY.exec(rest);
  if (!k) return { blank: false, indent, dashes, content: c };
  const key = k[1].replace(/^["']|["']$/g, '');
  const after = rest.slice(k[0].length);
  return { blank: false, indent, dashes, content: c, key, keyOpen: after === '' || after.startsWith('#') };
}

export interface BlockContext {
  /** Path of the mapping (or list) the cursor line belongs to, list entries as ITEM. */
  path: PathSegment[];
  /** Keys the mapping already has (on other lines). */
  siblings: Set<string>;
  /** Column of the mapping's keys. */
  column: number;
}

/**
 * The block mapping a position belongs to, judged by indentation: its key path
 * and the keys it already has. `column` is where keys of that mapping start;
 * `startsItem` says the cursor line opens a new list entry (`- `).
 */
export function blockContextAt(lines: string[], line: number, column: number, startsItem: boolean, dashColumns: number[]): BlockContext | undefined {
  const siblings = new Set<string>();
  const path: PathSegment[] = [];
  // What we are looking for the parent of: a mapping whose keys sit at `col`, or a list entry at `col`.
  let node: { type: 'map' | 'item'; col: number } = startsItem ? { type: 'item', col: dashColumns[0] } : { type: 'map', col: column };
  if (startsItem) for (let i = 0; i < dashColumns.length; i++) path.unshift(ITEM);
  let collecting = !startsItem;
  type Shape = ReturnType<typeof shapeOf>;
  // One step up: the line's dashes (`- - `) are list entries above us, its key owns what we were in.
  const climbDashes = (s: Shape) => {
    for (let i = 0; i < s.dashes.length; i++) path.unshift(ITEM);
    node = { type: 'item', col: s.dashes[0] };
  };
  const climbKey = (s: Shape & { key: string }) => {
    path.unshift(s.key);
    if (s.dashes.length) climbDashes(s);
    else node = { type: 'map', col: s.content };
  };

  // Siblings below the cursor line (same mapping).
  for (let l = line + 1; l < lines.length; l++) {
    const s = shapeOf(lines[l]);
    if (s.blank) continue;
    if (s.indent < column) break;
    if (s.indent > column) continue;
    if (s.dashes.length) {
      // A list at the keys' own column belongs to the key above it (`tactics:\n- id: …`).
      continue;
    }
    if (s.key) siblings.add(s.key);
  }

  for (let l = line - 1; l >= 0; l--) {
    const s = shapeOf(lines[l]);
    if (s.blank) continue;
    if (node.type === 'map') {
      if (s.indent > node.col) continue;
      if (s.content === node.col && s.dashes.length && s.key !== undefined) {
        // `- key: …` opening the list entry that is our mapping.
        if (collecting) siblings.add(s.key);
        collecting = false;
        climbDashes(s);
        continue;
      }
      if (s.indent === node.col && !s.dashes.length) {
        if (s.key !== undefined) {
          if (collecting) siblings.add(s.key);
          continue;
        }
        return undefined; // text at the keys' column that is not a key: not a block mapping
      }
      if (s.indent === node.col && s.dashes.length) {
        // An indentless list belonging to a sibling key above; skip it.
        continue;
      }
      // Less indented: the key owning our mapping, or a bare `-` owning it.
      collecting = false;
      if (s.key !== undefined && s.content < node.col && s.keyOpen) {
        climbKey(s as Shape & { key: string });
        continue;
      }
      if (s.key === undefined && s.dashes.length && s.content === lines[l].length) {
        climbDashes(s);
        continue;
      }
      return undefined;
    } else {
      // Looking for the key that owns the list whose entries start at node.col.
      if (s.indent > node.col) continue;
      if (s.dashes.length && s.indent === node.col) continue; // a sibling entry
      if (s.key !== undefined && s.keyOpen && (s.content < node.col || (s.content === node.col && !s.dashes.length))) {
        climbKey(s as Shape & { key: string });
        continue;
      }
      if (s.key === undefined && s.dashes.length && s.indent < node.col && s.content === lines[l].length) {
        climbDashes(s);
        continue;
      }
      return undefined;
    }
  }
  // Reached the top: only a mapping at column 0 is the document root.
  return node.type === 'map' && node.col === 0 ? { path, siblings, column } : undefined;
}

/** Splits a text into lines without their breaks (CRLF aware), matching the core's LineIndex. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
