/**
 * The differential oracle for the fast YAML path (server/src/core/fast-yaml): whenever
 * parseFast accepts a text, its result must equal the full parse (parse.ts) — node by node
 * (kind, value, scalar type, all three range offsets, flow), the plain JS value (toJS), the
 * comments, and no syntax problem — and the FileAnalysis built from either path, and the
 * diagnostics linted from it, must be identical.
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { defaultConfig } from '../../server/src/core/config';
import { textProblem } from '../../server/src/core/decode';
import { parseFast, type FastParse } from '../../server/src/core/fast-yaml/parse-fast';
import { LineIndex } from '../../server/src/core/line-index';
import { lintFile } from '../../server/src/core/lint';
import { extractPlaybook } from '../../server/src/core/model/extract-playbook';
import { extractVocabulary } from '../../server/src/core/model/extract-vocabulary';
import { extractConfig } from '../../server/src/core/model/extract-config';
import type { FileAnalysis, TermRef } from '../../server/src/core/model/model';
import { parseYaml } from '../../server/src/core/parse';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { validateSchema } from '../../server/src/core/schema/validate';
import type { Diagnostic, FileKind } from '../../server/src/core/types';
import { isMapNode as isMap, isPairNode as isPair, isScalarNode as isScalar, isSeqNode as isSeq } from '../../server/src/core/yaml-nodes';

/** A readable description of the first difference between two node trees, or '' when they agree. */
export function diffTrees(full: unknown, fast: unknown, path = '$'): string {
  const kind = (n: unknown) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isPair(n) ? 'pair' : n === null ? 'null' : typeof n);
  if (kind(full) !== kind(fast)) return `${path}: ${kind(full)} vs ${kind(fast)}`;
  if (isScalar(full) && isScalar(fast)) {
    if (!Object.is(full.value, fast.value)) return `${path}: value ${JSON.stringify(full.value)} vs ${JSON.stringify(fast.value)}`;
    if (full.type !== fast.type) return `${path}: type ${full.type} vs ${fast.type}`;
    return sameRange(full.range, fast.range) ? '' : `${path}: range ${JSON.stringify(full.range)} vs ${JSON.stringify(fast.range)}`;
  }
  if ((isMap(full) && isMap(fast)) || (isSeq(full) && isSeq(fast))) {
    const a = full as { items: unknown[]; range?: number[]; flow?: boolean };
    const b = fast as { items: unknown[]; range?: number[]; flow?: boolean };
    if (!sameRange(a.range, b.range)) return `${path}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
    if (!!a.flow !== !!b.flow) return `${path}: flow ${a.flow} vs ${b.flow}`;
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} vs ${b.items.length} items`;
    for (let i = 0; i < a.items.length; i++) {
      const x = a.items[i];
      const y = b.items[i];
      if (isPair(x) && isPair(y)) {
        const d = diffTrees(x.key, y.key, `${path}.key[${i}]`) || diffTrees(x.value, y.value, `${path}.${String((x.key as { value?: unknown })?.value)}`);
        if (d) return d;
      } else {
        const d = diffTrees(x, y, `${path}[${i}]`);
        if (d) return d;
      }
    }
    return '';
  }
  return full === fast ? '' : `${path}: ${String(full)} vs ${String(fast)}`;
}

function sameRange(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): boolean {
  return !!a && !!b && a.length === 3 && b.length === 3 && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

export interface Differential {
  /** Did the fast path accept the text? */
  accepted: boolean;
  /** Empty when the paths agree (always when not accepted). */
  problems: string[];
}

/**
 * The diagnostics, or the error linting threw: both paths must give the same outcome. (A
 * rule that throws on some input is a bug of its own, for the core fuzzer to find; here it
 * must only throw alike on both paths.)
 */
function lint(file: FileAnalysis, vocabulary: FileAnalysis | undefined): Diagnostic[] | { threw: string } {
  const index = new ProjectIndex();
  if (file.kind !== 'config') index.set(exportsOf(file));
  if (vocabulary) index.set(exportsOf(vocabulary));
  try {
    return lintFile(file, index, defaultConfig('/p'));
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The analysis the fast result gives, built the way analyze.ts builds it from a parse. */
export function analyzeWithFast(path: string, kind: FileKind, text: string, fast: FastParse): FileAnalysis {
  const lines = new LineIndex(text);
  const termRefs: TermRef[] = [];
  const doc = fast.doc;
  const analysis: FileAnalysis = {
    path,
    kind,
    text,
    lines,
    comments: fast.comments,
    syntaxProblems: [],
    schemaProblems: validateSchema(kind, doc, fast.data, text),
    model:
      kind === 'playbook' ? extractPlaybook(doc, text, termRefs) : kind === 'vocabulary' ? extractVocabulary(doc, text, lines, termRefs) : extractConfig(doc),
    termRefs,
    data: fast.data,
  };
  return analysis;
}

/**
 * Compares the two paths on one text. `analyzeText` is the production entry (with or
 * without the fast-path hook); the fast side is rebuilt explicitly from parseFast, so the
 * comparison holds either way.
 */
export function differential(kind: FileKind, text: string, vocabulary?: string): Differential {
  // Text that analyzeText refuses before any parse (a NUL, a lone surrogate) never reaches the
  // fast path in production: both paths give the same single problem, so there is nothing to compare.
  if (textProblem(text) !== undefined) return { accepted: false, problems: [] };
  const fast = parseFast(text);
  if (!fast) return { accepted: false, problems: [] };
  const problems: string[] = [];
  const full = parseYaml(text);
  if (full.problems.length) problems.push(`full path reports ${full.problems.length} syntax problem(s): ${full.problems[0].message}`);
  if (full.unusable) problems.push('full path: unusable');
  if (!full.doc) problems.push('full path: no document');
  else {
    const d = diffTrees(full.doc.contents, fast.doc.contents);
    if (d) problems.push(`tree: ${d}`);
    try {
      assert.deepStrictEqual(fast.data, full.doc.toJS({ maxAliasCount: 100 }));
    } catch (error) {
      problems.push(`data: ${(error as Error).message.slice(0, 400)}`);
    }
  }
  try {
    assert.deepStrictEqual(fast.comments, full.comments);
  } catch (error) {
    problems.push(`comments: ${(error as Error).message.slice(0, 400)}`);
  }
  // The whole analysis and the diagnostics, against the full path's.
  const path = kind === 'playbook' ? '/p/x.playbook.yaml' : kind === 'vocabulary' ? '/p/x.vocabulary.yaml' : '/p/.playbook-lint.yaml';
  const vocab = vocabulary === undefined ? undefined : analyzeFull('/p/v.vocabulary.yaml', 'vocabulary', vocabulary);
  const a = analyzeFull(path, kind, text);
  // Both the analysis rebuilt here from parseFast and analyzeText's own (hooked) one.
  const expected = lint(a, vocab);
  for (const [label, b] of [
    ['fast', analyzeWithFast(path, kind, text, fast)],
    ['analyzeText', analyzeText(path, kind, text)],
  ] as const) {
    for (const key of ['comments', 'syntaxProblems', 'schemaProblems', 'model', 'termRefs', 'data'] as const) {
      try {
        assert.deepStrictEqual(b[key], a[key]);
      } catch (error) {
        problems.push(`${label} analysis.${key}: ${(error as Error).message.slice(0, 600)}`);
      }
    }
    try {
      assert.deepStrictEqual(lint(b, vocab), expected);
    } catch (error) {
      problems.push(`${label} diagnostics: ${(error as Error).message.slice(0, 600)}`);
    }
  }
  return { accepted: true, problems };
}

/**
 * The full path's analysis: analyzeText with its fast path switched off (the optional
 * fourth argument of the hook; before the hook exists the argument is ignored and
 * analyzeText is the full path anyway).
 */
function analyzeFull(path: string, kind: FileKind, text: string): FileAnalysis {
  return (analyzeText as (p: string, k: FileKind, t: string, fast?: boolean) => FileAnalysis)(path, kind, text, false);
}
