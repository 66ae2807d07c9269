import { isAlias, isCollection, isPair, isScalar, type Scalar } from 'yaml';
import type { TextSpan } from './types';

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

/** What a quote hint says: the indicator the value starts with, and the line's start with the value quoted. */
interface QuoteHint {
  indicator: string;
  quoted: string;
}

/** The hint for the line holding `offset`, or undefined when its value does not start with an indicator. */
function findQuoteHint(text: string, offset: number): QuoteHint | undefined {
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
  return { indicator, quoted: `${line.slice(0, at).trimStart()}${JSON.stringify(shown)}` };
}

/**
 * The message with the cause and the quoted form appended when the line's
 * value starts with an indicator (once: a message that already says to quote
 * the value only gets the quoted form).
 */
export function withQuoteHint(message: string, text: string, offset: number): string {
  const hint = findQuoteHint(text, offset);
  if (!hint || message.includes(hint.quoted)) return message;
  if (/quote/.test(message)) return `${message}, like this: ${hint.quoted}`;
  // The indicator as found, not read back from the hint: the key before the value may hold a quote of its own.
  return `${message}; a value that starts with "${hint.indicator}" is not read as text unless it is in quotes: write ${hint.quoted}`;
}

/** A text value YAML read as an anchor or tag plus text: where, what, and the quoted form when it is safe to write. */
export interface DecoratedValue {
  /** The anchor/tag and the value (the whole `&Champion agrees`), or the value alone when they are on different lines. */
  span: TextSpan;
  message: string;
  /** The value with its anchor/tag as one quoted string: the safe fix (a plain value on one line only). */
  quoted?: string;
}

const STANDARD_TAG = 'tag:yaml.org,2002:';

/**
 * Text values that carry an anchor (`&name`) or a tag of its own (`!name`):
 * `goal: &Champion agrees` is read as an anchor named "Champion" on "agrees",
 * without a word from YAML. The format never uses either, so each is reported
 * with the quoted form. An anchor that an alias (`*name`) uses is YAML used on
 * purpose and stays quiet. Keys are not looked at; standard tags (`!!str`) neither.
 * Iterative: the depth of a document is untrusted.
 */
export function decoratedValues(root: unknown, text: string): DecoratedValue[] {
  const scalars: Scalar[] = [];
  const aliased = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) aliased.add(node.source);
    else if (isPair(node)) stack.push(node.value);
    else if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    else if (isScalar(node) && node.range) scalars.push(node);
  }
  const out: DecoratedValue[] = [];
  for (const node of scalars) {
    const anchor = node.anchor && !aliased.has(node.anchor) ? node.anchor : undefined;
    const tag = node.tag && !node.tag.startsWith(STANDARD_TAG) ? node.tag : undefined;
    if (!anchor && !tag) continue;
    out.push(describeDecorated(node, text, anchor ? `&${anchor}` : tag!, anchor ? 'an anchor' : 'a tag'));
  }
  return out;
}

function describeDecorated(node: Scalar, text: string, mark: string, what: string): DecoratedValue {
  const [start, end] = node.range!;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // The anchor and tag tokens written just before the value, on its line.
  const props = /(?:[&!]\S*[ \t]+)+$/.exec(text.slice(lineStart, start));
  const from = props ? lineStart + props.index : start;
  const written = text.slice(from, end);
  const singleLine = !written.includes('\n');
  const quoted = props && node.type === 'PLAIN' && singleLine ? JSON.stringify(written) : undefined;
  const value = text.slice(start, end).split('\n')[0];
  const whole = singleLine ? written : `${mark} ${value}`;
  const shownQuoted = quoted ?? JSON.stringify(whole.length > 60 ? `${whole.slice(0, 57)}…` : whole);
  return {
    span: { start: from, end },
    message: `YAML reads "${mark}" as ${what}, not as text, so the value is only ${JSON.stringify(value)}; playbooks and vocabularies use no anchors or tags: put the whole value in quotes: ${shownQuoted}`,
    quoted,
  };
}
