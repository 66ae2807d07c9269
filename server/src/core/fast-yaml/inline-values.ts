/**
 * What the fast path's reader (line-reader.ts) reads over several tokens: a scalar that the
 * next token makes a key or a value, a block scalar's header line (then its body comes as
 * one token), and a one-line flow sequence. Each keeps its own state; the reader keeps the line's.
 */
import type { CST } from 'yaml';
import { HASH, NEWLINE, SPACE } from './chars';
import { KEY, MAP, VALUE, type Collections } from './collections';
import { FastSeq, type Range } from './nodes';
import { blockScalar, flowScalar, K_PLAIN, type Built } from './scalars';

/**
 * A plain or quoted scalar at the start of a line or after "- ": a key if ":" follows it,
 * else a value. The reader reuses one instance.
 */
export class PendingScalar {
  kind = K_PLAIN;
  start = 0;
  source = '';
  col = 0;
  /** It follows "- " (a sequence item, or the first key of a mapping in one). */
  item = false;
  /** Where the spaces after it end (-1: none). */
  after = -1;

  set(kind: number, start: number, source: string, col: number, item: boolean): void {
    this.kind = kind;
    this.start = start;
    this.source = source;
    this.col = col;
    this.item = item;
    this.after = -1;
  }

  /** It is a key (its ":" ends at `colonEnd`): of a new mapping in a sequence item, or of the mapping at its column. False: declined. */
  toKey(c: Collections, colonEnd: number): boolean {
    if (this.kind !== K_PLAIN || this.after !== -1) return c.fail('key form');
    const placed = this.item ? c.push(MAP, this.col, this.start) : c.lineContent(KEY, this.col, this.start);
    return placed && c.addKey(this.source, this.start, colonEnd);
  }

  /** It is the value of the pending pair or item: its range (to extend), or undefined (declined). */
  toValue(c: Collections): Range | undefined {
    if (!this.item && !c.lineContent(VALUE, this.col, this.start)) return undefined;
    const node = flowScalar(this.kind, this.start, this.source);
    if (typeof node === 'string') {
      c.fail(node);
      return undefined;
    }
    c.setValue(node, node.value, true);
    return node.range;
  }
}

/** A block scalar's header ("|", ">-", …) and the tokens after it on its line. */
export class BlockScalarHeader {
  private readonly props: CST.SourceToken[] = [];
  private readonly header: CST.SourceToken;

  /** `indent`: the indentation of the collection the block scalar is a value of. */
  constructor(
    start: number,
    source: string,
    private readonly indent: number,
  ) {
    this.header = { type: 'block-scalar-header', offset: start, indent: 0, source };
  }

  /** A space, a comment or the line break after the header (`c`: its first character); false for anything else. */
  add(c: number, start: number, source: string): boolean {
    if (c === SPACE) this.props.push({ type: 'space', offset: start, indent: 0, source });
    else if (c === HASH) this.props.push({ type: 'comment', offset: start, indent: 0, source });
    else if (c === NEWLINE) this.props.push({ type: 'newline', offset: start, indent: 0, source: '\n' });
    else return false;
    return true;
  }

  /** The block scalar, given its body (the Lexer's scalar token after the header line). */
  withBody(body: string): Built {
    return blockScalar(this.header, this.props, this.indent, body);
  }
}

// Where in the sequence the reader is.
const F_OPEN = 0; // after "[": an item or "]"
const F_ITEM = 1; // after an item: spaces, "," or "]"
const F_COMMA = 2; // after ",": an item

/**
 * "[a, 'b', c]" on one line: flow scalars separated by commas. Each step returns '' or why
 * the fast path declines.
 */
export class FlowSequence {
  readonly node: FastSeq;
  readonly data: unknown[] = [];
  private state = F_OPEN;

  constructor(start: number) {
    this.node = new FastSeq([start, 0, 0], true);
  }

  /** Spaces after an item are in its range's end. */
  space(end: number): void {
    if (this.state === F_ITEM) this.node.items[this.node.items.length - 1].range[2] = end;
  }

  comma(): string {
    if (this.state !== F_ITEM) return 'flow comma';
    this.state = F_COMMA;
    return '';
  }

  /** An item: plain or quoted (`kind`: scalars.ts K_*), on this line. */
  item(kind: number, start: number, source: string): string {
    if (this.state === F_ITEM || source.includes('\n')) return 'flow sequence item';
    const node = flowScalar(kind, start, source);
    if (typeof node === 'string') return node;
    this.node.items.push(node);
    this.data.push(node.value);
    this.state = F_ITEM;
    return '';
  }

  /** "]" ends at `end`. */
  close(end: number): string {
    if (this.state === F_COMMA) return 'flow trailing comma';
    this.node.range[1] = end;
    this.node.range[2] = end;
    return '';
  }
}
