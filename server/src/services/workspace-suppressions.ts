/**
 * The committed baseline in the editor: the same `.playbook-lint-suppressions.json` the CLI
 * reads (core/suppressions.ts), beside each project's config. Problems it suppresses are not
 * shown, as with the CLI (and ESLint's bulk suppressions in vscode-eslint). An unusable file
 * suppresses nothing (every problem is shown, none lost) and gets one diagnostic of its own,
 * the CLI's sentence at the place it names. Only the default location is read:
 * `--suppressions-location` is a CLI option.
 */
import { parseSuppressions, suppressionsProblemAt, applySuppressions } from '../core/suppressions';
import { ruleDocsLink } from '../core/rule';
import type { Diagnostic } from '../core/types';
import type { Workspace } from './workspace';
import type { Project, Suppressions } from './workspace-project';

function readSuppressionsOf(ws: Workspace, project: Project): Suppressions {
  const text = ws.host.readText(project.suppressionsPath);
  if (text === undefined) return { exists: false, counts: {} };
  const parsed = parseSuppressions(text);
  if (!('problem' in parsed)) return { exists: true, counts: parsed.counts };
  const { message, range } = suppressionsProblemAt(text, parsed);
  const problem: Diagnostic = { ruleId: 'schema', severity: 'error', message, path: project.suppressionsPath, range, docsUrl: ruleDocsLink('schema') };
  return { exists: true, counts: {}, problem };
}

/** (Re)reads a project's suppressions file; true when what it suppresses or says changed. */
export function loadSuppressions(ws: Workspace, project: Project): boolean {
  const before = JSON.stringify(project.suppressions);
  project.suppressions = readSuppressionsOf(ws, project);
  return JSON.stringify(project.suppressions) !== before;
}

/** The suppressions file changed on disk: every file of the project may show more or fewer problems. */
export function suppressionsChanged(ws: Workspace, project: Project): void {
  if (!loadSuppressions(ws, project)) return;
  ws.markDirty(project.files);
  ws.markDirty([project.suppressionsPath]);
}

/** A file's problems with the project's baseline applied (the CLI applies the same counts the same way). */
export function withoutSuppressed(project: Project, path: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const counts = project.suppressions.counts;
  const rel = path.slice(project.root.length + 1);
  return counts[rel] ? applySuppressions(rel, diagnostics, counts).reported : diagnostics;
}

/** The suppressions file's own diagnostics: its problem, none, or undefined when there is no such file. */
export function suppressionsFileDiagnostics(project: Project | undefined): Diagnostic[] | undefined {
  if (!project?.suppressions.exists) return undefined;
  return project.suppressions.problem ? [project.suppressions.problem] : [];
}
