/**
 * yaml's own Lexer (the public `Lexer` export), with each token's place in the text: what the
 * fast path's builder needs, since the Lexer yields token strings only. Source tokens are
 * consecutive slices of the text (yaml's Parser counts offsets the same way: by adding up
 * their lengths), and control tokens take no text.
 */
import { Lexer } from 'yaml';

/** A source token (a slice of the text, possibly empty). */
export const TEXT = 0;
/** yaml's `\x02`: a document starts with the next token. */
export const DOCUMENT = 1;
/** yaml's `\x1f`: the next token is a scalar's source (possibly empty). */
export const SCALAR = 2;
/** yaml's `\x18`: unexpected end of flow mode (an error). */
export const FLOW_END = 3;

/**
 * Called once per token, in order: its kind, where its source starts and ends, and the
 * token itself. Returning false stops the lexing (the builder has declined the text).
 */
export type TokenSink = (kind: number, start: number, end: number, source: string) => boolean;

/**
 * Whether `text` holds one of yaml's control characters (\x02, \x18, \x1f). The Lexer
 * yields control tokens as those same one-character strings, and text it cannot place (the
 * rest of a block scalar's header line, say) as a token of its own, so for such a text a
 * token string does not tell which it is (yaml's Parser misplaces offsets there too).
 */
export function hasControlCharacters(text: string): boolean {
  return text.indexOf('\x02') !== -1 || text.indexOf('\x18') !== -1 || text.indexOf('\x1f') !== -1;
}

/**
 * Lexes `text` with yaml's Lexer and hands each token to `sink`; false when the sink stopped
 * early, or at once (without a token) for a text with control characters (see above).
 */
export function lexTokens(text: string, sink: TokenSink): boolean {
  if (hasControlCharacters(text)) return false;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    let kind = TEXT;
    if (token.length === 1) {
      const c = token.charCodeAt(0);
      kind = c === 0x02 ? DOCUMENT : c === 0x1f ? SCALAR : c === 0x18 ? FLOW_END : TEXT;
    }
    const start = offset;
    if (kind === TEXT) offset += token.length;
    if (!sink(kind, start, offset, token)) return false;
  }
  return true;
}
