/**
 * Runs the real rules through the core on in-memory files: analyzeText →
 * exportsOf → ProjectIndex → lintFile, exactly as the CLI and the server do.
 */
import { analyzeText } from '../../server/src/core/analyze';
import { defaultConfig, type LintConfig } from '../../server/src/core/config';
import { lintFile } from '../../server/src/core/lint';
import type { FileAnalysis } from '../../server/src/core/model/model';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import type { Diagnostic, SeverityLevel } from '../../server/src/core/types';

export interface MemoryProject {
  playbook: FileAnalysis;
  diagnostics: Diagnostic[];
}

/** Lints one playbook (and optional vocabulary) with the given rule settings. */
export function lintMemory(
  playbookText: string,
  options: { vocabulary?: string; rules?: Record<string, { severity?: SeverityLevel; settings?: Record<string, unknown> }> } = {},
): MemoryProject {
  const index = new ProjectIndex();
  const playbook = analyzeText('/eval/eval.playbook.yaml', 'playbook', playbookText);
  index.set(exportsOf(playbook));
  if (options.vocabulary !== undefined) index.set(exportsOf(analyzeText('/eval/eval.vocabulary.yaml', 'vocabulary', options.vocabulary)));
  const config: LintConfig = defaultConfig('/eval');
  for (const [id, r] of Object.entries(options.rules ?? {})) config.rules[id] = { severity: r.severity, settings: r.settings ?? {} };
  return { playbook, diagnostics: lintFile(playbook, index, config) };
}

/** A one-stage playbook around the given goal / tactic / why / deviate-when (each a YAML-safe JSON string). */
export function playbookWith(parts: { goal?: string; tactic?: string; why?: string; deviateWhen?: string }): string {
  const lines = [
    'playbook: Evaluation',
    'stages:',
    '  - id: stage-one',
    '    name: Stage one',
    `    goal: ${JSON.stringify(parts.goal ?? 'The buyer agrees the problem is worth solving.')}`,
  ];
  if (parts.tactic !== undefined || parts.why !== undefined || parts.deviateWhen !== undefined) {
    lines.push('    tactics:', '      - id: tactic-one', `        tactic: ${JSON.stringify(parts.tactic ?? 'Ask what the problem costs each month.')}`);
    if (parts.why !== undefined) lines.push(`        why: ${JSON.stringify(parts.why)}`);
    if (parts.deviateWhen !== undefined) lines.push('        deviate-when:', `          - ${JSON.stringify(parts.deviateWhen)}`);
  }
  return lines.join('\n') + '\n';
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  falseNegatives: string[];
}

export function score(results: { text: string; expected: boolean; actual: boolean }[]): Score {
  const s: Score = { tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, falsePositives: [], falseNegatives: [] };
  for (const r of results) {
    if (r.expected && r.actual) s.tp++;
    else if (!r.expected && r.actual) {
      s.fp++;
      s.falsePositives.push(r.text);
    } else if (r.expected && !r.actual) {
      s.fn++;
      s.falseNegatives.push(r.text);
    } else s.tn++;
  }
  s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
  s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  return s;
}
