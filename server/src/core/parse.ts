import { withQuoteHint } from './quote-hint';
import { Composer, isMap, isPair, isScalar, isSeq, Parser, type CST, type Document } from 'yaml';
import { LineIndex, wholeCharacters } from './line-index';
import type { TextSpan } from './types';
import { pushAll } from './arrays';

/** A YAML comment with its source span; inline control directives are read from these. */
export interface Comment {
  span: TextSpan;
  text: string;
}

/** A problem found before any rule runs: bad bytes, bad YAML. Reported by the yaml-syntax rule. */
export interface SyntaxProblem {
  span: TextSpan;
  message: string;
  /**
   * The file could not be read as text at all (missing, a folder, binary, not UTF-8):
   * the message stands on its own instead of being labelled a YAML syntax error.
   */
  unreadable?: boolean;
}

export interface ParsedYaml {
  doc: Document.Parsed | undefined;
  comments: Comment[];
  problems: SyntaxProblem[];
  /** True when the tree is unusable for structural checks (resource exhaustion). */
  unusable: boolean;
}

/** Most problems a file may report: a badly broken file gets the first few, not thousands. */
const MAX_PROBLEMS = 20;

/**
 * uniqueKeys is off because yaml checks it by comparing every key with every
 * other (a mapping of 40,000 keys takes half a minute); duplicateKeys() does the
 * same check in one pass. logLevel 'error' keeps yaml from printing warnings.
 */
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, keepSourceTokens: false, logLevel: 'error' } as const;

interface RawError {
  pos: [number, number];
  code: string;
  message: string;
}

/** Parses once: CST tokens feed both comment collection and the document composer. */
/** `lines`: the text's LineIndex when the caller has one (analyze.ts), else made here if an error needs it. */
export function parseYaml(text: string, lines?: LineIndex): ParsedYaml {
  const problems: SyntaxProblem[] = [];
  const comments: Comment[] = [];
  const tokens = Array.from(new Parser().parse(text));
  // Comments are only needed for inline control, so skip the walk when none can exist.
  if (text.includes('playbook-lint-')) for (const token of tokens) collectComments(token, comments);
  const docs = Array.from(new Composer(PARSE_OPTIONS).compose(tokens, true, text.length));
  const doc = docs[0];
  let unusable = false;
  const source = new SourceTokens(tokens);
  // One mistake often trips several yaml errors on the same line: report the first of them only.
  const linesWithProblem = new Set<number>();
  const errors: RawError[] = [...(doc?.errors ?? [])];
  if (doc && !errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
    const dups = duplicateKeys(doc);
    if (dups.length) pushAll(errors, dups).sort((a, b) => a.pos[0] - b.pos[0]);
  }
  const index = errors.length ? (lines ?? new LineIndex(text)) : undefined;
  for (const error of errors) {
    if (error.code === 'RESOURCE_EXHAUSTION') {
      if (unusable) continue; // said once is enough
      unusable = true;
    } else if (problems.length >= MAX_PROBLEMS) continue;
    const problem = toProblem(error.pos, error.code, error.message, text, index!, source);
    const line = index!.position(problem.span.start).line;
    if (linesWithProblem.has(line)) continue;
    linesWithProblem.add(line);
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  }
  if (docs.length > 1) {
    const second = docs[1].range[0];
    problems.push({
      span: { start: second, end: Math.min(text.length, second + 3) },
      message:
        'a second YAML document starts here; a playbook or vocabulary file holds exactly one document (remove the "---" and what follows, or move it to its own file)',
    });
  }
  return { doc, comments, problems, unusable };
}

/** Keys repeated in one mapping, in one pass per mapping (what yaml's uniqueKeys reports, without its quadratic cost). */
function duplicateKeys(doc: Document.Parsed): RawError[] {
  const out: RawError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as unknown;
        if (isScalar(key) && key.range) {
          const value = key.value;
          if (seen.has(value)) out.push({ pos: [key.range[0], key.range[1]], code: 'DUPLICATE_KEY', message: 'Map keys must be unique' });
          else seen.add(value);
        }
        stack.push(pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  return out;
}

/** "line 7, column 11": how messages point at a second place in the same file (1-based, like the CLI). */
export function describePlace(lines: LineIndex, offset: number): string {
  const { line, character } = lines.position(offset);
  return `line ${line + 1}, column ${character + 1}`;
}

/**
 * Turns one yaml error into a plain sentence: what is wrong, then the fix.
 * The span stays the error's own position; where another place explains it
 * (the quote or bracket that was opened), the message names that place,
 * found from the CST token, never by searching the text.
 */
function toProblem(pos: [number, number], code: string, message: string, text: string, lines: LineIndex, source: SourceTokens): SyntaxProblem {
  const start = Math.min(pos[0], text.length);
  let end = Math.max(start, Math.min(pos[1], text.length));
  if (code === 'DUPLICATE_KEY') {
    // yaml points at the key's first character; cover the whole repeated key.
    const key = source.scalarAt(start);
    if (key) end = Math.max(end, key.offset + key.source.length);
  }
  const first = message.split('\n')[0].replace(/\s*at line \d+, column \d+.*$/, '');
  const explained = withQuoteHint(explain(code, first, { start, end }, lines, source), text, start);
  // A range must name whole characters: not the middle of a CRLF line break, not half of an emoji.
  return { span: wholeCharacters(text, { start: beforeCrlf(text, start), end: beforeCrlf(text, end) }), message: explained };
}

/** yaml may point between the `\r` and `\n` of a line break (an error on an empty CRLF line): use the place before the `\r`. */
function beforeCrlf(text: string, offset: number): number {
  return offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
}

function explain(code: string, message: string, span: TextSpan, lines: LineIndex, source: SourceTokens): string {
  let m: RegExpExecArray | null;
  if ((m = /^Missing closing (["'])quote/.exec(message))) {
    const quote = m[1];
    const opened = source.unclosedQuote(span.start, quote);
    const which = quote === '"' ? 'double quote (")' : "single quote (')";
    return opened === undefined
      ? `a ${which} is never closed; add the closing ${quote} where the text should end`
      : `the ${which} opened at ${describePlace(lines, opened)} is never closed; add the closing ${quote} where the text should end`;
  }
  if ((m = /^Flow (sequence|map)( in block collection)? must (?:be sufficiently indented and )?end with an? ([\]}])/.exec(message))) {
    const [, what, inBlock, closer] = m;
    const opener = closer === ']' ? '[' : '{';
    const opened = source.unclosedFlow(span.start, opener, closer);
    const name = what === 'sequence' ? 'list' : 'mapping';
    const where = opened === undefined ? '' : ` opened at ${describePlace(lines, opened)}`;
    const indent = inBlock ? ', and indent any line that continues it further than the key it belongs to' : '';
    return `the ${name} "${opener}"${where} is not closed; add "${closer}" after its last entry${indent}`;
  }
  if (code === 'TAB_AS_INDENT') return 'a tab is used for indentation here; YAML allows only spaces for indentation, so replace the tab with spaces';
  if (code === 'DUPLICATE_KEY') {
    const key = (source.scalarAt(span.start)?.source ?? '').split(/\r?\n/)[0].trim();
    const shown = key.length > 60 ? `${key.slice(0, 57)}...` : key;
    return shown
      ? `the key "${shown}" appears twice in the same mapping; keep one of the two (merge their values if both matter)`
      : 'the same key appears twice in one mapping; keep one of the two';
  }
  if (code === 'RESOURCE_EXHAUSTION') {
    return 'the file nests lists or mappings inside each other too deeply to read (thousands of levels); flatten it';
  }
  if (/^Nested mappings are not allowed in compact mappings/.test(message)) {
    return 'a "key: value" cannot start here; if the text contains ": ", put the whole value in quotes, otherwise line the key up under the keys above it';
  }
  if (code === 'MULTILINE_IMPLICIT_KEY') {
    return 'a key runs over more than one line, usually because this line is indented differently from the keys around it; line it up with its siblings, or quote the value above it';
  }
  if (/^Implicit map keys need to be followed by map values/.test(message)) {
    return 'this line has no colon after its key; write "key: value", or indent the text under the key it belongs to';
  }
  if (/^Comments must be separated from other tokens by white space/.test(message)) {
    return 'a "#" comment needs a space before it; add one, or put the value in quotes if "#" is part of the text';
  }
  if ((m = /^Invalid escape sequence (.*)$/.exec(message))) {
    return `"${m[1]}" is not a valid escape in double-quoted text; write "\\\\" for a backslash, or use single quotes around the text`;
  }
  if (/^A block sequence may not be used as an implicit map key/.test(message)) {
    return 'this "- " list item is indented differently from the items above it; line up the "- " of every item in the list';
  }
  if ((m = /^(Alias|Anchor) cannot be an empty string/.exec(message))) {
    const mark = m[1] === 'Alias' ? '*' : '&';
    return `a "${mark}" must be followed by a name ("${mark}name"); put the value in quotes if "${mark}" is part of the text`;
  }
  if (/^Sequence item without - indicator/.test(message)) return 'this list item has no "- " in front of it; start the item with "- "';
  if (/^All sequence items must start at the same column/.test(message)) {
    return 'list items must start at the same column; line this "- " up with the ones above it';
  }
  if ((m = /^Plain value cannot start with (?:.* )?(\S+)$/.exec(message))) {
    return `a value cannot start with "${m[1]}" unless it is quoted; put the value in quotes`;
  }
  if (/^Missing directives-end/.test(message)) {
    return 'a "%" directive line must be followed by a "---" line; remove the directive, or add "---" after it';
  }
  if ((m = /^Unresolved tag: (.*)$/.exec(message))) {
    return `the tag ${m[1]} is not known; remove it (playbooks and vocabularies use plain text, lists and mappings)`;
  }
  if ((m = /^Unexpected (?:[\w-]+ token in YAML stream: )?"(.+)"$/.exec(message)) && /^\\u00[01]/.test(m[1])) {
    // The parser's own marker for a broken flow collection, not something the author wrote.
    return 'a [ … ] or { … } list is not closed properly; close it with "]" or "}", or write its items as a block list';
  }
  if ((m = /^Unexpected (flow-seq-start|flow-map-start|flow-seq-end|flow-map-end|comma) at node end/.exec(message))) {
    const ch = { 'flow-seq-start': '[', 'flow-map-start': '{', 'flow-seq-end': ']', 'flow-map-end': '}', comma: ',' }[m[1]];
    return `unexpected "${ch}" at the end of this value; close each "[" with "]" and each "{" with "}", or put the value in quotes`;
  }
  if ((m = /^Unexpected (?:[\w-]+ token in YAML stream: )?"(.+)"$/.exec(message))) {
    return `unexpected "${m[1]}" here; remove it, or check the brackets, quotes and indentation before it`;
  }
  if (code === 'BAD_INDENT') return `${lowerFirst(message)}; check the indentation of this line against its siblings`;
  if (code === 'UNEXPECTED_TOKEN' || code === 'MISSING_CHAR') return `${lowerFirst(message)}; check the punctuation and indentation here`;
  return lowerFirst(message);
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Looks up CST tokens, lazily and iteratively (deep nesting must not blow the stack). */
class SourceTokens {
  private flat?: CST.Token[];
  constructor(private readonly roots: CST.Token[]) {}

  private all(): CST.Token[] {
    if (!this.flat) {
      const out: CST.Token[] = [];
      walkTokens(this.roots, (t) => out.push(t));
      this.flat = out;
    }
    return this.flat;
  }

  /** The scalar token (plain or quoted) that starts at `offset`, if any. */
  scalarAt(offset: number): CST.FlowScalar | undefined {
    return this.all().find(
      (t): t is CST.FlowScalar => (t.type === 'scalar' || t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar') && t.offset === offset,
    );
  }

  /** Where the quoted scalar that runs to `end` without its closing quote starts. */
  unclosedQuote(end: number, quote: string): number | undefined {
    const type = quote === '"' ? 'double-quoted-scalar' : 'single-quoted-scalar';
    for (const t of this.all()) {
      if (t.type === type && t.offset + t.source.length === end) return t.offset;
    }
    return undefined;
  }

  /** The innermost flow collection opened with `opener` before `at` whose closer is missing. */
  unclosedFlow(at: number, opener: string, closer: string): number | undefined {
    let best: number | undefined;
    for (const t of this.all()) {
      if (t.type !== 'flow-collection' || t.start.source !== opener || t.start.offset > at) continue;
      if (t.end[0]?.source === closer) continue;
      if (best === undefined || t.start.offset > best) best = t.start.offset;
    }
    return best;
  }
}

const CHILD_KEYS = ['start', 'key', 'sep', 'value', 'items', 'props', 'end'] as const;

/** Visits every CST token (depth-first, in source order) without recursion. */
function walkTokens(roots: readonly unknown[], visit: (token: CST.Token) => void): void {
  const stack: unknown[] = [...roots].reverse();
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const token = node as CST.Token;
    if (typeof token.type === 'string') visit(token);
    for (let k = CHILD_KEYS.length - 1; k >= 0; k--) {
      const child = (node as Record<string, unknown>)[CHILD_KEYS[k]];
      if (child) stack.push(child);
    }
  }
}

/** Collects comment tokens of a CST, in source order. */
function collectComments(root: CST.Token, out: Comment[]): void {
  walkTokens([root], (token) => {
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ span: { start: token.offset, end: token.offset + token.source.length }, text: token.source });
    }
  });
  out.sort((a, b) => a.span.start - b.span.start);
}
