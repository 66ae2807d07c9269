/**
 * The editor user's own settings (VS Code's `playbookLint.*`, or the same object from
 * any client): when to check, per-user severities, which extra quick fixes to offer.
 * They come in initializationOptions.settings and workspace/didChangeConfiguration
 * ({ settings: { playbookLint: … } }); they are never written anywhere, and the
 * project's .playbook-lint.yaml stays the source of truth for CI.
 *
 * Customizations work like vscode-eslint's `eslint.rules.customizations`: they change
 * the severity of what the project's config reports (a rule the project switches off
 * stays off), the last matching entry wins.
 */
import { compileGlob, GlobError, globMatches } from '../core/glob';
import type { Severity } from '../core/types';

export type Run = 'onType' | 'onSave';
export type CustomSeverity = Severity | 'off' | 'default' | 'downgrade' | 'upgrade';

export interface Customization {
  /** The entry as written (a rule id, a glob with `*`, or either behind `!`). */
  rule: string;
  severity: CustomSeverity;
  matches: (ruleId: string) => boolean;
}

export interface UserSettings {
  run: Run;
  customizations: readonly Customization[];
  showDocumentation: boolean;
  disableRuleComment: boolean;
}

export const DEFAULT_USER_SETTINGS: UserSettings = { run: 'onType', customizations: [], showDocumentation: true, disableRuleComment: true };

const SEVERITIES: readonly CustomSeverity[] = ['error', 'warning', 'info', 'off', 'default', 'downgrade', 'upgrade'];
const SECTION = 'playbookLint';
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));

/**
 * A rule-id glob ("vague-*", "!schema") through core/glob.ts, the linear matcher every glob
 * of the project uses (no glob becomes a regular expression); a glob it refuses is a GlobError.
 */
function globMatcher(glob: string): (ruleId: string) => boolean {
  const negated = glob.startsWith('!');
  const compiled = compileGlob(negated ? glob.slice(1) : glob);
  return negated ? (id) => !globMatches(compiled, id) : (id) => globMatches(compiled, id);
}

function readCustomizations(raw: unknown, ruleIds: readonly string[], problems: string[]): Customization[] {
  const where = `${SECTION}.rules.customizations`;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(
      `${where} must be a list of { "rule": ID-OR-GLOB, "severity": … } entries, not ${show(raw)}; no severity of yours applies until it is fixed.`,
    );
    return [];
  }
  const out: Customization[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    const e = entry as { rule?: unknown; severity?: unknown } | null;
    if (!e || typeof e !== 'object' || Array.isArray(e)) {
      problems.push(`${at} must be an object like { "rule": "vague-deviation", "severity": "info" }, not ${show(entry)}; this entry is ignored.`);
      return;
    }
    if (typeof e.rule !== 'string' || !e.rule.trim()) {
      problems.push(`${at}.rule must be a rule id or a glob like "vague-*", not ${show(e.rule)}; this entry is ignored.`);
      return;
    }
    if (typeof e.severity !== 'string' || !SEVERITIES.includes(e.severity as CustomSeverity)) {
      problems.push(`${at}.severity must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}, not ${show(e.severity)}; this entry is ignored.`);
      return;
    }
    const rule = e.rule.trim();
    let matches: (ruleId: string) => boolean;
    try {
      matches = globMatcher(rule);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      problems.push(`${at}.rule ${JSON.stringify(rule)} is not a usable glob: ${error.message}; this entry is ignored.`);
      return;
    }
    if (!ruleIds.some(matches)) {
      problems.push(`${at}.rule ${JSON.stringify(rule)} matches no rule; the rules are ${ruleIds.join(', ')}.`);
      return;
    }
    out.push({ rule, severity: e.severity as CustomSeverity, matches });
  });
  return out;
}

function readBoolean(raw: unknown, where: string, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  problems.push(`${where} must be true or false, not ${show(raw)}; using ${fallback}.`);
  return fallback;
}

/**
 * `raw`: the `playbookLint` section ({ run, rules: { customizations }, codeAction: … }).
 * Every value of the wrong type is named in `problems` (for the user) and replaced by
 * its default; the other settings still apply.
 */
export function readUserSettings(raw: unknown, ruleIds: readonly string[]): { settings: UserSettings; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: DEFAULT_USER_SETTINGS, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`the ${SECTION} settings must be an object, not ${show(raw)}; using the defaults.`);
    return { settings: DEFAULT_USER_SETTINGS, problems };
  }
  const o = raw as {
    run?: unknown;
    rules?: { customizations?: unknown };
    codeAction?: { showDocumentation?: { enable?: unknown }; disableRuleComment?: { enable?: unknown } };
  };
  let run: Run = DEFAULT_USER_SETTINGS.run;
  if (o.run === 'onType' || o.run === 'onSave') run = o.run;
  else if (o.run !== undefined && o.run !== null) problems.push(`${SECTION}.run must be "onType" or "onSave", not ${show(o.run)}; checking as you type.`);
  const rules = o.rules && typeof o.rules === 'object' ? o.rules : {};
  const codeAction = o.codeAction && typeof o.codeAction === 'object' ? o.codeAction : {};
  return {
    settings: {
      run,
      customizations: readCustomizations((rules as { customizations?: unknown }).customizations, ruleIds, problems),
      showDocumentation: readBoolean(codeAction.showDocumentation?.enable, `${SECTION}.codeAction.showDocumentation.enable`, true, problems),
      disableRuleComment: readBoolean(codeAction.disableRuleComment?.enable, `${SECTION}.codeAction.disableRuleComment.enable`, true, problems),
    },
    problems,
  };
}

const ORDER: readonly Severity[] = ['info', 'warning', 'error'];

/** The severity a diagnostic is shown with after the user's customizations ('off': not shown). */
export function customizedSeverity(ruleId: string, severity: Severity, customizations: readonly Customization[]): Severity | 'off' {
  for (let i = customizations.length - 1; i >= 0; i--) {
    const c = customizations[i];
    if (!c.matches(ruleId)) continue;
    switch (c.severity) {
      case 'default':
        return severity;
      case 'downgrade':
        return ORDER[Math.max(0, ORDER.indexOf(severity) - 1)];
      case 'upgrade':
        return ORDER[Math.min(ORDER.length - 1, ORDER.indexOf(severity) + 1)];
      default:
        return c.severity;
    }
  }
  return severity;
}
