import { isAlias, isCollection, isNode, isPair, type Document } from 'yaml';
import { extractConfig } from './model/extract-config';
import { decodeBytes, textProblem, utf8Length } from './decode';
import { LineIndex } from './line-index';
import { extractPlaybook } from './model/extract-playbook';
import { extractVocabulary } from './model/extract-vocabulary';
import type { DocumentModel, FileAnalysis, SchemaProblem } from './model/model';
import { parseFast } from './fast-yaml/parse-fast';
import { parseYaml, type Comment, type SyntaxProblem } from './parse';
import { validateSchema } from './schema/validate';
import { decoratedValues, withQuoteHint } from './quote-hint';
import { pushAll } from './arrays';
import type { FileKind, TextSpan } from './types';
import type { ParsedTree } from './yaml-nodes';

/** Larger files are not parsed: reading one would take minutes and gigabytes (the CLI and server stay responsive). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Aliases may be used, but a document that expands past this many is treated as an attack. */
const MAX_ALIAS_COUNT = 100;

function emptyModel(kind: FileKind): DocumentModel {
  return kind === 'playbook' ? { kind, stages: [], prose: [] } : kind === 'vocabulary' ? { kind, terms: [] } : { kind, vocabulary: [] };
}

/** Raw bytes to analysis: decode problems become one syntax problem, never an exception. */
export function analyzeBytes(path: string, kind: FileKind, bytes: Uint8Array): FileAnalysis {
  if (bytes.length > MAX_FILE_BYTES) return withOnlyProblem(analyzeText(path, kind, ''), tooLargeMessage(bytes.length));
  const decoded = decodeBytes(bytes);
  // Decoded text holds no NUL and no lone surrogate (decodeBytes refused both), and fits MAX_FILE_BYTES:
  // the checks analyzeText makes of an editor's text, two passes over every file, would find nothing.
  return decoded.ok ? analyzeSoundText(path, kind, decoded.text, true, decoded.surrogatePairs) : withOnlyProblem(analyzeText(path, kind, ''), decoded.message);
}

/** The message for a file over MAX_FILE_BYTES (the same words whether its bytes or an editor's text were too large). */
export function tooLargeMessage(bytes: number): string {
  return `Cannot read this file: it is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB playbook-lint checks; split it into smaller files`;
}

/** Text whose UTF-8 form is over MAX_FILE_BYTES (an open document: the editor sends text, not bytes). Counted only when it could be. */
function sizeProblem(text: string): string | undefined {
  if (text.length * 3 <= MAX_FILE_BYTES) return undefined;
  const bytes = utf8Length(text);
  return bytes > MAX_FILE_BYTES ? tooLargeMessage(bytes) : undefined;
}

/** An analysis of nothing, with one problem at the start that says why the file could not be read. */
function withOnlyProblem(analysis: FileAnalysis, message: string): FileAnalysis {
  analysis.syntaxProblems = [{ span: { start: 0, end: 0 }, message, unreadable: true }];
  analysis.schemaProblems = [];
  return analysis;
}

/**
 * One parse, one extraction, one schema pass: everything rules need, with exact spans.
 * The parse tries the fast path first (fast-yaml/: yaml's Lexer straight to the tree and
 * the plain value, for the common simple shape, exactly as the full parse would give them)
 * and falls back to the full parse for anything else; `useFastPath` false forces the full
 * parse (the tests compare the two).
 */
export function analyzeText(path: string, kind: FileKind, text: string, useFastPath = true): FileAnalysis {
  // Text from an editor skipped decodeBytes: the same checks, so an open file gets what its bytes would get.
  const unreadable = sizeProblem(text) ?? textProblem(text);
  if (unreadable !== undefined) return withOnlyProblem(analyzeText(path, kind, ''), unreadable);
  return analyzeSoundText(path, kind, text, useFastPath);
}

/** analyzeText for text known to pass its checks (decoded from bytes, or checked); `surrogatePairs` when known (see LineIndex). */
function analyzeSoundText(path: string, kind: FileKind, text: string, useFastPath = true, surrogatePairs?: boolean): FileAnalysis {
  const lines = new LineIndex(text, surrogatePairs);
  const fast = useFastPath ? parseFast(text) : undefined;
  if (fast) return analyzeTree(newAnalysis(path, kind, text, lines, fast.comments, []), fast.doc, fast.data, true);
  const parsed = parseYaml(text, lines);
  const analysis = newAnalysis(path, kind, text, lines, parsed.comments, parsed.problems);
  const doc = parsed.doc;
  if (!doc || parsed.unusable) return analysis;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    analysis.syntaxProblems.push(valueProblem(doc, text, error));
    return analysis;
  }
  const checkSchema = syntaxAllowsSchema(parsed.problems.length);
  analyzeTree(analysis, doc, data, checkSchema);
  // The fast path declines anchors and tags, so only this parse can meet one.
  if (checkSchema && kind !== 'config') pushAll(analysis.schemaProblems, decoratedValues(doc.contents, text));
  return analysis;
}

function newAnalysis(path: string, kind: FileKind, text: string, lines: LineIndex, comments: Comment[], syntaxProblems: SyntaxProblem[]): FileAnalysis {
  return { path, kind, text, lines, comments, syntaxProblems, schemaProblems: [], model: emptyModel(kind), termRefs: [], data: undefined };
}

/** The schema check and the model, from either parse's tree (../yaml-nodes.ts) and the document's plain value. */
function analyzeTree(analysis: FileAnalysis, tree: ParsedTree, data: unknown, checkSchema: boolean): FileAnalysis {
  const { kind, text } = analysis;
  analysis.data = data;
  try {
    analysis.schemaProblems = checkSchema ? validateSchema(kind, tree, data, text) : [];
    if (kind === 'playbook') analysis.model = extractPlaybook(tree, text, analysis.termRefs);
    else if (kind === 'vocabulary') analysis.model = extractVocabulary(tree, text, analysis.lines, analysis.termRefs);
    else analysis.model = extractConfig(tree);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    analysis.schemaProblems = [deepNesting(text)];
  }
  return analysis;
}

/**
 * Why the document's values could not be built: an alias to no anchor, an
 * alias bomb, or nesting past the stack. Points at the alias concerned when
 * there is one, else at the first line.
 */
function valueProblem(doc: Document.Parsed, text: string, error: unknown): SyntaxProblem {
  const firstLine = { start: 0, end: Math.min(text.length, text.indexOf('\n') >>> 0) };
  if (error instanceof RangeError) return { span: firstLine, message: 'the document nests too deeply to check; flatten it' };
  const message = error instanceof Error ? error.message : String(error);
  const aliases = aliasesInOrder(doc);
  if (/^Unresolved alias/.test(message)) {
    const bad = aliases.find((a) => !a.anchored);
    if (bad) {
      return {
        span: bad.span,
        message: withQuoteHint(
          `the alias "*${bad.name}" refers to no anchor "&${bad.name}" before it; define the anchor earlier in the file, or write the value out`,
          text,
          bad.span.start,
        ),
      };
    }
  }
  if (/^Excessive alias count/.test(message)) {
    return {
      span: aliases[0]?.span ?? firstLine,
      message: `the aliases in this file (*name) expand to too many values to check safely (more than ${MAX_ALIAS_COUNT}); write the values out, or use fewer and smaller aliases`,
    };
  }
  return { span: aliases[0]?.span ?? firstLine, message: `the values of this document cannot be read (${message}); check its aliases and anchors` };
}

/** Every alias node in document order, and whether an anchor of its name comes before it. Iterative: depth is untrusted. */
function aliasesInOrder(doc: Document.Parsed): { name: string; span: TextSpan; anchored: boolean }[] {
  const out: { name: string; span: TextSpan; anchored: boolean }[] = [];
  const anchors = new Set<string>();
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) {
      const r = node.range ?? [0, 0];
      out.push({ name: node.source, span: { start: r[0], end: r[1] }, anchored: anchors.has(node.source) });
      continue;
    }
    if (isNode(node) && (node as { anchor?: string }).anchor) anchors.add((node as { anchor?: string }).anchor!);
    if (isPair(node)) {
      stack.push(node.value, node.key);
    } else if (isCollection(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return out;
}

/** Structure errors on a file that does not parse are noise; fix the syntax first. */
function syntaxAllowsSchema(syntaxProblemCount: number): boolean {
  return syntaxProblemCount === 0;
}

function deepNesting(text: string): SchemaProblem {
  return { span: { start: 0, end: Math.min(text.length, 1) }, message: 'the document nests too deeply to check; flatten it' };
}
