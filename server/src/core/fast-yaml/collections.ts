/**
 * The collections the fast path is building, innermost last: where each line's content goes
 * by its column, and where blank lines and comment lines go, as yaml's Parser decides (they
 * move `range[2]` of values and collections, and so `range[1]` of their parents). Also the
 * plain JS value of each collection, built alongside (what `toJS()` gives).
 */
import { Scalar } from 'yaml';
import { FastMap, FastPair, FastScalar, FastSeq, type FastNode, type Range } from './nodes';
import { BAD_PLAIN_START, resolvePlain } from './scalars';

/** Collection kinds. */
export const MAP = 0;
export const SEQ = 1;

/** What starts a line's content (lineContent). */
export const DASH = 0;
export const KEY = 1;
export const VALUE = 2;

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

export class Collections {
  private readonly stack: Frame[] = [];
  root: FastMap | undefined;
  rootData: Record<string, unknown> | undefined;
  private rootClosed = false;
  /** Why the fast path declines: the first reason given ('' while all is well). */
  failed = '';

  constructor(private readonly text: string) {}

  fail(reason: string): false {
    if (!this.failed) this.failed = reason;
    return false;
  }

  /** The indentation of the innermost collection (a block scalar's parent). */
  innermostIndent(): number {
    return this.stack[this.stack.length - 1].indent;
  }

  /** The ":" of the pending pair is followed by a space: an empty value would sit after it. */
  colonSpace(end: number): void {
    const f = this.stack[this.stack.length - 1];
    f.emptyPos = end;
    f.sep.push(SEP_SPACE, end, 0);
  }

  /** A line break after the pending pair's ":" (its value, if any, is on a later line). */
  sepNewline(end: number): void {
    const f = this.stack[this.stack.length - 1];
    f.sepNewline = true;
    f.sep.push(SEP_NEWLINE, end, 0);
  }

  /** A comment on the pending pair's key line, after ": ". */
  sepComment(end: number): void {
    const f = this.stack[this.stack.length - 1];
    f.sepComment = true;
    // On the key's line the Parser's indentation is the key's column, the mapping's.
    f.sep.push(SEP_COMMENT, end, f.indent);
  }

  /** Closes every open collection at the end of the text; false (declined) when there is no root mapping. */
  closeAll(): boolean {
    while (this.stack.length) if (!this.pop()) return false;
    return this.root ? true : this.fail('no mapping');
  }

  /**
   * A blank line, a line's indentation or a comment line, before the next content: yaml's
   * Parser hands these to the innermost open collection (blockMap / blockSequence).
   */
  filler(end: number, comment: boolean, col: number): boolean {
    const f = this.stack[this.stack.length - 1];
    if (!f) return true; // before the root: the document's own start
    switch (f.state) {
      case S_SEP:
        if (comment) {
          f.sepComment = true;
          f.sep.push(SEP_COMMENT, end, col);
        } else if (this.text.charCodeAt(end - 1) === 0x0a) {
          f.sepNewline = true;
          f.sep.push(SEP_NEWLINE, end, 0);
        } else f.sep.push(SEP_SPACE, end, 0);
        return true;
      case S_VALUE:
        // A line break right after a comment that joined the value's `end` joins it too.
        if (!comment && f.endable && f.endLastComment && this.text.charCodeAt(end - 1) === 0x0a) {
          f.lastRange[2] = end;
          f.endLastComment = false;
          return true;
        }
        f.state = S_TRAIL;
        f.trailEnd = end;
        f.trailComment = comment;
        f.trailMaxCol = comment ? col : -1;
        return true;
      case S_TRAIL:
        if (comment) {
          // atIndentedComment: a comment indented past the collection, with only blank space
          // before it since the last value, joins that value's `end` (flow scalars and flow collections have one).
          if (!f.trailComment && col > f.indent && f.endable) {
            f.lastRange[2] = end;
            f.endLastComment = true;
            f.state = S_VALUE;
            return true;
          }
          f.trailComment = true;
          if (col > f.trailMaxCol) f.trailMaxCol = col;
        }
        f.trailEnd = end;
        return true;
      default:
        // S_ITEM / S_CHILD: not the innermost collection's state between lines in the accepted subset.
        return this.fail('filler state');
    }
  }

  /** The first content of a line (a "-", a key or a value) at column `col`: closes collections, checks the columns. */
  lineContent(kind: number, col: number, offset: number): boolean {
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
  push(kind: number, col: number, offset: number): boolean {
    // yaml composes recursively and reports nesting past its stack as an error; playbooks nest about 6 deep.
    if (this.stack.length >= MAX_DEPTH) return this.fail('deep nesting');
    const node = kind === MAP ? new FastMap([offset, offset, offset]) : new FastSeq([offset, offset, offset], false);
    const data: Record<string, unknown> | unknown[] = kind === MAP ? {} : [];
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = node as FastMap;
      this.rootData = data as Record<string, unknown>;
    } else {
      attach(parent, node, data);
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
    fill(f, new FastScalar(null, Scalar.PLAIN, [p, p, end]), null, false);
    return true;
  }

  /** A plain key of the innermost mapping, with the end of its ":"; declines keys the fast path does not model. */
  addKey(key: string, offset: number, colonEnd: number): boolean {
    const f = this.stack[this.stack.length - 1];
    if (key.length > 1000) return this.fail('long key'); // yaml: the ":" must be within 1024 characters of the key's start
    if (key.includes('\n')) return this.fail('multi-line key');
    if (key === '__proto__' || key === '<<') return this.fail('special key');
    const c = key.charCodeAt(0);
    if (c < 128 && BAD_PLAIN_START[c] === 1) return this.fail('bad key start');
    if (resolvePlain(key) !== key) return this.fail('non-string key');
    const data = f.data as Record<string, unknown>;
    if (Object.hasOwn(data, key)) return this.fail('duplicate key');
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
  setValue(node: FastNode, data: unknown, endable: boolean): void {
    fill(this.stack[this.stack.length - 1], node, data, endable);
  }
}

/** Puts `node` and its plain value `data` in the frame's pending place: its pair's value, or its next item. */
function attach(f: Frame, node: FastNode, data: unknown): void {
  if (f.kind === MAP) {
    f.pair!.value = node;
    (f.data as Record<string, unknown>)[f.key] = data;
  } else {
    (f.node as FastSeq).items.push(node);
    (f.data as unknown[]).push(data);
  }
}

/** The frame's pending item gets its (complete) value; `endable`: a flow scalar or flow collection (see Frame). */
function fill(f: Frame, node: FastNode, data: unknown, endable: boolean): void {
  attach(f, node, data);
  f.state = S_VALUE;
  f.lastRange = node.range;
  f.endable = endable;
  f.endLastComment = false;
}
