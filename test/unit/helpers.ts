/** In-process helpers for unit tests: analyse and lint small projects held in memory. */
import { analyzeBytes, analyzeText } from '../../server/src/core/analyze';
import { defaultConfig, type LintConfig } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/file-kind';
import { lintFile } from '../../server/src/core/lint';
import type { FileAnalysis } from '../../server/src/core/model/model';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import type { Diagnostic } from '../../server/src/core/types';

export const ROOT = '/project';

/** Analyses every file (text or bytes), builds one project index, lints each file. Paths are relative to ROOT. */
export function lintFiles(
  files: Record<string, string | Uint8Array>,
  config: Partial<LintConfig> = {},
  vocabularyInScope?: (path: string) => boolean,
): { analyses: Map<string, FileAnalysis>; diagnostics: Diagnostic[]; index: ProjectIndex } {
  const full: LintConfig = { ...defaultConfig(ROOT), ...config };
  const index = new ProjectIndex(vocabularyInScope);
  const analyses = new Map<string, FileAnalysis>();
  for (const [rel, content] of Object.entries(files)) {
    const path = `${ROOT}/${rel}`;
    const kind = fileKindOf(path) ?? 'playbook';
    const analysis = typeof content === 'string' ? analyzeText(path, kind, content) : analyzeBytes(path, kind, content);
    analyses.set(rel, analysis);
    index.set(exportsOf(analysis));
  }
  const diagnostics = [...analyses.values()].flatMap((a) => lintFile(a, index, full));
  return { analyses, diagnostics, index };
}

/** The source text a diagnostic or span covers. */
export function covered(analysis: FileAnalysis, range: Diagnostic['range']): string {
  return analysis.text.slice(analysis.lines.offset(range.start), analysis.lines.offset(range.end));
}

/** `line:col-line:col`, 1-based like the CLI, for compact assertions. */
export function where(d: { range: Diagnostic['range'] }): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** Diagnostics of one rule. */
export function only(diagnostics: Diagnostic[], ruleId: string): Diagnostic[] {
  return diagnostics.filter((d) => d.ruleId === ruleId);
}

/** A small valid playbook around the given tactics block (already indented by 6). */
export function playbookWith(body: string): string {
  return `playbook: Unit playbook\nstages:\n  - id: first-call\n    name: First call\n    goal: The buyer agrees the problem is worth solving.\n${body}`;
}

/** A small vocabulary: Champion (alias champions) and Reframing. */
export const VOCAB = `vocabulary: V
terms:
  - term: Champion
    definition: A buyer-side person who sells for us.
    aliases: [champions]
  - term: Reframing
    definition: Pricing against value.
`;
