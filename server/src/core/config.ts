import { globSyntaxProblem } from './glob';
import type { FileAnalysis } from './model/model';
import type { SeverityLevel, TextSpan } from './types';

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
  /**
   * Where rules look for near names to suggest ("did you mean", and the fixes that apply them): in every file (the
   * default), or only in files that do not parse, for a caller that shows no other file's messages (a published site
   * lists only those; the search is the most costly part of some rules' messages). Never read from a config file.
   */
  suggestIn?: 'all' | 'broken';
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
 * make it unusable (syntax or schema; the schema names keys and allowed values,
 * and every glob that could reach outside the project root, see
 * globOutsideRoot). A config with problems is never applied: callers get the
 * defaults in `config`.
 */
export function configFromAnalysis(root: string, analysis: FileAnalysis): { config: LintConfig; problems: ConfigProblem[] } {
  const problems = [...analysis.syntaxProblems, ...analysis.schemaProblems].map((p) => {
    const pos = analysis.lines.position(p.span.start);
    return { file: analysis.path, line: pos.line, character: pos.character, message: p.message };
  });
  const config: LintConfig = { ...defaultConfig(root), file: analysis.path };
  if (problems.length) return { config, problems };
  const data = (analysis.data ?? {}) as { vocabulary?: string[]; ignore?: string[]; rules?: Record<string, unknown> | null };
  // The schema check reports escaping globs at their place; should an analysis ever come without it, refuse them here too.
  for (const key of ['vocabulary', 'ignore'] as const) {
    (Array.isArray(data[key]) ? data[key] : []).forEach((glob, i) => {
      const message = typeof glob === 'string' ? configGlobProblem(`${key}[${i}]`, glob) : undefined;
      if (message) problems.push({ file: analysis.path, line: 0, character: 0, message });
    });
  }
  if (problems.length) return { config, problems };
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

/** A `..` path segment: between slashes, or alternatives of a brace `{a,b}` or extglob `@(a|b)` (which expand to paths). */
const DOT_DOT_SEGMENT = /(?:^|[/{},()|])\s*\.\.\s*(?:$|[/{},()|])/;
/** A path that starts at a file system root, in any alternative: `/x`, `{a,/x}`. */
const ABSOLUTE = /(?:^|[{,(|])\s*\//;
/** A Windows drive, in any alternative: `C:/x`, `C:x`, `{a,C:/x}`. */
const DRIVE = /(?:^|[{,(|])\s*[A-Za-z]:/;

/**
 * Why a config glob (`vocabulary`, `ignore`) could reach outside the project
 * root, or undefined when it cannot. THE one check, shared by the CLI and the
 * language server through the config's schema problems. A backslash is read
 * both ways a glob library may read it: as a folder separator (Windows,
 * `..\\outside`) and as an escape (`..\/outside`, `\.\./`); and braces
 * are read expanded (`.{.,}/` is `../`). Discovery also refuses to list any
 * folder outside the root, whatever a glob says.
 */
export function globOutsideRoot(glob: string): string | undefined {
  const unescaped = glob.replace(/\\(.)/gs, '$1');
  const paths = [glob.replace(/\\/g, '/'), unescaped];
  const note = glob.includes('\\') ? ', once its backslashes are read as "/" or as escapes' : '';
  if ([...paths, unescaped.replace(/[{}]/g, '')].some((g) => DOT_DOT_SEGMENT.test(g))) return `goes up out of the root with ".."${note}`;
  if (paths.some((g) => DRIVE.test(g))) return `names a drive ("C:")${note}`;
  if (paths.some((g) => ABSOLUTE.test(g))) return `is an absolute path${note}`;
  return undefined;
}

/**
 * Why a config glob cannot be used, as the whole message (key, glob, why, fix):
 * it leaves the root, or it is too long or expands too far to match in bounded
 * time (see core/glob.ts). Undefined when it is fine.
 */
export function configGlobProblem(key: string, glob: string): string | undefined {
  const reason = globOutsideRoot(glob);
  if (reason) return globOutsideRootMessage(key, glob, reason);
  const syntax = globSyntaxProblem(glob);
  return syntax === undefined ? undefined : `${key}: "${glob}" cannot be used as a glob: ${syntax}`;
}

/** The message for a glob that leaves the root: the key, the glob, why, and the fix. */
export function globOutsideRootMessage(key: string, glob: string, reason: string): string {
  return `${key}: globs must stay inside the project root; remove or rewrite "${glob}", which ${reason}: write it relative to the folder holding .playbook-lint.yaml, with "/" between folders`;
}

/** `--rule ID=SEVERITY` and the like: later settings win, rule settings are kept. */
export function withSeverity(config: LintConfig, ruleId: string, severity: SeverityLevel): LintConfig {
  const current = config.rules[ruleId] ?? { settings: {} };
  return { ...config, rules: { ...config.rules, [ruleId]: { ...current, severity } } };
}

/**
 * Each `vocabulary` glob of a config that matches no file (`matches` asks the
 * file system): its terms would silently be missing, and every playbook using
 * them would report "not defined". At the glob, with the fix.
 */
export function unmatchedVocabularyGlobs(analysis: FileAnalysis, matches: (glob: string) => boolean): { span: TextSpan; message: string }[] {
  if (analysis.model.kind !== 'config') return [];
  return (analysis.model.vocabulary ?? []).flatMap((glob, i) =>
    matches(glob.value)
      ? []
      : [
          {
            span: glob.span,
            message: `vocabulary[${i}]: "${glob.value}" matches no file, so no terms come from it; check the folder and the name (vocabulary files end in .vocabulary.yaml), relative to the folder holding .playbook-lint.yaml`,
          },
        ],
  );
}
