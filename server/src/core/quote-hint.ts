/**
 * "Quote it" hints. A value that starts with one of YAML's indicator
 * characters is not read as text: `goal: [[Champion]] agrees …` starts a list,
 * `*important*` an alias, `@`, `` ` `` and `%` are reserved, `!` a tag, `&` an
 * anchor. The parser's own message ("unexpected scalar at node end") does not
 * say so; this adds the cause and the quoted form to it.
 */

/** Indicators a writer plausibly starts prose with, longest first. */
const INDICATORS = ['[[', '*', '[', '{', '&', '!', '@', '`', '%'];

/** `key: value` or `- value` (any number of `- `): the value's start on the line, or -1. */
function valueStart(line: string): number {
  const m = /^(\s*(?:-\s+)*)(?:(?:"[^"]*"|'[^']*'|[^\s#'"{[\]}&*!|>@`%][^#]*?):(?:\s+|$))?/.exec(line);
  return m ? m[0].length : -1;
}

/** The hint for the line holding `offset`, or undefined when its value does not start with an indicator. */
export function quoteHint(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const at = valueStart(line);
  if (at < 0 || at >= line.length) return undefined;
  const value = line
    .slice(at)
    .replace(/\s+#.*$/, '')
    .trimEnd();
  const indicator = INDICATORS.find((i) => value.startsWith(i));
  if (!indicator) return undefined;
  // A flow list or mapping that ends where the value ends is meant as one; its problem is elsewhere.
  if ((indicator === '[' || indicator === '{') && /^[[{][^[\]{}]*[\]}]$/.test(value)) return undefined;
  if (indicator === '[' && /^\[[^\]]*$/.test(value)) return undefined; // an unclosed list: the bracket message says it
  if (/^[*&!][\w.-]+$/.test(value)) return undefined; // a bare alias, anchor or tag is YAML used on purpose
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `${line.slice(0, at).trimStart()}${JSON.stringify(shown)}`;
}

/**
 * The message with the cause and the quoted form appended when the line's
 * value starts with an indicator (once: a message that already says to quote
 * the value only gets the quoted form).
 */
export function withQuoteHint(message: string, text: string, offset: number): string {
  const quoted = quoteHint(text, offset);
  if (!quoted || message.includes(quoted)) return message;
  if (/quote/.test(message)) return `${message}, like this: ${quoted}`;
  const indicator = INDICATORS.find((i) => JSON.parse(quoted.slice(quoted.indexOf('"'))).startsWith(i));
  return `${message}; a value that starts with "${indicator}" is not read as text unless it is in quotes: write ${quoted}`;
}
