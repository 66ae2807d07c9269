/** The token-level oracle for the Lexer port (server/src/core/fast-yaml/lexer.ts): the same token strings as yaml's own Lexer. */
import fc from 'fast-check';
import { Lexer } from 'yaml';
import { DOCUMENT, FLOW_END, lexTokens, SCALAR } from '../../server/src/core/fast-yaml/lexer';

/** The port's tokens as yaml's Lexer spells them (control tokens as their control characters). */
export function portTokens(text: string): string[] {
  const t = lexTokens(text);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) {
    const k = t.kinds[i];
    out.push(k === DOCUMENT ? '\x02' : k === SCALAR ? '\x1f' : k === FLOW_END ? '\x18' : text.slice(t.starts[i], t.ends[i]));
  }
  return out;
}

export function yamlTokens(text: string): string[] {
  return Array.from(new Lexer().lex(text));
}

/** '' when the port and yaml's Lexer agree; else where they first differ. */
export function diffTokens(text: string): string {
  const a = yamlTokens(text);
  const b = portTokens(text);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i])
      return `token ${i}: yaml ${JSON.stringify(a[i])} vs port ${JSON.stringify(b[i])} (after ${JSON.stringify(a.slice(Math.max(0, i - 4), i))})`;
  }
  return '';
}

/** Strings of YAML's indicators, white space (tabs, CR, lone CR), markers, BOM and yaml's own control characters. */
export const yamlishText = fc
  .array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(
          ' ',
          '  ',
          '\n',
          '\r\n',
          '\r',
          '\t',
          '-',
          '- ',
          '?',
          ':',
          ': ',
          '#',
          ' #',
          '[',
          ']',
          '{',
          '}',
          ',',
          '"',
          "'",
          '\\',
          '|',
          '>',
          '|-',
          '>+2',
          '!',
          '!!str',
          '!<x>',
          '&a',
          '*a',
          '%',
          '%YAML 1.2',
          '@',
          '`',
          '.',
          '---',
          '...',
          '\ufeff',
          '\x02',
          '\x1f',
          '\x18',
        ),
      },
      { weight: 3, arbitrary: fc.constantFrom('a', 'key', 'b c', '1', 'x:y', '"q"', "'s''t'", '[[t]]', 'é', '😀') },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
