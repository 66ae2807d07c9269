/**
 * Linting one file of the workspace: a config file on its own settings' defaults, an open
 * document from its cached result while neither it nor the project changed, a closed file
 * from the first pass's result while what that read is unchanged, else read and linted.
 */
import { dirName } from '../core/paths';
import { defaultConfig } from '../core/config';
import { fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import type { Diagnostic } from '../core/types';
import { backgroundDiagnostics, checkedInBackground } from './background-document';
import { prelintedDiagnostics, prelintedFresh } from './index-session';
import { phase2Needed } from '../core/two-phase-lint';
import type { Workspace } from './workspace';
import { suppressionsFileDiagnostics, withoutSuppressed } from './workspace-suppressions';
import { isSuppressionsFile } from '../core/suppressions';

/**
 * Diagnostics for one file, or undefined when the file is not reported
 * (outside every project, ignored, deleted): the caller clears it then.
 */
export function lintInWorkspace(ws: Workspace, path: string): Diagnostic[] | undefined {
  if (isSuppressionsFile(path)) return suppressionsFileDiagnostics(ws.projects.get(dirName(path)));
  const project = ws.projectOf(path);
  const diagnostics = lintUnsuppressed(ws, path);
  return diagnostics && project ? withoutSuppressed(project, path, diagnostics) : diagnostics;
}

function lintUnsuppressed(ws: Workspace, path: string): Diagnostic[] | undefined {
  const kind = fileKindOf(path);
  if (kind === 'config') {
    const project = ws.projects.get(dirName(path));
    if (!project) return undefined;
    if (ws.docs.has(path)) ws.flush(path);
    const analysis = project.configAnalysis;
    if (!analysis) return undefined;
    // The config's own settings must not hide its own errors.
    return lintFile(analysis, project.index, defaultConfig(project.root));
  }
  const project = ws.projectOf(path);
  if (!project?.files.has(path)) return undefined;
  const doc = ws.docs.get(path);
  if (doc && checkedInBackground(ws, doc)) return backgroundDiagnostics(ws, doc, project) ?? doc.background?.result?.diagnostics ?? [];
  if (doc) {
    const analysis = ws.docAnalysis(path)!;
    const cache = doc.lintCache;
    if (cache && cache.analysis === analysis && cache.generation === project.generation) return cache.diagnostics;
    const diagnostics = lintFile(analysis, project.index, project.config);
    doc.lintCache = { analysis, generation: project.generation, diagnostics };
    return diagnostics;
  }
  if (!ws.host.exists(path)) {
    // Gone since it was listed (a file that vanished mid-run): nothing to report.
    ws.removeFile(project, path);
    return undefined;
  }
  const pre = ws.prelinted.get(path);
  if (pre) {
    ws.prelinted.delete(path);
    const first = prelintedDiagnostics(pre, project, path);
    if (first) return first;
  }
  const analysis = ws.recent.get(path) ?? ws.host.readAnalysis(path, kind ?? 'playbook');
  ws.checkFresh(analysis);
  return lintFile(analysis, project.index, project.config);
}

/**
 * Would linting this closed file now give exactly the problems shown for it early (earlyProblems
 * in workspace-indexing.ts)? True when its first pass is still fresh, was shown with the same
 * suppressions, and no project rule can add to it (finishWaiting's own shortcut, taken without
 * unpacking anything); the first pass's result is then used up, as a lint would use it. The
 * diagnostics engine keeps the early result then: after a first pass with early results, most
 * files need no second conversion and no second message.
 */
export function earlyProblemsStand(ws: Workspace, path: string): boolean {
  const pre = ws.prelinted.get(path);
  const project = ws.projectOf(path);
  if (!pre?.shownEarlyWith || !project || ws.docs.has(path) || pre.shownEarlyWith !== project.suppressions || !prelintedFresh(pre, project, path)) return false;
  if (pre.waiting && phase2Needed(pre.waiting.controlComments, project.index.get(path), project.index, project.config)) return false;
  if (!ws.host.exists(path)) return false;
  ws.prelinted.delete(path);
  return true;
}
