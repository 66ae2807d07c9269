import { Composer, Document, Parser, type CST } from 'yaml';
import type { TextSpan } from './types';

/** A YAML comment with its source span; inline control directives are read from these. */
export interface Comment {
  span: TextSpan;
  text: string;
}

/** A problem found before any rule runs: bad bytes, bad YAML. Reported by the yaml-syntax rule. */
export interface SyntaxProblem {
  span: TextSpan;
  message: string;
}

export interface ParsedYaml {
  doc: Document.Parsed | undefined;
  comments: Comment[];
  problems: SyntaxProblem[];
  /** True when the tree is unusable for structural checks (resource exhaustion). */
  unusable: boolean;
}

/** Plain-language advice per yaml error code: the fix, not only the fault. */
const ADVICE: Partial<Record<string, string>> = {
  MISSING_CHAR: 'close the quote or bracket',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep one of the two keys',
  BAD_INDENT: 'line this up with its siblings',
  MULTILINE_IMPLICIT_KEY: 'put the key on one line, or quote the value',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation of the line above',
  UNEXPECTED_TOKEN: 'check the punctuation and indentation here',
  RESOURCE_EXHAUSTION: 'the file nests too deeply or expands too many aliases; simplify it',
};

/** Most problems a file may report: a badly broken file gets the first few, not thousands. */
const MAX_PROBLEMS = 20;

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false } as const;

/** Parses once: CST tokens feed both comment collection and the document composer. */
export function parseYaml(text: string): ParsedYaml {
  const problems: SyntaxProblem[] = [];
  const comments: Comment[] = [];
  const tokens = Array.from(new Parser().parse(text));
  // Comments are only needed for inline control, so skip the walk when none can exist.
  if (text.includes('playbook-lint-')) for (const token of tokens) collectComments(token, comments);
  const docs = Array.from(new Composer(PARSE_OPTIONS).compose(tokens, true, text.length));
  const doc = docs[0];
  let unusable = false;
  const seen = new Set<string>();
  for (const error of doc?.errors ?? []) {
    if (error.code === 'RESOURCE_EXHAUSTION') unusable = true;
    const key = `${error.code}:${error.message}`;
    if (error.code === 'RESOURCE_EXHAUSTION' && seen.has(key)) continue;
    seen.add(key);
    if (problems.length < MAX_PROBLEMS) problems.push(toProblem(error.pos, error.code, error.message, text.length));
  }
  if (docs.length > 1) {
    const second = docs[1].range[0];
    problems.push({
      span: { start: second, end: Math.min(text.length, second + 3) },
      message: 'a second YAML document starts here; a playbook file holds exactly one document (remove the "---" and what follows, or move it to its own file)',
    });
  }
  return { doc, comments, problems, unusable };
}

function toProblem(pos: [number, number], code: string, message: string, length: number): SyntaxProblem {
  const start = Math.min(pos[0], length);
  const end = Math.max(start, Math.min(pos[1], length));
  const advice = ADVICE[code];
  const first = message.split('\n')[0].replace(/\s*at line \d+, column \d+.*$/, '');
  return { span: { start, end }, message: advice ? `${first} (${advice})` : first };
}

/** Walks a CST token iteratively (deep nesting must not blow the stack) and collects comment tokens. */
function collectComments(root: CST.Token, out: Comment[]): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const token = node as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ span: { start: token.offset, end: token.offset + token.source.length }, text: token.source });
      continue;
    }
    for (const key of ['start', 'key', 'sep', 'value', 'items', 'props', 'end'] as const) {
      const child = (node as Record<string, unknown>)[key];
      if (child) stack.push(child);
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
}
