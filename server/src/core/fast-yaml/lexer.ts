/**
 * yaml's Lexer (yaml 2.9, src/parse/lexer.ts, ISC licence, © Eemeli Aro), ported statement
 * by statement from a generator of substrings to a loop that records each token as three
 * integers: a kind, and the start and end offsets of its source. Same states, same
 * decisions, so the same tokens at the same places: test/unit/fast-yaml-lexer.test.ts checks
 * that on every sample, fixture and corpus file and thousands of random variants, including
 * the tabs, CRs, flow collections, anchors and directives the fast path itself declines.
 *
 * Why a port: the fast path needs yaml's exact token boundaries (where a plain scalar ends,
 * which lines continue it, how far a block scalar runs), but yaml's Lexer yields every token
 * through two to four nested generators and copies it out as a string; that costs more than
 * everything else the fast path does. The port allocates nothing per token.
 *
 * Kept after measuring yaml's exported Lexer in its place (docs/architecture-parser.md): the
 * CLI spent 45 % more CPU. So package.json pins yaml to the exact version ported (2.9.1);
 * before moving the pin, run test/unit/fast-yaml-lexer.test.ts and the fuzz against the new
 * version and port what changed.
 *
 * Differences that do not change the tokens: input is always complete (yaml's `atEnd`, so the
 * branches that wait for more input are gone); `getLine()` returns the line's end offset
 * instead of a copy of the line.
 */

/** Token kinds that are not source text (yaml's control tokens). Source tokens have kind TEXT. */
export const TEXT = 0;
/** `\x02`: a document starts with the next token. */
export const DOCUMENT = 1;
/** `\x1f`: the next token is a scalar's source (possibly empty). */
export const SCALAR = 2;
/** `\x18`: unexpected end of flow mode (an error). */
export const FLOW_END = 3;

// Lexer states (yaml's `next` strings).
const ST_STREAM = 0;
const ST_LINE_START = 1;
const ST_BLOCK_START = 2;
const ST_DOC = 3;
const ST_FLOW = 4;

/**
 * What code() gives outside the text: no character. (yaml's lexer reads NaN there, which charCodeAt gives; a
 * number that is not a small integer, or a read out of bounds, throws the lexer's optimised code away in each thread.)
 */
const END = -1;
const isEmpty = (ch: number): boolean => ch === END || ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09;
const isFlowIndicator = (ch: number): boolean => ch === 0x2c || ch === 0x5b || ch === 0x5d || ch === 0x7b || ch === 0x7d;
const isNotAnchorChar = (ch: number): boolean =>
  ch === END || ch === 0x20 || ch === 0x2c || ch === 0x5b || ch === 0x5d || ch === 0x7b || ch === 0x7d || ch === 0x0a || ch === 0x0d || ch === 0x09;
const isHex = (ch: number): boolean => (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
/** yaml's tagChars: 0-9 A-Z a-z - # ; / ? : @ & = + $ _ . ! ~ * ' ( ) */
const TAG_CHARS = new Uint8Array(128);
for (const ch of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()") TAG_CHARS[ch.charCodeAt(0)] = 1;

/** The tokens of a text: `kinds[i]`, `starts[i]`, `ends[i]` for i < count. */
export interface Tokens {
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

export class TokenLexer implements Tokens {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;

  private readonly text: string;
  private readonly len: number;
  private pos = 0;
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  private flowKey = false;
  private flowLevel = 0;
  private indentNext = 0;
  private indentValue = 0;
  private lineEndPos = -2; // -2: not computed (yaml: null)

  constructor(text: string) {
    this.text = text;
    this.len = text.length;
    // About one token per 8 characters in playbooks; grown on demand.
    const cap = Math.max(64, (text.length >> 3) + 16);
    this.kinds = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  /** Lexes the whole text (yaml: `lex(source)` with incomplete false). */
  run(): this {
    let next = ST_STREAM;
    while (this.pos < this.len) next = this.parseNext(next);
    return this;
  }

  private emit(kind: number, start: number, end: number): void {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.count = i + 1;
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const kinds = new Uint8Array(cap);
    const starts = new Int32Array(cap);
    const ends = new Int32Array(cap);
    kinds.set(this.kinds);
    starts.set(this.starts);
    ends.set(this.ends);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
  }

  /** The character code at `i`, END outside the text. */
  private code(i: number): number {
    return i >= 0 && i < this.text.length ? this.text.charCodeAt(i) : END;
  }

  private atLineEnd(): boolean {
    let i = this.pos;
    let ch = this.code(i);
    while (ch === 0x20 || ch === 0x09) ch = this.code(++i);
    if (ch === END || ch === 0x23 || ch === 0x0a) return true;
    if (ch === 0x0d) return this.code(i + 1) === 0x0a;
    return false;
  }

  private continueScalar(offset: number): number {
    let ch = this.code(offset);
    if (this.indentNext > 0) {
      let indent = 0;
      while (ch === 0x20) ch = this.code(++indent + offset);
      if (ch === 0x0d) {
        const next = this.code(indent + offset + 1);
        if (next === 0x0a) return offset + indent + 1;
      }
      return ch === 0x0a || indent >= this.indentNext ? offset + indent : -1;
    }
    if (ch === 0x2d || ch === 0x2e) {
      if (this.isMarker(offset) && isEmpty(this.code(offset + 3))) return -1;
    }
    return offset;
  }

  /** `---` or `...` at `i`. */
  private isMarker(i: number): boolean {
    const c = this.code(i);
    return (c === 0x2d || c === 0x2e) && this.code(i + 1) === c && this.code(i + 2) === c;
  }

  /** The end of the current line's content (before `\n`, or `\r\n`): yaml's getLine() as an offset. */
  private getLine(): number {
    let end = this.lineEndPos;
    if (end === -2 || (end !== -1 && end < this.pos)) {
      end = this.text.indexOf('\n', this.pos);
      this.lineEndPos = end;
    }
    if (end === -1) return this.len;
    if (this.code(end - 1) === 0x0d) end -= 1;
    // yaml: buffer.substring(pos, end); `end` < pos only inside a "\r\n" pair, never a lexer position.
    return end < this.pos ? this.pos : end;
  }

  private parseNext(next: number): number {
    switch (next) {
      case ST_STREAM:
        return this.parseStream();
      case ST_LINE_START:
        return this.parseLineStart();
      case ST_BLOCK_START:
        return this.parseBlockStart();
      case ST_DOC:
        return this.parseDocument();
      default:
        return this.parseFlowCollection();
    }
  }

  private parseStream(): number {
    const lineEnd = this.getLine();
    if (this.code(this.pos) === 0xfeff) {
      this.pushCount(1);
    }
    const line = this.pos; // the line (after a BOM) is text[line, lineEnd)
    if (this.code(line) === 0x25 && line < lineEnd) {
      // A directive: up to a comment (" #") and without trailing white space.
      let dirEnd = lineEnd - line;
      let cs = this.text.indexOf('#', line);
      while (cs !== -1 && cs < lineEnd) {
        const ch = cs > line ? this.code(cs - 1) : END;
        if (ch === 0x20 || ch === 0x09) {
          dirEnd = cs - 1 - line;
          break;
        } else {
          cs = this.text.indexOf('#', cs + 1);
        }
      }
      for (;;) {
        const ch = this.code(line + dirEnd - 1);
        if (dirEnd > 0 && (ch === 0x20 || ch === 0x09)) dirEnd -= 1;
        else break;
      }
      const n = this.pushCount(dirEnd) + this.pushSpaces(true);
      this.pushCount(lineEnd - line - n); // possible comment
      // yaml calls `this.pushNewline()` here without `yield*`, which emits nothing: the line
      // break comes out of the next stream step instead (same tokens, same order).
      return ST_STREAM;
    }
    if (this.atLineEnd()) {
      const sp = this.pushSpaces(true);
      this.pushCount(lineEnd - line - sp);
      this.pushNewline();
      return ST_STREAM;
    }
    this.emit(DOCUMENT, this.pos, this.pos);
    return this.parseLineStart();
  }

  private parseLineStart(): number {
    const ch = this.code(this.pos);
    if (ch === 0x2d || ch === 0x2e) {
      if (this.isMarker(this.pos) && isEmpty(this.code(this.pos + 3))) {
        this.pushCount(3);
        this.indentValue = 0;
        this.indentNext = 0;
        return ch === 0x2d ? ST_DOC : ST_STREAM;
      }
    }
    this.indentValue = this.pushSpaces(false);
    if (this.indentNext > this.indentValue && !isEmpty(this.code(this.pos + 1))) this.indentNext = this.indentValue;
    return this.parseBlockStart();
  }

  private parseBlockStart(): number {
    const ch0 = this.code(this.pos);
    const ch1 = this.code(this.pos + 1);
    if ((ch0 === 0x2d || ch0 === 0x3f || ch0 === 0x3a) && isEmpty(ch1)) {
      const n = this.pushCount(1) + this.pushSpaces(true);
      this.indentNext = this.indentValue + 1;
      this.indentValue += n;
      return ST_BLOCK_START;
    }
    return ST_DOC;
  }

  private parseDocument(): number {
    this.pushSpaces(true);
    const line = this.pos;
    const lineEnd = this.getLine();
    let n = this.pushIndicators();
    const ch = line + n < lineEnd ? this.code(line + n) : END;
    switch (ch) {
      case 0x23: // #
        this.pushCount(lineEnd - line - n);
        this.pushNewline();
        return this.parseLineStart();
      case 0x7b: // {
      case 0x5b: // [
        this.pushCount(1);
        this.flowKey = false;
        this.flowLevel = 1;
        return ST_FLOW;
      case 0x7d: // }
      case 0x5d: // ]
        // this is an error
        this.pushCount(1);
        return ST_DOC;
      case 0x2a: // *
        this.pushUntil(isNotAnchorChar);
        return ST_DOC;
      case 0x22: // "
      case 0x27: // '
        return this.parseQuotedScalar();
      case 0x7c: // |
      case 0x3e: // >
        n += this.parseBlockScalarHeader();
        n += this.pushSpaces(true);
        this.pushCount(lineEnd - line - n);
        this.pushNewline();
        return this.parseBlockScalar();
      default:
        if (ch === END) {
          this.pushNewline();
          return this.parseLineStart();
        }
        return this.parsePlainScalar();
    }
  }

  private parseFlowCollection(): number {
    let nl: number;
    let sp: number;
    let indent = -1;
    do {
      nl = this.pushNewline();
      if (nl > 0) {
        sp = this.pushSpaces(false);
        this.indentValue = indent = sp;
      } else {
        sp = 0;
      }
      sp += this.pushSpaces(true);
    } while (nl + sp > 0);
    const line = this.pos;
    const lineEnd = this.getLine();
    const at = (k: number): number => (line + k < lineEnd ? this.code(line + k) : END);
    if ((indent !== -1 && indent < this.indentNext && at(0) !== 0x23) || (indent === 0 && lineEnd - line >= 3 && this.isMarker(line) && isEmpty(at(3)))) {
      // Allowing for the terminal ] or } at the same (rather than greater)
      // indent level as the initial [ or { is technically invalid, but
      // failing here would be surprising to users.
      const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (at(0) === 0x5d || at(0) === 0x7d);
      if (!atFlowEndMarker) {
        // this is an error
        this.flowLevel = 0;
        this.emit(FLOW_END, this.pos, this.pos);
        return this.parseLineStart();
      }
    }
    let n = 0;
    while (at(n) === 0x2c) {
      n += this.pushCount(1);
      n += this.pushSpaces(true);
      this.flowKey = false;
    }
    n += this.pushIndicators();
    const ch = at(n);
    switch (ch) {
      case 0x23: // #
        this.pushCount(lineEnd - line - n);
        return ST_FLOW;
      case 0x7b:
      case 0x5b:
        this.pushCount(1);
        this.flowKey = false;
        this.flowLevel += 1;
        return ST_FLOW;
      case 0x7d:
      case 0x5d:
        this.pushCount(1);
        this.flowKey = true;
        this.flowLevel -= 1;
        return this.flowLevel ? ST_FLOW : ST_DOC;
      case 0x2a:
        this.pushUntil(isNotAnchorChar);
        return ST_FLOW;
      case 0x22:
      case 0x27:
        this.flowKey = true;
        return this.parseQuotedScalar();
      case 0x3a: {
        const next = this.code(this.pos + 1);
        if (this.flowKey || isEmpty(next) || next === 0x2c) {
          this.flowKey = false;
          this.pushCount(1);
          this.pushSpaces(true);
          return ST_FLOW;
        }
        this.flowKey = false;
        return this.parsePlainScalar();
      }
      default:
        if (ch === END) return ST_FLOW;
        this.flowKey = false;
        return this.parsePlainScalar();
    }
  }

  private parseQuotedScalar(): number {
    const text = this.text;
    const quote = this.code(this.pos);
    let end = text.indexOf(quote === 0x27 ? "'" : '"', this.pos + 1);
    if (quote === 0x27) {
      while (end !== -1 && this.code(end + 1) === 0x27) end = text.indexOf("'", end + 2);
    } else {
      // double-quote
      while (end !== -1) {
        let n = 0;
        while (this.code(end - 1 - n) === 0x5c) n += 1;
        if (n % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
    }
    // Only looking for newlines within the quotes (yaml: in buffer.substring(0, end), which is '' when end is -1)
    const nlBefore = (from: number): number => {
      if (end <= 0) return -1;
      const i = text.indexOf('\n', from);
      return i !== -1 && i < end ? i : -1;
    };
    let nl = nlBefore(this.pos);
    if (nl !== -1) {
      while (nl !== -1) {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = nlBefore(cs);
      }
      if (nl !== -1) {
        // this is an error caused by an unexpected unindent
        end = nl - (this.code(nl - 1) === 0x0d ? 2 : 1);
      }
    }
    if (end === -1) end = this.len;
    this.pushToIndex(end + 1, false);
    return this.flowLevel ? ST_FLOW : ST_DOC;
  }

  private parseBlockScalarHeader(): number {
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    let i = this.pos;
    for (;;) {
      const ch = this.code(++i);
      if (ch === 0x2b) this.blockScalarKeep = true;
      else if (ch > 0x30 && ch <= 0x39) this.blockScalarIndent = ch - 0x30 - 1;
      else if (ch !== 0x2d) break;
    }
    return this.pushUntil((ch) => isEmpty(ch) || ch === 0x23);
  }

  private parseBlockScalar(): number {
    const text = this.text;
    let nl = this.pos - 1; // may be -1 if this.pos === 0
    let indent = 0;
    let ch = END;
    loop: for (let i = this.pos; i < this.len; ++i) {
      ch = this.code(i);
      switch (ch) {
        case 0x20:
          indent += 1;
          break;
        case 0x0a:
          nl = i;
          indent = 0;
          break;
        case 0x0d: {
          const next = this.code(i + 1);
          if (next === 0x0a) break;
          break loop;
        }
        default:
          break loop;
      }
      ch = END;
    }
    if (indent >= this.indentNext) {
      if (this.blockScalarIndent === -1) this.indentNext = indent;
      else {
        this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
      }
      do {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = text.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) {
        nl = this.len;
      }
    }
    // Trailing insufficiently indented tabs are invalid.
    // To catch that during parsing, we include them in the block scalar value.
    let i = nl + 1;
    ch = this.code(i);
    while (ch === 0x20) ch = this.code(++i);
    if (ch === 0x09) {
      while (ch === 0x09 || ch === 0x20 || ch === 0x0d || ch === 0x0a) ch = this.code(++i);
      nl = i - 1;
    } else if (!this.blockScalarKeep) {
      for (;;) {
        let j = nl - 1;
        let c = this.code(j);
        if (c === 0x0d) c = this.code(--j);
        const lastChar = j; // Drop the line if last char not more indented
        while (c === 0x20) c = this.code(--j);
        if (c === 0x0a && j >= this.pos && j + 1 + indent > lastChar) nl = j;
        else break;
      }
    }
    this.emit(SCALAR, this.pos, this.pos);
    this.pushToIndex(nl + 1, true);
    return this.parseLineStart();
  }

  private parsePlainScalar(): number {
    const inFlow = this.flowLevel > 0;
    let end = this.pos - 1;
    let i = this.pos - 1;
    let ch: number;
    while (++i < this.len) {
      ch = this.code(i);
      if (ch === 0x3a) {
        const next = this.code(i + 1);
        if (isEmpty(next) || (inFlow && isFlowIndicator(next))) break;
        end = i;
      } else if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
        let next = this.code(i + 1);
        if (ch === 0x0d) {
          if (next === 0x0a) {
            i += 1;
            ch = 0x0a;
            next = this.code(i + 1);
          } else end = i;
        }
        if (next === 0x23 || (inFlow && isFlowIndicator(next))) break;
        if (ch === 0x0a) {
          const cs = this.continueScalar(i + 1);
          if (cs === -1) break;
          i = Math.max(i, cs - 2); // to advance, but still account for ' #'
        }
      } else {
        if (inFlow && isFlowIndicator(ch)) break;
        end = i;
      }
    }
    this.emit(SCALAR, this.pos, this.pos);
    this.pushToIndex(end + 1, true);
    return inFlow ? ST_FLOW : ST_DOC;
  }

  private pushCount(n: number): number {
    if (n > 0) {
      // yaml: buffer.substr(pos, n), which stops at the end of the input.
      this.emit(TEXT, Math.min(this.pos, this.len), Math.min(this.len, this.pos + n));
      this.pos += n;
      return n;
    }
    return 0;
  }

  private pushToIndex(i: number, allowEmpty: boolean): number {
    const end = Math.min(i, this.len);
    if (end > this.pos) {
      const n = end - this.pos;
      this.emit(TEXT, this.pos, end);
      this.pos += n;
      return n;
    } else if (allowEmpty) this.emit(TEXT, this.pos, this.pos);
    return 0;
  }

  private pushIndicators(): number {
    let n = 0;
    for (;;) {
      const ch = this.code(this.pos);
      if (ch === 0x21) {
        n += this.pushTag();
        n += this.pushSpaces(true);
        continue;
      }
      if (ch === 0x26) {
        n += this.pushUntil(isNotAnchorChar);
        n += this.pushSpaces(true);
        continue;
      }
      if (ch === 0x2d || ch === 0x3f || ch === 0x3a) {
        // "-" is an error, "?" an error outside flow collections
        const inFlow = this.flowLevel > 0;
        const ch1 = this.code(this.pos + 1);
        if (isEmpty(ch1) || (inFlow && isFlowIndicator(ch1))) {
          if (!inFlow) this.indentNext = this.indentValue + 1;
          else if (this.flowKey) this.flowKey = false;
          n += this.pushCount(1);
          n += this.pushSpaces(true);
          continue;
        }
      }
      return n;
    }
  }

  private pushTag(): number {
    if (this.code(this.pos + 1) === 0x3c) {
      let i = this.pos + 2;
      let ch = this.code(i);
      while (!isEmpty(ch) && ch !== 0x3e) ch = this.code(++i);
      return this.pushToIndex(ch === 0x3e ? i + 1 : i, false);
    } else {
      let i = this.pos + 1;
      let ch = this.code(i);
      while (ch !== END) {
        if (ch >= 0 && ch < 128 && TAG_CHARS[ch] === 1) ch = this.code(++i);
        else if (ch === 0x25 && isHex(this.code(i + 1)) && isHex(this.code(i + 2))) {
          ch = this.code((i += 3));
        } else break;
      }
      return this.pushToIndex(i, false);
    }
  }

  private pushNewline(): number {
    const ch = this.code(this.pos);
    if (ch === 0x0a) return this.pushCount(1);
    else if (ch === 0x0d && this.code(this.pos + 1) === 0x0a) return this.pushCount(2);
    else return 0;
  }

  private pushSpaces(allowTabs: boolean): number {
    let i = this.pos - 1;
    let ch: number;
    do {
      ch = this.code(++i);
    } while (ch === 0x20 || (allowTabs && ch === 0x09));
    const n = i - this.pos;
    if (n > 0) {
      this.emit(TEXT, this.pos, i);
      this.pos = i;
    }
    return n;
  }

  private pushUntil(test: (ch: number) => boolean): number {
    let i = this.pos;
    let ch = this.code(i);
    while (!test(ch)) ch = this.code(++i);
    return this.pushToIndex(i, false);
  }
}

/** The tokens yaml's Lexer gives for `text`, as kinds and offsets. */
export function lexTokens(text: string): Tokens {
  return new TokenLexer(text).run();
}
