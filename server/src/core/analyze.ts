import { decodeBytes } from './decode';
import { LineIndex } from './line-index';
import { extractPlaybook } from './model/extract-playbook';
import { extractVocabulary } from './model/extract-vocabulary';
import type { DocumentModel, FileAnalysis, SchemaProblem, TermRef } from './model/model';
import { parseYaml } from './parse';
import { validateSchema } from './schema/validate';
import type { FileKind } from './types';

/** Aliases may be used, but a document that expands past this many is treated as an attack. */
const MAX_ALIAS_COUNT = 100;

function emptyModel(kind: FileKind): DocumentModel {
  return kind === 'playbook' ? { kind, stages: [], prose: [] } : kind === 'vocabulary' ? { kind, terms: [] } : { kind };
}

/** Raw bytes to analysis: decode problems become one syntax problem, never an exception. */
export function analyzeBytes(path: string, kind: FileKind, bytes: Uint8Array): FileAnalysis {
  const decoded = decodeBytes(bytes);
  if (decoded.ok) return analyzeText(path, kind, decoded.text);
  const analysis = analyzeText(path, kind, '');
  analysis.syntaxProblems = [{ span: { start: 0, end: 0 }, message: decoded.message }];
  analysis.schemaProblems = [];
  return analysis;
}

/** One parse, one extraction, one schema pass: everything rules need, with exact spans. */
export function analyzeText(path: string, kind: FileKind, text: string): FileAnalysis {
  const lines = new LineIndex(text);
  const parsed = parseYaml(text);
  const termRefs: TermRef[] = [];
  const analysis: FileAnalysis = {
    path,
    kind,
    text,
    lines,
    comments: parsed.comments,
    syntaxProblems: parsed.problems,
    schemaProblems: [],
    model: emptyModel(kind),
    termRefs,
    data: undefined,
  };
  const doc = parsed.doc;
  if (!doc || parsed.unusable) return analysis;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof RangeError
      ? 'the document nests too deeply to check; flatten it'
      : 'the document expands too many aliases (*anchor references) to check safely; write the values out or use fewer aliases';
    analysis.syntaxProblems.push({ span: { start: 0, end: Math.min(text.length, text.indexOf('\n') >>> 0) }, message });
    return analysis;
  }
  analysis.data = data;
  try {
    analysis.schemaProblems = syntaxAllowsSchema(parsed.problems.length) ? validateSchema(kind, doc, data, text) : [];
    if (kind === 'playbook') analysis.model = extractPlaybook(doc, text, termRefs);
    else if (kind === 'vocabulary') analysis.model = extractVocabulary(doc, text, lines, termRefs);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    analysis.schemaProblems = [deepNesting(text)];
  }
  return analysis;
}

/** Structure errors on a file that does not parse are noise; fix the syntax first. */
function syntaxAllowsSchema(syntaxProblemCount: number): boolean {
  return syntaxProblemCount === 0;
}

function deepNesting(text: string): SchemaProblem {
  return { span: { start: 0, end: Math.min(text.length, 1) }, message: 'the document nests too deeply to check; flatten it' };
}
