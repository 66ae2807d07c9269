/**
 * The fast path of the parse: yaml's Lexer tokens → the node tree, the plain JS value and
 * the comments that the core needs, for the simple shape most playbook and vocabulary files
 * have. It never guesses: anything it does not fully understand makes it decline (return
 * undefined), and the caller runs the full parse (parse.ts: yaml Parser + Composer).
 *
 * Exactness. For an accepted text the result equals the full path's: the same values (core
 * schema), scalar types and ranges (all three offsets), the same JS value as `toJS()`, the
 * same comments, and no syntax problem (any doubt declines). The tokens are yaml's Lexer's
 * (lexer.ts is a port of it that gives the same tokens as offsets, without allocating: see
 * docs/architecture-parser.md for why a port and not yaml's own), scalar values come from yaml's own resolvers (CST.resolveAsScalar) and schema tags, and
 * the structure follows what yaml's Parser and Composer do for this subset, including where
 * they attach comment lines (which moves `range[2]` of values and collections, and so
 * `range[1]` of their parents). test/unit/fast-yaml*.test.ts and test/fuzz/fast-yaml*.test.ts
 * compare the two paths node by node, analysis by analysis and token by token.
 *
 * Accepted: one document; an optional leading `---` line; a block mapping at the root;
 * block mappings and block sequences nested by indentation (spaces only), including a
 * sequence at its parent key's column; single-line plain keys (strings, unique, not `<<`
 * or `__proto__`); plain, single- and double-quoted scalars (multi-line too); literal and
 * folded block scalars (no explicit indentation indicator); one-line flow sequences of
 * plain or quoted scalars; empty values (`key:`), comment lines after them too; comments and blank
 * lines anywhere the Parser puts them in a node's `end` or a collection's trailing items.
 *
 * Declined (full path): tabs, CR, a BOM; directives, `...`, a second `---`; anchors,
 * aliases, tags; flow mappings; nested or multi-line flow collections; `? ` keys; quoted,
 * multi-line or non-string keys; a value on a line of its own that is a block scalar or a
 * flow collection; `- ` with nothing after it on its line; nested `- - `; duplicate keys;
 * comments without a space before them; anything out of column; nesting deeper than 100;
 * and any error a yaml resolver reports.
 *
 * Pieces: lexer.ts (yaml's Lexer's tokens as offsets) → line-reader.ts (a token-driven reader of lines:
 * keys, "- ", values, comments) → collections.ts (the open collections by indentation, and
 * where blank and comment lines go), inline-values.ts (block scalars, one-line flow sequences)
 * and scalars.ts (values by yaml's own resolvers).
 */
import type { Comment } from '../parse';
import type { ParsedTree } from '../yaml-nodes';
import { LineReader } from './line-reader';
import type { FastNode } from './nodes';

/** The fast parse of a text: what parse.ts + toJS give for it, when it has no syntax problem. */
export interface FastParse {
  /** The root, a tree of the light nodes of ./nodes.ts: what the extractors and the schema check read. */
  doc: ParsedTree & { contents: FastNode };
  /** What `toJS()` of yaml's document gives. */
  data: unknown;
  /** Comment tokens with their spans, in source order; empty unless the text contains "playbook-lint-" (as in parse.ts). */
  comments: Comment[];
}

/** Why the last call declined (for tests and acceptance statistics); '' after an acceptance. */
let declineReason = '';

export function lastDeclineReason(): string {
  return declineReason;
}

/*
 * Tabs and CRs have rules of their own in yaml (tab indentation errors, CRLF and lone CR
 * line breaks) that the fast path does not model, so a text holding either is declined
 * outright (indexOf is far cheaper than a character-class scan). Other control characters
 * are ordinary content for yaml's Lexer and resolvers; a BOM at the start of the stream
 * comes out of the Lexer as its own token, which the reader declines.
 */

/**
 * The fast parse of `text`, or undefined when the text is outside the subset this path
 * handles exactly (then use parseYaml). A result means: no syntax problem, and `doc`,
 * `data`, `comments` equal what the full path gives.
 */
export function parseFast(text: string): FastParse | undefined {
  if (text.length === 0 || text.indexOf('\t') !== -1 || text.indexOf('\r') !== -1) {
    declineReason = text.length === 0 ? 'empty' : 'tab or CR';
    return undefined;
  }
  const read = new LineReader(text).read();
  declineReason = typeof read === 'string' ? read : '';
  return typeof read === 'string' ? undefined : read;
}
