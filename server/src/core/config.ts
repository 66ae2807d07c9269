import type { FileAnalysis } from './model/model';
import type { SeverityLevel } from './types';

export interface RuleSetting {
  severity?: SeverityLevel;
  settings: Record<string, unknown>;
}

/** A project's settings, from `.playbook-lint.yaml` (all optional) plus CLI overrides. */
export interface LintConfig {
  /** Absolute folder all globs are relative to. */
  root: string;
  /** The config file it came from, if any. */
  file?: string;
  vocabulary?: string[];
  ignore: string[];
  rules: Record<string, RuleSetting>;
}

export function defaultConfig(root: string): LintConfig {
  return { root, ignore: [], rules: {} };
}

/** A config problem names the file, the place and the fix; the CLI exits 2 on it. */
export interface ConfigProblem {
  file: string;
  line: number;
  character: number;
  message: string;
}

/**
 * Turns an analysed `.playbook-lint.yaml` into settings, or the problems that
 * make it unusable (syntax or schema; the schema names keys and allowed values).
 */
export function configFromAnalysis(root: string, analysis: FileAnalysis): { config: LintConfig; problems: ConfigProblem[] } {
  const problems = [...analysis.syntaxProblems, ...analysis.schemaProblems].map((p) => {
    const pos = analysis.lines.position(p.span.start);
    return { file: analysis.path, line: pos.line, character: pos.character, message: p.message };
  });
  const config: LintConfig = { ...defaultConfig(root), file: analysis.path };
  if (problems.length) return { config, problems };
  const data = (analysis.data ?? {}) as { vocabulary?: string[]; ignore?: string[]; rules?: Record<string, unknown> | null };
  config.vocabulary = data.vocabulary;
  config.ignore = data.ignore ?? [];
  for (const [id, value] of Object.entries(data.rules ?? {})) {
    if (typeof value === 'string') config.rules[id] = { severity: value as SeverityLevel, settings: {} };
    else if (value && typeof value === 'object') {
      const { severity, ...settings } = value as { severity?: SeverityLevel };
      config.rules[id] = { severity, settings };
    }
  }
  return { config, problems };
}

/** `--rule ID=SEVERITY` and the like: later settings win, rule settings are kept. */
export function withSeverity(config: LintConfig, ruleId: string, severity: SeverityLevel): LintConfig {
  const current = config.rules[ruleId] ?? { settings: {} };
  return { ...config, rules: { ...config.rules, [ruleId]: { ...current, severity } } };
}
