/**
 * The fast path's reader (see parse-fast.ts): yaml's Lexer tokens, one at a time, in one of
 * the modes below (where in a line it is); lines go to the open collections
 * (collections.ts), values to scalars.ts and inline-values.ts.
 */
import type { Comment } from '../parse';
import { CLOSE_BRACKET, COLON, COMMA, DASH_CHAR, DOUBLE_QUOTE, GREATER, HASH, NEWLINE, OPEN_BRACKET, PIPE, SINGLE_QUOTE, SPACE } from './chars';
import { Collections, DASH } from './collections';
import { BlockScalarHeader, FlowSequence, PendingScalar } from './inline-values';
import type { Range } from './nodes';
import type { FastParse } from './parse-fast';
import { flowScalar, K_DOUBLE, K_PLAIN, K_SINGLE, type Built } from './scalars';
import { DOCUMENT, lexTokens, SCALAR, TEXT } from './lexer';

// Where in a line the reader is (its mode).
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

/** What may start a value after "- " or ": " besides a plain scalar: a quote, a block scalar header, "[". */
function startsValue(c: number): boolean {
  return c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === PIPE || c === GREATER || c === OPEN_BRACKET;
}

/**
 * Reads the tokens of one text, one at a time (`token`), in one of the modes above. Each
 * handler returns false when the fast path declines; the first reason is kept in
 * `collections.failed`.
 */
export class LineReader {
  private readonly collections: Collections;
  private readonly comments: Comment[] = [];
  /** Comments are only needed for inline control (as in parse.ts). */
  private readonly collect: boolean;
  private mode = M_PRE;
  private lineStart = 0;
  /** The next token is a scalar's source (it follows yaml's `\x1f`). */
  private scalarNext = false;
  /** The last token was a space (a comment needs one before it). */
  private prevSpace = false;
  /** The next token is the first of the document (only it may be "---"). */
  private firstDocToken = false;
  /** The scalar read in M_PENDING: a key if ":" follows, else a value. */
  private readonly pending = new PendingScalar();
  /** The range of the value whose line this is (M_VALUE, M_VALUE_COMMENT): spaces and a comment extend its end. */
  private cur: Range | null = null;
  /** The flow sequence being read (M_FLOW). */
  private flow: FlowSequence | null = null;
  /** The block scalar being read (M_BLOCK_HEADER). */
  private block: BlockScalarHeader | null = null;

  constructor(private readonly text: string) {
    this.collect = text.includes('playbook-lint-');
    this.collections = new Collections(text);
  }

  /** The fast parse, or why the fast path declines the text. */
  read(): FastParse | string {
    const c = this.collections;
    const { kinds, starts, ends, count } = lexTokens(this.text);
    for (let t = 0; t < count; t++) if (!this.token(kinds[t], starts[t], ends[t])) return c.failed || 'declined';
    if (!this.finish() || !c.closeAll()) return c.failed || 'declined';
    return { doc: { contents: c.root! }, data: c.rootData, comments: this.comments };
  }

  private fail(reason: string): false {
    return this.collections.fail(reason);
  }

  /** true for '', else declines with that reason (the steps of inline-values.ts). */
  private ok(reason: string): boolean {
    return reason ? this.fail(reason) : true;
  }

  /** The text of a token (sliced only where a token's text is kept or compared). */
  private slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** One token of yaml's Lexer (lexer.ts: its kind and the offsets of its source); false: declined. */
  private token(kind: number, start: number, end: number): boolean {
    if (this.scalarNext) {
      this.scalarNext = false;
      return this.scalarSource(start, end, this.slice(start, end));
    }
    if (kind === SCALAR) {
      this.scalarNext = true;
      return true;
    }
    if (kind === DOCUMENT) return this.documentStart(start);
    if (kind !== TEXT) return this.fail('flow error');
    // A source token: its first character (-1 when empty).
    const c = end > start ? this.text.charCodeAt(start) : -1;
    const first = this.firstDocToken;
    this.firstDocToken = false;
    const ok = this.sourceToken(c, start, end, first);
    if (c !== SPACE) this.prevSpace = false;
    return ok;
  }

  /** The document starts (at the start of its first non-blank line). */
  private documentStart(start: number): boolean {
    if (this.mode !== M_PRE) return this.fail('second document');
    this.mode = M_LINE;
    this.lineStart = start;
    this.firstDocToken = true;
    return true;
  }

  private sourceToken(c: number, start: number, end: number, first: boolean): boolean {
    switch (this.mode) {
      case M_PRE:
        return this.beforeDocument(c, start, end);
      case M_DOCSTART:
        return this.afterDocumentStart(c, start, end);
      case M_LINE:
        return this.atLineStart(c, start, end, first);
      case M_LINE_COMMENT:
      case M_VALUE_COMMENT:
      case M_COLON_COMMENT:
        return this.afterComment(c, end);
      case M_PENDING:
        return this.afterPending(c, start, end);
      case M_DASH:
        if (c !== SPACE) return this.fail('after -');
        this.mode = M_DASH_SPACE;
        return true;
      case M_DASH_SPACE:
        return startsValue(c) ? this.valueStart(c, start, end, true) : this.fail('item');
      case M_COLON:
        return this.afterColon(c, end);
      case M_COLON_SPACE:
        return this.afterColonSpace(c, start, end);
      case M_VALUE:
        return this.afterValue(c, start, end);
      case M_BLOCK_HEADER:
        return this.inBlockHeader(c, start, end);
      case M_FLOW:
        return this.inFlowSequence(c, start, end);
      default:
        return this.fail('mode');
    }
  }

  /** A scalar's source: a plain scalar, or a block scalar's body. */
  private scalarSource(start: number, end: number, source: string): boolean {
    switch (this.mode) {
      case M_LINE:
        return this.pend(K_PLAIN, start, source, false);
      case M_DASH_SPACE:
        return this.pend(K_PLAIN, start, source, true);
      case M_COLON_SPACE:
        return this.inlineValue(this.built(flowScalar(K_PLAIN, start, source)));
      case M_BLOCK_HEADER:
        return this.closeBlockScalar(end, source);
      case M_FLOW:
        return this.ok(this.flow!.item(K_PLAIN, start, source));
      default:
        return this.fail('scalar here');
    }
  }

  private comment(start: number, end: number): void {
    if (this.collect) this.comments.push({ span: { start, end }, text: this.slice(start, end) });
  }

  private lineBreak(end: number): true {
    this.lineStart = end;
    this.mode = M_LINE;
    return true;
  }

  // --- lines --------------------------------------------------------------------------------------

  /** Blank and comment lines before the document. */
  private beforeDocument(c: number, start: number, end: number): boolean {
    if (c === SPACE) return true;
    if (c === NEWLINE) {
      this.lineStart = end;
      return true;
    }
    if (c !== HASH) return this.fail('stream token');
    this.comment(start, end);
    return true;
  }

  /** The rest of a leading "---" line: spaces and a comment. */
  private afterDocumentStart(c: number, start: number, end: number): boolean {
    if (c === SPACE) {
      this.prevSpace = true;
      return true;
    }
    if (c === HASH && this.prevSpace) {
      this.comment(start, end);
      this.prevSpace = false;
      return true;
    }
    if (c === NEWLINE) return this.lineBreak(end);
    return this.fail('content after ---');
  }

  /** A line's first tokens: its indentation, a blank or comment line, "-", a quoted key or value, a leading "---". */
  private atLineStart(c: number, start: number, end: number, first: boolean): boolean {
    const col = start - this.lineStart;
    if (c === SPACE) return start === this.lineStart ? this.collections.filler(end, false, 0) : this.fail('space');
    if (c === NEWLINE) return this.collections.filler(end, false, 0) && this.lineBreak(end);
    if (c === HASH) {
      this.comment(start, end);
      this.mode = M_LINE_COMMENT;
      return this.collections.filler(end, true, col);
    }
    if (c === DASH_CHAR && end - start === 1) {
      this.mode = M_DASH;
      return this.collections.lineContent(DASH, col, start);
    }
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) return this.pend(c === SINGLE_QUOTE ? K_SINGLE : K_DOUBLE, start, this.slice(start, end), false);
    if (first && !this.collections.root && end - start === 3 && this.text.startsWith('---', start)) {
      this.prevSpace = false;
      this.mode = M_DOCSTART;
      return true;
    }
    return this.fail('line start');
  }

  /** The line break that ends a comment, on a line of its own, after a value, or after a key's ": ". */
  private afterComment(c: number, end: number): boolean {
    if (c !== NEWLINE) return this.fail('after comment');
    if (this.mode === M_LINE_COMMENT) {
      if (!this.collections.filler(end, false, 0)) return false;
    } else if (this.mode === M_VALUE_COMMENT) this.cur![2] = end;
    else this.collections.sepNewline(end);
    return this.lineBreak(end);
  }

  // --- keys and values ----------------------------------------------------------------------------

  /** A plain or quoted scalar that is a key if ":" follows it, else a value. */
  private pend(kind: number, start: number, source: string, item: boolean): true {
    this.pending.set(kind, start, source, start - this.lineStart, item);
    this.mode = M_PENDING;
    return true;
  }

  /** After a pending scalar: ":" (it was a key), spaces, then the end of its line or a comment. */
  private afterPending(c: number, start: number, end: number): boolean {
    const pending = this.pending;
    if (c === COLON && end - start === 1) {
      this.mode = M_COLON;
      return pending.toKey(this.collections, end);
    }
    if (c === SPACE) {
      if (pending.after !== -1) return this.fail('space');
      pending.after = end;
      return true;
    }
    if (c !== NEWLINE && !(c === HASH && pending.after !== -1)) return this.fail('after scalar');
    const range = pending.toValue(this.collections);
    if (!range) return false;
    range[2] = end;
    if (c === NEWLINE) return this.lineBreak(end);
    this.comment(start, end);
    this.cur = range;
    this.mode = M_VALUE_COMMENT;
    return true;
  }

  /** A built scalar, or undefined after recording why it was not built. */
  private built(node: Built): Exclude<Built, string> | undefined {
    if (typeof node !== 'string') return node;
    this.fail(node);
    return undefined;
  }

  /** After a key's ":": a space or the line break (the value is on later lines). */
  private afterColon(c: number, end: number): boolean {
    if (c === SPACE) {
      this.collections.colonSpace(end);
      this.prevSpace = true;
      this.mode = M_COLON_SPACE;
      return true;
    }
    if (c !== NEWLINE) return this.fail('after :');
    this.collections.sepNewline(end);
    return this.lineBreak(end);
  }

  /** After ": ": a comment, the line break, or the start of a value. */
  private afterColonSpace(c: number, start: number, end: number): boolean {
    if (c === HASH) {
      this.comment(start, end);
      this.collections.sepComment(end);
      // The line break after it belongs to the pair's `sep` too.
      this.mode = M_COLON_COMMENT;
      return true;
    }
    if (c === NEWLINE) {
      this.collections.sepNewline(end);
      return this.lineBreak(end);
    }
    return startsValue(c) ? this.valueStart(c, start, end, false) : this.fail('value');
  }

  /**
   * The start of a value after "- " (`item`) or ": " that is not a plain scalar: a quoted
   * scalar (after "- " it may still be a key), a block scalar header, or "[".
   */
  private valueStart(c: number, start: number, end: number, item: boolean): boolean {
    const source = this.slice(start, end);
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      const kind = c === SINGLE_QUOTE ? K_SINGLE : K_DOUBLE;
      return item ? this.pend(kind, start, source, true) : this.inlineValue(this.built(flowScalar(kind, start, source)));
    }
    if (c === PIPE || c === GREATER) return this.openBlockScalar(start, source);
    return this.openFlowSequence(start);
  }

  /** A scalar value after ": " on the key's line. */
  private inlineValue(node: Exclude<Built, string> | undefined): boolean {
    if (!node) return false;
    this.collections.setValue(node, node.value, true);
    return this.valueOnLine(node.range);
  }

  /** A one-line value (scalar or flow sequence) was read: spaces and a comment may follow on its line. */
  private valueOnLine(range: Range): true {
    this.cur = range;
    this.prevSpace = false;
    this.mode = M_VALUE;
    return true;
  }

  /** After a value on its line: spaces (in its range's end), the line break, or a comment after a space. */
  private afterValue(c: number, start: number, end: number): boolean {
    if (c === SPACE) {
      this.cur![2] = end;
      this.prevSpace = true;
      return true;
    }
    if (c === NEWLINE) {
      this.cur![2] = end;
      return this.lineBreak(end);
    }
    if (c !== HASH || !this.prevSpace) return this.fail('after value');
    this.comment(start, end);
    this.cur![2] = end;
    this.mode = M_VALUE_COMMENT;
    return true;
  }

  // --- block scalars and flow sequences -------------------------------------------------------------

  private openBlockScalar(start: number, source: string): true {
    this.block = new BlockScalarHeader(start, source, this.collections.innermostIndent());
    this.prevSpace = false;
    this.mode = M_BLOCK_HEADER;
    return true;
  }

  /** The rest of a block scalar's header line: spaces, a comment, the line break (then its body follows). */
  private inBlockHeader(c: number, start: number, end: number): boolean {
    if (!this.block!.add(c, start, this.slice(start, end))) return this.fail('block scalar header');
    if (c === HASH) this.comment(start, end);
    return true;
  }

  private closeBlockScalar(end: number, body: string): boolean {
    const node = this.built(this.block!.withBody(body));
    if (!node) return false;
    this.collections.setValue(node, node.value, false);
    this.block = null;
    return this.lineBreak(end);
  }

  private openFlowSequence(start: number): true {
    this.flow = new FlowSequence(start);
    this.mode = M_FLOW;
    return true;
  }

  /** Inside "[ … ]": spaces, ",", a quoted item, "]" (plain items come through scalarSource). */
  private inFlowSequence(c: number, start: number, end: number): boolean {
    const flow = this.flow!;
    if (c === SPACE) {
      flow.space(end);
      return true;
    }
    if (c === COMMA && end - start === 1) return this.ok(flow.comma());
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) return this.ok(flow.item(c === SINGLE_QUOTE ? K_SINGLE : K_DOUBLE, start, this.slice(start, end)));
    if (c !== CLOSE_BRACKET || end - start !== 1) return this.fail('flow token');
    if (!this.ok(flow.close(end))) return false;
    this.collections.setValue(flow.node, flow.data, true);
    this.flow = null;
    return this.valueOnLine(flow.node.range);
  }

  // --- the end ------------------------------------------------------------------------------------

  /** The end of the text: a pending scalar is a value (spaces after it are in its end). */
  private finish(): boolean {
    if (this.scalarNext) return this.fail('end');
    switch (this.mode) {
      case M_LINE:
      case M_LINE_COMMENT:
      case M_VALUE:
      case M_VALUE_COMMENT:
      case M_COLON:
      case M_COLON_SPACE:
      case M_COLON_COMMENT:
        return true;
      case M_PENDING: {
        const range = this.pending.toValue(this.collections);
        if (!range) return false;
        if (this.pending.after !== -1) range[2] = this.pending.after;
        return true;
      }
      default:
        return this.fail('end of input');
    }
  }
}
