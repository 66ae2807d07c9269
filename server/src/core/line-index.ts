import type { Position, Range, TextSpan } from './types';

/** What the index reads of its text: only whether a character is a line break or half of a surrogate pair. */
interface CharCodes {
  readonly length: number;
  charCodeAt(index: number): number;
}

/**
 * The characters of an LF-only text without surrogate pairs, from its line starts alone: a line
 * feed before each line start, something ordinary everywhere else. Held instead of the text by
 * LineIndex.withoutText.
 */
class LineFeedsOnly implements CharCodes {
  constructor(
    private readonly starts: number[],
    readonly length: number,
  ) {}

  charCodeAt(index: number): number {
    const at = index + 1;
    let lo = 1;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.starts[mid];
      if (s === at) return 10;
      if (s < at) lo = mid + 1;
      else hi = mid - 1;
    }
    return 32;
  }
}

/** Maps offsets to 0-based line / UTF-16 column and back, by binary search over line starts. */
/** A LineIndex as plain data (structured-cloned between threads). */
export interface PlainLineIndex {
  starts: number[];
  length: number;
  /** Only for a text withoutText could not drop (CR line breaks, surrogate pairs). */
  text?: string;
}

export class LineIndex {
  private readonly starts: number[];

  private text: CharCodes;
  /** The text is LF only and holds no surrogate pair (withoutText can drop it); undefined: not known yet. */
  private readonly plain: boolean | undefined;

  /** `surrogatePairs`: whether the text holds one, when the caller knows (decodeBytes does); else withoutText looks. */
  constructor(text: string, surrogatePairs?: boolean) {
    this.text = text;
    const starts = [0];
    const lfOnly = text.indexOf('\r') === -1;
    this.plain = !lfOnly ? false : surrogatePairs === undefined ? undefined : !surrogatePairs;
    if (lfOnly) {
      // The usual case, LF only: indexOf scans several times faster than a loop over every character.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.starts = starts;
    this.length = text.length;
  }

  readonly length: number;

  /**
   * The same index without a reference to the file's text (a slim analysis kept between the lint
   * phases must not hold every file's text): exact for LF-only text without surrogate pairs,
   * else the text stays.
   */
  withoutText(): LineIndex {
    const text = this.text;
    if (typeof text !== 'string' || !(this.plain ?? !/[\r\ud800-\udfff]/.test(text))) return this;
    const copy = Object.create(LineIndex.prototype) as LineIndex;
    Object.assign(copy, this);
    copy.text = new LineFeedsOnly(this.starts, this.length);
    return copy;
  }

  /** The index as plain data, for another thread (LineIndex.fromPlain rebuilds it there). */
  toPlain(): PlainLineIndex {
    return { starts: this.starts, length: this.length, text: typeof this.text === 'string' ? this.text : undefined };
  }

  /** An index sent as plain data: with its text, or (sent without it) exact as withoutText is. */
  static fromPlain(plain: PlainLineIndex): LineIndex {
    const copy = Object.create(LineIndex.prototype) as LineIndex;
    Object.assign(copy, { starts: plain.starts, length: plain.length, text: plain.text ?? new LineFeedsOnly(plain.starts, plain.length), plain: undefined });
    return copy;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /**
   * The position of an offset. An offset between the `\r` and `\n` of a CRLF
   * line break is not a place LSP can name: it maps to before the `\r` (the
   * end of that line's text).
   */
  position(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.length));
    // (o < length first: reading past the end gives NaN, but throws away the optimised code that does.)
    if (o > 0 && o < this.length && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /**
   * The offset of a position. As in LSP, a column past the end of its line
   * means the end of that line (before its line break), never the next line.
   */
  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.length;
    const line = Math.max(0, pos.line);
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** A span's range, widened to whole characters: never splitting a surrogate pair (an emoji). */
  range(span: TextSpan): Range {
    const { start, end } = wholeCharacters(this.text, span);
    return { start: this.position(start), end: this.position(end) };
  }
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** A span widened so that neither end falls between the two halves of a surrogate pair. */
export function wholeCharacters(text: CharCodes, span: TextSpan): TextSpan {
  let start = Math.max(0, Math.min(span.start, text.length));
  let end = Math.max(start, Math.min(span.end, text.length));
  if (start > 0 && start < text.length && isHigh(text.charCodeAt(start - 1)) && isLow(text.charCodeAt(start))) start--;
  if (end > 0 && end < text.length && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end++;
  return start === span.start && end === span.end ? span : { start, end };
}
