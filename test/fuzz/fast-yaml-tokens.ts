/**
 * The token-level oracle for the fast path's adapter over yaml's Lexer
 * (server/src/core/fast-yaml/tokens.ts): every source token's offsets must cut exactly that
 * token out of the text, the source tokens must cover the text end to end, and the kinds must
 * spell back yaml's own token strings (control tokens as their control characters). A text
 * holding one of those characters itself must be refused (no token at all): there a token
 * string does not say which it is.
 */
import fc from 'fast-check';
import { Lexer } from 'yaml';
import { DOCUMENT, FLOW_END, lexTokens, SCALAR } from '../../server/src/core/fast-yaml/tokens';

export function yamlTokens(text: string): string[] {
  return Array.from(new Lexer().lex(text));
}

/** '' when the adapter's kinds and offsets agree with yaml's Lexer on `text`; else where they first differ. */
export function diffTokens(text: string): string {
  const a = yamlTokens(text);
  const b: string[] = [];
  let end = 0;
  let problem = '';
  const completed = lexTokens(text, (kind, s, e, source) => {
    const spelled = kind === DOCUMENT ? '\x02' : kind === SCALAR ? '\x1f' : kind === FLOW_END ? '\x18' : text.slice(s, e);
    if (spelled !== source) problem ||= `token ${b.length}: offsets ${s}-${e} cut ${JSON.stringify(spelled)}, the Lexer gave ${JSON.stringify(source)}`;
    if (s !== end) problem ||= `token ${b.length} starts at ${s}, the previous ended at ${end}`;
    end = e;
    b.push(spelled);
    return true;
  });
  if (/[\x02\x18\x1f]/.test(text)) return completed || b.length ? 'a text with control characters was lexed' : '';
  if (problem) return problem;
  if (!completed) return 'the adapter stopped early';
  if (end !== text.length) return `the tokens end at ${end}, the text at ${text.length}`;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `token ${i}: yaml ${JSON.stringify(a[i])} vs adapter ${JSON.stringify(b[i])} (after ${JSON.stringify(a.slice(Math.max(0, i - 4), i))})`;
  }
  return '';
}

/** Strings of YAML's indicators, white space (tabs, CR, lone CR), markers, BOM and yaml's own control characters. */
export const yamlishText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(' ', '  ', '\n', '\r\n', '\r', '\t', '-', '- ', '?', ':', ': ', '#', ' #', '[', ']', '{', '}', ',', '"', "'", '\\', '|', '>', '|-', '>+2', '!', '!!str', '!<x>', '&a', '*a', '%', '%YAML 1.2', '@', '`', '.', '---', '...', '\ufeff', '\x02', '\x1f', '\x18') },
      { weight: 3, arbitrary: fc.constantFrom('a', 'key', 'b c', '1', 'x:y', '"q"', "'s''t'", '[[t]]', 'é', '😀') },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
