/**
 * The fast path of the parse: yaml's Lexer tokens → the node tree, the plain JS value and
 * the comments that the core needs, for the simple shape most playbook and vocabulary files
 * have. It never guesses: anything it does not fully understand makes it decline (return
 * undefined), and the caller runs the full parse (parse.ts: yaml Parser + Composer).
 *
 * Exactness. For an accepted text the result equals the full path's: the same values (core
 * schema), scalar types and ranges (all three offsets), the same JS value as `toJS()`, the
 * same comments, and no syntax problem (any doubt declines). The tokens are yaml's own
 * Lexer's (tokens.ts adds their offsets), scalar values come from yaml's own resolvers (CST.resolveAsScalar) and schema tags, and
 * the structure follows what yaml's Parser and Composer do for this subset, including where
 * they attach comment lines (which moves `range[2]` of values and collections, and so
 * `range[1]` of their parents). test/unit/fast-yaml*.test.ts and test/fuzz/fast-yaml*.test.ts
 * compare the two paths node by node, analysis by analysis and token by token.
 *
 * Accepted: one document; an optional leading `---` line; a block mapping at the root;
 * block mappings and block sequences nested by indentation (spaces only), including a
 * sequence at its parent key's column; single-line plain keys (strings, unique, not `<<`
 * or `__proto__`); plain, single- and double-quoted scalars (multi-line too); literal and
 * folded block scalars (no explicit indentation indicator); one-line flow sequences of
 * plain or quoted scalars; empty values (`key:`), comment lines after them too; comments and blank
 * lines anywhere the Parser puts them in a node's `end` or a collection's trailing items.
 *
 * Declined (full path): tabs, CR, a BOM; directives, `...`, a second `---`; anchors,
 * aliases, tags; flow mappings; nested or multi-line flow collections; `? ` keys; quoted,
 * multi-line or non-string keys; a value on a line of its own that is a block scalar or a
 * flow collection; `- ` with nothing after it on its line; nested `- - `; duplicate keys;
 * comments without a space before them; anything out of column; nesting deeper than 100;
 * and any error a yaml resolver reports.
 */
import { CST, Document, isScalar, Scalar, type ScalarTag } from 'yaml';
import type { Comment, ParsedYaml } from '../parse';
import { DOCUMENT, lexTokens, SCALAR, TEXT } from './tokens';
import { FastMap, FastPair, FastScalar, FastSeq, type FastNode, type Range } from './nodes';

/** What parseYaml returns (with no problems), plus the document's plain value. */
export interface FastParse extends ParsedYaml {
  /**
   * A stand-in for yaml's Document: only `contents` is set, a tree of the light nodes of
   * ./nodes.ts: what the extractors and the schema check read. It has no methods (no
   * toJS: use `data`).
   */
  doc: Document.Parsed;
  /** What `doc.toJS()` gives for this document. */
  data: unknown;
  /** Comment tokens with their spans, in source order; empty unless the text contains "playbook-lint-" (as in parse.ts). */
  comments: Comment[];
  problems: [];
  unusable: false;
}

/** Why the last call declined (for tests and acceptance statistics); '' after an acceptance. */
let declineReason = '';

export function lastDeclineReason(): string {
  return declineReason;
}

/*
 * Tabs and CRs have rules of their own in yaml (tab indentation errors, CRLF and lone CR
 * line breaks) that the fast path does not model, so a text holding either is declined
 * outright (indexOf is far cheaper than a character-class scan). Other control characters
 * are ordinary content for yaml's Lexer and resolvers; a BOM at the start of the stream
 * comes out of the Lexer as its own token, which the builder declines.
 */

// --- Core-schema resolution of plain scalars, with yaml's own tags ---------------------------------

/** The options and tags of a document composed with parse.ts's options (yaml 1.2 core schema). */
const CORE = new Document(undefined, { prettyErrors: false, uniqueKeys: false, strict: true, keepSourceTokens: false, logLevel: 'error' });
/** The tags findScalarTagByTest tries, in its order (those with `default: true` and a test). */
const PLAIN_TAGS = (CORE.schema.tags as ScalarTag[]).filter((t) => !(t as { collection?: string }).collection && t.default === true && t.test);
const TAG_OPTIONS = CORE.options;
/** First characters that some core tag (null, bool, int, float) can match; any other plain scalar is a string. */
const MAY_RESOLVE = new Uint8Array(128);
for (const ch of '~nNtTfF0123456789+-.') MAY_RESOLVE[ch.charCodeAt(0)] = 1;
/** Plain scalars that yaml rejects for their first character (resolve-flow-scalar.ts plainValue). */
const BAD_PLAIN_START = new Uint8Array(128);
for (const ch of '\t,%|>@`') BAD_PLAIN_START[ch.charCodeAt(0)] = 1;

const DECLINE = Symbol('decline');

/** The value yaml's composer gives a plain scalar whose folded text is `str` (findScalarTagByTest + tag.resolve). */
function resolvePlain(str: string): unknown {
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

// --- The builder ------------------------------------------------------------------------------------

const MAP = 0;
const SEQ = 1;

/** Deepest nesting of collections accepted (yaml's recursive composer runs out of stack in the thousands). */
const MAX_DEPTH = 100;

/** Frame states (the last item of the collection, as yaml's Parser holds it). */
const S_SEP = 0; // map: key and ":" seen, value not yet (tokens go to the pair's `sep`)
const S_ITEM = 1; // seq: "-" seen, value not yet
const S_CHILD = 2; // the value is a collection still being built (a frame above this one)
const S_VALUE = 3; // the last item has its value
const S_TRAIL = 4; // after the last value: an item of only blank lines and comments (the Parser's start-only item)

interface Frame {
  kind: number;
  indent: number;
  node: FastMap | FastSeq;
  data: Record<string, unknown> | unknown[];
  state: number;
  /** Map: the current pair and its key. */
  pair: FastPair | null;
  key: string;
  /** S_SEP: where an empty value sits (after ":" and the spaces after it); whether `sep` holds a comment / a line break. */
  emptyPos: number;
  sepComment: boolean;
  sepNewline: boolean;
  /** S_SEP: the pair's `sep` tokens after ":" as triples (SEP_SPACE / SEP_NEWLINE / SEP_COMMENT, end, column). */
  sep: number[];
  /** The last value's range; `endable` when it is a flow scalar or flow collection (its `end` takes indented comments). */
  lastRange: Range;
  endable: boolean;
  /** The last token appended to that value's `end` is a comment (a line break then joins it too). */
  endLastComment: boolean;
  /** S_TRAIL: end of its last token, whether it holds a comment, and the largest comment column. */
  trailEnd: number;
  trailComment: boolean;
  trailMaxCol: number;
}

// Kinds of the tokens recorded in a pair's `sep`.
const SEP_SPACE = 0;
const SEP_NEWLINE = 1;
const SEP_COMMENT = 2;

// Lexer modes of the builder (where in a line we are).
const M_PRE = 0; // before the document starts: blank and comment lines
const M_DOCSTART = 1; // after a leading "---"
const M_LINE = 2; // at the start of a line (its indentation may have been seen)
const M_LINE_COMMENT = 3; // after a comment that fills the rest of the line
const M_PENDING = 4; // a plain or quoted scalar that may be a key (the next token decides)
const M_DASH = 5; // after "-"
const M_DASH_SPACE = 6; // after "- "
const M_COLON = 7; // after a key's ":"
const M_COLON_SPACE = 8; // after ": "
const M_VALUE = 9; // after a scalar or flow sequence value on this line
const M_VALUE_COMMENT = 10; // after the comment that ends a value's line
const M_BLOCK_HEADER = 11; // after "|" or ">" and the rest of the header line
const M_FLOW = 12; // inside "[ … ]"
const M_COLON_COMMENT = 13; // after ": # comment"

// Pending scalar kinds.
const K_PLAIN = 0;
const K_SINGLE = 1;
const K_DOUBLE = 2;

// Flow sequence sub-states.
const F_OPEN = 0; // after "[": an item or "]"
const F_ITEM = 1; // after an item: spaces, "," or "]"
const F_COMMA = 2; // after ",": an item

class Builder {
  private readonly stack: Frame[] = [];
  private root: FastMap | undefined;
  private rootData: Record<string, unknown> | undefined;
  private rootClosed = false;
  private failed = '';

  constructor(private readonly text: string) {}

  private fail(reason: string): false {
    if (!this.failed) this.failed = reason;
    return false;
  }

  run(): FastParse | undefined {
    const text = this.text;
    const collect = text.includes('playbook-lint-');
    const comments: Comment[] = [];
    const stack = this.stack;
    let pos = 0;
    let lineStart = 0;
    let mode = M_PRE;
    let scalarNext = false;
    let prevSpace = false;
    let firstDocToken = false;
    // The pending scalar (M_PENDING).
    let pKind = K_PLAIN;
    let pStart = 0;
    let pSrc = '';
    let pCol = 0;
    let pItem = false;
    let pAfter = -1;
    // The value whose line we are on (M_VALUE), and the flow sequence being read.
    let cur: Range | null = null;
    let flowSeq: FastSeq | null = null;
    let flowData: unknown[] | null = null;
    let flowState = F_OPEN;
    // The block scalar being read.
    let bHeader: CST.SourceToken | null = null;
    let bProps: CST.SourceToken[] = [];
    let bIndent = 0;

    const kinds: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    lexTokens(text, (kind, start, end) => {
      kinds.push(kind);
      starts.push(start);
      ends.push(end);
      return true;
    });
    const count = kinds.length;
    for (let t = 0; t < count; t++) {
      const kind = kinds[t];
      const start = starts[t];
      if (scalarNext) {
        // A scalar's source: plain, or a block scalar's body.
        scalarNext = false;
        pos = ends[t];
        const tok = text.slice(start, pos);
        switch (mode) {
          case M_LINE:
            pKind = K_PLAIN;
            pStart = start;
            pSrc = tok;
            pCol = start - lineStart;
            pItem = false;
            pAfter = -1;
            mode = M_PENDING;
            break;
          case M_DASH_SPACE:
            pKind = K_PLAIN;
            pStart = start;
            pSrc = tok;
            pCol = start - lineStart;
            pItem = true;
            pAfter = -1;
            mode = M_PENDING;
            break;
          case M_COLON_SPACE: {
            const node = this.flowScalar(K_PLAIN, start, tok);
            if (!node) return this.decline();
            this.setValue(node, node.value, true);
            cur = node.range;
            prevSpace = false;
            mode = M_VALUE;
            break;
          }
          case M_BLOCK_HEADER: {
            const node = this.blockScalar(bHeader!, bProps, bIndent, tok);
            if (!node) return this.decline();
            this.setValue(node, node.value, false);
            bHeader = null;
            bProps = [];
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          case M_FLOW: {
            if (flowState === F_ITEM || tok.includes('\n')) return this.decline('flow sequence item');
            const node = this.flowScalar(K_PLAIN, start, tok);
            if (!node) return this.decline();
            flowSeq!.items.push(node);
            flowData!.push(node.value);
            flowState = F_ITEM;
            break;
          }
          default:
            return this.decline('scalar here');
        }
        continue;
      }
      if (kind === SCALAR) {
        scalarNext = true;
        continue;
      }
      if (kind === DOCUMENT) {
        // The document starts (at the start of its first non-blank line).
        if (mode !== M_PRE) return this.decline('second document');
        mode = M_LINE;
        lineStart = pos;
        firstDocToken = true;
        continue;
      }
      if (kind !== TEXT) return this.decline('flow error');
      pos = ends[t];
      // A source token: its first character (-1 when empty) and its length.
      const len = pos - start;
      const c = len > 0 ? text.charCodeAt(start) : -1;
      const wasFirst = firstDocToken;
      firstDocToken = false;
      switch (mode) {
        case M_PRE:
          if (c === 0x20) break;
          if (c === 0x0a) {
            lineStart = pos;
            break;
          }
          if (c === 0x23) {
            if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
            break;
          }
          return this.decline('stream token');

        case M_DOCSTART:
          if (c === 0x20) {
            prevSpace = true;
            break;
          }
          if (c === 0x23 && prevSpace) {
            if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
            prevSpace = false;
            break;
          }
          if (c === 0x0a) {
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          return this.decline('content after ---');

        case M_LINE:
          if (c === 0x20) {
            if (start !== lineStart) return this.decline('space');
            this.filler(pos, false, 0);
            break;
          }
          if (c === 0x0a) {
            this.filler(pos, false, 0);
            lineStart = pos;
            break;
          }
          if (c === 0x23) {
            if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
            this.filler(pos, true, start - lineStart);
            mode = M_LINE_COMMENT;
            break;
          }
          if (c === 0x2d && len === 1) {
            if (!this.lineContent(DASH, start - lineStart, start)) return this.decline();
            mode = M_DASH;
            break;
          }
          if (c === 0x27 || c === 0x22) {
            pKind = c === 0x27 ? K_SINGLE : K_DOUBLE;
            pStart = start;
            pSrc = text.slice(start, pos);
            pCol = start - lineStart;
            pItem = false;
            pAfter = -1;
            mode = M_PENDING;
            break;
          }
          if (len === 3 && wasFirst && !this.root && text.startsWith('---', start)) {
            prevSpace = false;
            mode = M_DOCSTART;
            break;
          }
          return this.decline('line start');

        case M_LINE_COMMENT:
          if (c === 0x0a) {
            this.filler(pos, false, 0);
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          return this.decline('after comment');

        case M_PENDING:
          if (c === 0x3a && len === 1) {
            // A key.
            if (pKind !== K_PLAIN || pAfter !== -1) return this.decline('key form');
            if (pItem) {
              if (!this.push(MAP, pCol, pStart)) return this.decline();
            } else if (!this.lineContent(KEY, pCol, pStart)) return this.decline();
            if (!this.addKey(pSrc, pStart, pos)) return this.decline();
            mode = M_COLON;
            break;
          }
          if (c === 0x20) {
            if (pAfter !== -1) return this.decline('space');
            pAfter = pos;
            break;
          }
          if (c === 0x0a || (c === 0x23 && pAfter !== -1)) {
            const range = this.pendingValue(pKind, pStart, pSrc, pCol, pItem);
            if (!range) return this.decline();
            range[2] = pos;
            if (c === 0x0a) {
              lineStart = pos;
              mode = M_LINE;
            } else {
              if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
              cur = range;
              mode = M_VALUE_COMMENT;
            }
            break;
          }
          return this.decline('after scalar');

        case M_DASH:
          if (c === 0x20) {
            mode = M_DASH_SPACE;
            break;
          }
          return this.decline('after -');

        case M_DASH_SPACE:
          if (c === 0x27 || c === 0x22) {
            pKind = c === 0x27 ? K_SINGLE : K_DOUBLE;
            pStart = start;
            pSrc = text.slice(start, pos);
            pCol = start - lineStart;
            pItem = true;
            pAfter = -1;
            mode = M_PENDING;
            break;
          }
          if (c === 0x7c || c === 0x3e) {
            bHeader = { type: 'block-scalar-header', offset: start, indent: 0, source: text.slice(start, pos) };
            bIndent = stack[stack.length - 1].indent;
            bProps = [];
            prevSpace = false;
            mode = M_BLOCK_HEADER;
            break;
          }
          if (c === 0x5b) {
            flowSeq = new FastSeq([start, 0, 0], true);
            flowData = [];
            flowState = F_OPEN;
            mode = M_FLOW;
            break;
          }
          return this.decline('item');

        case M_COLON: {
          const f = stack[stack.length - 1];
          if (c === 0x20) {
            f.emptyPos = pos;
            f.sep.push(SEP_SPACE, pos, 0);
            prevSpace = true;
            mode = M_COLON_SPACE;
            break;
          }
          if (c === 0x0a) {
            f.sepNewline = true;
            f.sep.push(SEP_NEWLINE, pos, 0);
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          return this.decline('after :');
        }

        case M_COLON_SPACE: {
          if (c === 0x23) {
            if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
            const f = stack[stack.length - 1];
            f.sepComment = true;
            // On the key's line the Parser's indentation is the key's column, the mapping's.
            f.sep.push(SEP_COMMENT, pos, f.indent);
            // The line break after it belongs to `sep` too.
            mode = M_COLON_COMMENT;
            break;
          }
          if (c === 0x0a) {
            const f = stack[stack.length - 1];
            f.sepNewline = true;
            f.sep.push(SEP_NEWLINE, pos, 0);
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          if (c === 0x27 || c === 0x22) {
            const node = this.flowScalar(c === 0x27 ? K_SINGLE : K_DOUBLE, start, text.slice(start, pos));
            if (!node) return this.decline();
            this.setValue(node, node.value, true);
            cur = node.range;
            prevSpace = false;
            mode = M_VALUE;
            break;
          }
          if (c === 0x7c || c === 0x3e) {
            bHeader = { type: 'block-scalar-header', offset: start, indent: 0, source: text.slice(start, pos) };
            bIndent = stack[stack.length - 1].indent;
            bProps = [];
            prevSpace = false;
            mode = M_BLOCK_HEADER;
            break;
          }
          if (c === 0x5b) {
            flowSeq = new FastSeq([start, 0, 0], true);
            flowData = [];
            flowState = F_OPEN;
            mode = M_FLOW;
            break;
          }
          return this.decline('value');
        }

        case M_COLON_COMMENT:
          if (c === 0x0a) {
            const f = stack[stack.length - 1];
            f.sepNewline = true;
            f.sep.push(SEP_NEWLINE, pos, 0);
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          return this.decline('after comment');

        case M_VALUE:
          if (c === 0x20) {
            cur![2] = pos;
            prevSpace = true;
            break;
          }
          if (c === 0x0a) {
            cur![2] = pos;
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          if (c === 0x23 && prevSpace) {
            if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
            cur![2] = pos;
            mode = M_VALUE_COMMENT;
            break;
          }
          return this.decline('after value');

        case M_VALUE_COMMENT:
          if (c === 0x0a) {
            cur![2] = pos;
            lineStart = pos;
            mode = M_LINE;
            break;
          }
          return this.decline('after comment');

        case M_BLOCK_HEADER:
          if (c === 0x20) {
            bProps.push({ type: 'space', offset: start, indent: 0, source: text.slice(start, pos) });
            break;
          }
          if (c === 0x23) {
            if (collect) comments.push({ span: { start, end: pos }, text: text.slice(start, pos) });
            bProps.push({ type: 'comment', offset: start, indent: 0, source: text.slice(start, pos) });
            break;
          }
          if (c === 0x0a) {
            bProps.push({ type: 'newline', offset: start, indent: 0, source: '\n' });
            break;
          }
          return this.decline('block scalar header');

        case M_FLOW:
          if (c === 0x20) {
            if (flowState === F_ITEM) flowSeq!.items[flowSeq!.items.length - 1].range[2] = pos;
            break;
          }
          if (c === 0x2c && len === 1) {
            if (flowState !== F_ITEM) return this.decline('flow comma');
            flowState = F_COMMA;
            break;
          }
          if (c === 0x27 || c === 0x22) {
            const src = text.slice(start, pos);
            if (flowState === F_ITEM || src.includes('\n')) return this.decline('flow sequence item');
            const node = this.flowScalar(c === 0x27 ? K_SINGLE : K_DOUBLE, start, src);
            if (!node) return this.decline();
            flowSeq!.items.push(node);
            flowData!.push(node.value);
            flowState = F_ITEM;
            break;
          }
          if (c === 0x5d && len === 1) {
            if (flowState === F_COMMA) return this.decline('flow trailing comma');
            const range = flowSeq!.range;
            range[1] = pos;
            range[2] = pos;
            this.setValue(flowSeq!, flowData, true);
            cur = range;
            flowSeq = null;
            flowData = null;
            prevSpace = false;
            mode = M_VALUE;
            break;
          }
          return this.decline('flow token');

        default:
          return this.decline('mode');
      }
      if (c !== 0x20) prevSpace = false;
    }
    if (this.failed) return this.decline();
    if (scalarNext) return this.decline('end');
    switch (mode) {
      case M_LINE:
      case M_LINE_COMMENT:
      case M_VALUE:
      case M_VALUE_COMMENT:
      case M_COLON:
      case M_COLON_SPACE:
      case M_COLON_COMMENT:
        break;
      case M_PENDING: {
        const range = this.pendingValue(pKind, pStart, pSrc, pCol, pItem);
        if (!range) return this.decline();
        // Spaces after the last value (no line break follow) are in its `end` too.
        if (pAfter !== -1) range[2] = pAfter;
        break;
      }
      default:
        return this.decline('end of input');
    }
    while (stack.length) if (!this.pop()) return this.decline();
    if (!this.root) return this.decline('no mapping');
    declineReason = '';
    const doc = { contents: this.root as FastNode } as unknown as Document.Parsed;
    return { doc, data: this.rootData, comments, problems: [], unusable: false };
  }

  private decline(reason?: string): undefined {
    declineReason = this.failed || reason || 'declined';
    return undefined;
  }

  // --- structure ---------------------------------------------------------------------------------

  /**
   * A blank line, a line's indentation or a comment line, before the next content: yaml's
   * Parser hands these to the innermost open collection (blockMap / blockSequence).
   */
  private filler(end: number, comment: boolean, col: number): void {
    const f = this.stack[this.stack.length - 1];
    if (!f) return; // before the root: the document's own start
    switch (f.state) {
      case S_SEP:
        if (comment) {
          f.sepComment = true;
          f.sep.push(SEP_COMMENT, end, col);
        } else if (this.text.charCodeAt(end - 1) === 0x0a) {
          f.sepNewline = true;
          f.sep.push(SEP_NEWLINE, end, 0);
        } else f.sep.push(SEP_SPACE, end, 0);
        return;
      case S_VALUE:
        // A line break right after a comment that joined the value's `end` joins it too.
        if (!comment && f.endable && f.endLastComment && this.text.charCodeAt(end - 1) === 0x0a) {
          f.lastRange[2] = end;
          f.endLastComment = false;
          return;
        }
        f.state = S_TRAIL;
        f.trailEnd = end;
        f.trailComment = comment;
        f.trailMaxCol = comment ? col : -1;
        return;
      case S_TRAIL:
        if (comment) {
          // atIndentedComment: a comment indented past the collection, with only blank space
          // before it since the last value, joins that value's `end` (flow scalars and flow collections have one).
          if (!f.trailComment && col > f.indent && f.endable) {
            f.lastRange[2] = end;
            f.endLastComment = true;
            f.state = S_VALUE;
            return;
          }
          f.trailComment = true;
          if (col > f.trailMaxCol) f.trailMaxCol = col;
        }
        f.trailEnd = end;
        return;
      default:
        // S_ITEM / S_CHILD: not the innermost collection's state between lines in the accepted subset.
        this.fail('filler state');
    }
  }

  /** The first content of a line (a "-", a key or a value) at column `col`: closes collections, checks the columns. */
  private lineContent(kind: number, col: number, offset: number): boolean {
    const stack = this.stack;
    for (;;) {
      const f = stack[stack.length - 1];
      if (!f) {
        if (this.rootClosed) return this.fail('content after the root mapping');
        if (kind !== KEY) return this.fail('root is not a mapping');
        return this.push(MAP, col, offset);
      }
      if (f.kind === MAP) {
        if (col < f.indent) {
          if (!this.pop()) return false;
          continue;
        }
        if (kind === DASH) {
          // A block sequence as the pending value, at the key's column or deeper.
          if (f.state !== S_SEP || !f.sepNewline) return this.fail('- in a mapping');
          if (!this.push(SEQ, col, offset)) return false;
          this.stack[this.stack.length - 1].state = S_ITEM;
          return true;
        }
        if (kind === KEY) {
          if (col === f.indent) return f.state !== S_SEP || this.finishEmpty(f, true);
          if (f.state !== S_SEP || !f.sepNewline) return this.fail('key indentation');
          return this.push(MAP, col, offset);
        }
        // VALUE on its own line: the pending value of the key above.
        if (col > f.indent && f.state === S_SEP && f.sepNewline) return true;
        return this.fail('value indentation');
      }
      // A block sequence.
      if (kind === DASH) {
        if (col === f.indent) {
          if (f.state !== S_VALUE && f.state !== S_TRAIL) return this.fail('item state');
          f.state = S_ITEM;
          return true;
        }
        if (col < f.indent) {
          if (!this.pop()) return false;
          continue;
        }
        return this.fail('- indentation');
      }
      if (col <= f.indent) {
        if (!this.pop()) return false;
        continue;
      }
      return this.fail('content in a sequence');
    }
  }

  /** Opens a collection as the value of the innermost one (or as the root). */
  private push(kind: number, col: number, offset: number): boolean {
    // yaml composes recursively and reports nesting past its stack as an error; playbooks nest about 6 deep.
    if (this.stack.length >= MAX_DEPTH) return this.fail('deep nesting');
    const node = kind === MAP ? new FastMap([offset, offset, offset]) : new FastSeq([offset, offset, offset], false);
    const data: Record<string, unknown> | unknown[] = kind === MAP ? {} : [];
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = node as FastMap;
      this.rootData = data as Record<string, unknown>;
    } else {
      if (parent.kind === MAP) {
        parent.pair!.value = node;
        (parent.data as Record<string, unknown>)[parent.key] = data;
      } else {
        (parent.node as FastSeq).items.push(node);
        (parent.data as unknown[]).push(data);
      }
      parent.state = S_CHILD;
    }
    this.stack.push({
      kind,
      indent: col,
      node,
      data,
      state: S_VALUE,
      pair: null,
      key: '',
      emptyPos: 0,
      sepComment: false,
      sepNewline: false,
      sep: [],
      lastRange: node.range,
      endable: false,
      endLastComment: false,
      trailEnd: 0,
      trailComment: false,
      trailMaxCol: -1,
    });
    return true;
  }

  /** Closes the innermost collection: its range, and where its trailing comment lines go (yaml Parser `pop`). */
  private pop(): boolean {
    const f = this.stack.pop()!;
    if (f.state === S_SEP && !this.finishEmpty(f, false)) return false;
    if (f.state === S_ITEM || f.state === S_CHILD) return this.fail('pop state');
    const range = f.node.range;
    range[1] = f.lastRange[2];
    range[2] = range[1];
    let moves = false;
    if (f.state === S_TRAIL) {
      // The trailing blank and comment lines stay in this collection unless every comment is
      // less indented than it (or it is at column 0); then they move out to its parent.
      if (f.indent === 0 || f.trailMaxCol < f.indent) moves = true;
      else range[2] = f.trailEnd;
    }
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.rootClosed = true;
      return true;
    }
    parent.lastRange = range;
    parent.endable = false;
    parent.endLastComment = false;
    if (moves) {
      parent.state = S_TRAIL;
      parent.trailEnd = f.trailEnd;
      parent.trailComment = f.trailComment;
      parent.trailMaxCol = f.trailMaxCol;
    } else parent.state = S_VALUE;
    return true;
  }

  /**
   * A key with nothing after it becomes an empty (null) scalar right after ":" and its
   * spaces. When the pair's `sep` holds a comment, yaml's composeEmptyNode ends the node
   * (`range[2]`) where `sep` ends. `nextKey`: the next key of this mapping follows, and
   * blockMap has first moved the `sep` tokens from the second line break on (counted after
   * the last comment indented past the mapping) to that key.
   */
  private finishEmpty(f: Frame, nextKey: boolean): boolean {
    const p = f.emptyPos;
    let end = p;
    if (f.sepComment) {
      const sep = f.sep;
      let keep = sep.length;
      if (nextKey) {
        let first = -1;
        let second = -1;
        for (let i = 0; i < sep.length; i += 3) {
          const kind = sep[i];
          if (kind === SEP_NEWLINE) {
            if (first === -1) first = i;
            else if (second === -1) second = i;
          } else if (kind === SEP_COMMENT && sep[i + 2] > f.indent) first = second = -1;
        }
        if (second !== -1) keep = second;
      }
      let comment = false;
      for (let i = 0; i < keep; i += 3) if (sep[i] === SEP_COMMENT) comment = true;
      // resolveProps' `end`: the end of the last token left in `sep` (or of the ":" itself).
      if (comment) end = keep > 0 ? sep[keep - 2] : p;
    }
    const node = new FastScalar(null, Scalar.PLAIN, [p, p, end]);
    f.pair!.value = node;
    (f.data as Record<string, unknown>)[f.key] = null;
    f.state = S_VALUE;
    f.lastRange = node.range;
    f.endable = false;
    f.endLastComment = false;
    return true;
  }

  private addKey(key: string, offset: number, colonEnd: number): boolean {
    const f = this.stack[this.stack.length - 1];
    if (key.length > 1000) return this.fail('long key'); // yaml: the ":" must be within 1024 characters of the key's start
    if (key.includes('\n')) return this.fail('multi-line key');
    if (key === '__proto__' || key === '<<') return this.fail('special key');
    const c = key.charCodeAt(0);
    if (c < 128 && BAD_PLAIN_START[c] === 1) return this.fail('bad key start');
    if (resolvePlain(key) !== key) return this.fail('non-string key');
    const data = f.data as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(data, key)) return this.fail('duplicate key');
    const end = offset + key.length;
    const pair = new FastPair(new FastScalar(key, Scalar.PLAIN, [offset, end, end]));
    (f.node as FastMap).items.push(pair);
    f.pair = pair;
    f.key = key;
    f.state = S_SEP;
    f.emptyPos = colonEnd;
    f.sepComment = false;
    f.sepNewline = false;
    f.sep.length = 0;
    return true;
  }

  /** Gives the innermost collection's pending item (map value or sequence item) its value. */
  private setValue(node: FastNode, data: unknown, endable: boolean): void {
    const f = this.stack[this.stack.length - 1];
    if (f.kind === MAP) {
      f.pair!.value = node;
      (f.data as Record<string, unknown>)[f.key] = data;
    } else {
      (f.node as FastSeq).items.push(node);
      (f.data as unknown[]).push(data);
    }
    f.state = S_VALUE;
    f.lastRange = node.range;
    f.endable = endable;
    f.endLastComment = false;
  }

  /** A scalar that turned out not to be a key: the value of the pending pair or item. Returns its range (to extend). */
  private pendingValue(kind: number, start: number, src: string, col: number, item: boolean): Range | undefined {
    if (!item && !this.lineContent(VALUE, col, start)) return undefined;
    const node = this.flowScalar(kind, start, src);
    if (!node) return undefined;
    this.setValue(node, node.value, true);
    return node.range;
  }

  // --- scalars -----------------------------------------------------------------------------------

  private flowScalar(kind: number, offset: number, src: string): FastScalar | undefined {
    const len = src.length;
    const end = offset + len;
    if (kind === K_PLAIN) {
      const c = src.charCodeAt(0);
      if (len === 0 || (c < 128 && BAD_PLAIN_START[c] === 1)) return this.fail('plain scalar start') || undefined;
      let str = src;
      if (src.includes('\n')) {
        const folded = this.resolveFlow('scalar', offset, src);
        if (folded === undefined) return undefined;
        str = folded;
      }
      const value = resolvePlain(str);
      if (value === DECLINE) return this.fail('tag resolution') || undefined;
      return new FastScalar(value, Scalar.PLAIN, [offset, end, end]);
    }
    const q = kind === K_SINGLE ? 0x27 : 0x22;
    if (len < 2 || src.charCodeAt(len - 1) !== q) return this.fail('unterminated quote') || undefined;
    let value: string | undefined;
    if (src.indexOf(kind === K_SINGLE ? "'" : '"', 1) === len - 1 && !src.includes('\n') && (kind === K_SINGLE || !src.includes('\\'))) {
      value = src.slice(1, -1);
    } else {
      if (!closesAtEnd(src, kind === K_SINGLE)) return this.fail('quote closes early') || undefined;
      value = this.resolveFlow(kind === K_SINGLE ? 'single-quoted-scalar' : 'double-quoted-scalar', offset, src);
      if (value === undefined) return undefined;
    }
    return new FastScalar(value, kind === K_SINGLE ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE, [offset, end, end]);
  }

  /** yaml's own flow-scalar resolution (folding, escapes); undefined when it reports any error. */
  private resolveFlow(type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', offset: number, source: string): string | undefined {
    let error = false;
    const res = CST.resolveAsScalar({ type, offset, indent: 0, source } as CST.FlowScalar, true, () => (error = true));
    if (error || !res || typeof res.value !== 'string') return this.fail('scalar error') || undefined;
    return res.value;
  }

  private blockScalar(header: CST.SourceToken, props: CST.SourceToken[], indent: number, source: string): FastScalar | undefined {
    const h = header.source;
    for (let i = 1; i < h.length; i++) {
      const ch = h.charCodeAt(i);
      if (ch !== 0x2d && ch !== 0x2b) return this.fail('block scalar header') || undefined; // digits: explicit indentation
    }
    const token: CST.BlockScalar = { type: 'block-scalar', offset: header.offset, indent, props: [header, ...props], source };
    let error = false;
    const res = CST.resolveAsScalar(token, true, () => (error = true));
    if (error || !res || res.type === null) return this.fail('block scalar error') || undefined;
    return new FastScalar(res.value, res.type, res.range as Range);
  }
}

const DASH = 0;
const KEY = 1;
const VALUE = 2;

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

/**
 * The fast parse of `text`, or undefined when the text is outside the subset this path
 * handles exactly (then use parseYaml). A result means: no syntax problem, and `doc`,
 * `data`, `comments` equal what the full path gives.
 */
export function parseFast(text: string): FastParse | undefined {
  if (text.length === 0 || text.indexOf('\t') !== -1 || text.indexOf('\r') !== -1) {
    declineReason = text.length === 0 ? 'empty' : 'tab or CR';
    return undefined;
  }
  return new Builder(text).run();
}
