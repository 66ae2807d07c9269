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
import { finishWaiting, unpackDiagnostics } from './index-session';
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
    const fresh =
      pre.project === project && project.facts.get(path) === pre.facts && pre.config === project.config && pre.vocabVersion === project.vocabVersion;
    if (fresh && pre.diagnostics) return unpackDiagnostics(pre.diagnostics, path);
    if (fresh && pre.waiting) {
      try {
        return finishWaiting(pre.waiting, path, project.index, project.config);
      } catch {
        // A rule that failed on the slim copy: the file is read and linted the usual way below.
      }
    }
  }
  const analysis = ws.recent.get(path) ?? ws.host.readAnalysis(path, kind ?? 'playbook');
  ws.checkFresh(analysis);
  return lintFile(analysis, project.index, project.config);
}
