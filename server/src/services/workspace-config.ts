/**
 * A project's config: loading it (an invalid config is reported on the config file while the
 * project runs on defaults), the vocabulary scope its globs select, and what a config edit redoes.
 */
import { analyzeText } from '../core/analyze';
import { configFromAnalysis, defaultConfig } from '../core/config';
import type { Workspace } from './workspace';
import type { Project } from './workspace-project';
import { suppressionsChanged } from './workspace-suppressions';

/**
 * The vocabulary files the config's `vocabulary` globs select: those on disk, and open
 * documents not saved yet whose paths match (a new vocabulary counts while it is typed).
 */
export function vocabularyScope(ws: Workspace, project: Project, globs: readonly string[]): Set<string> {
  const scope = ws.host.matchGlobs(project.root, globs, project.config.ignore);
  const unsaved = [...ws.docs.values()].filter((d) => d.kind === 'vocabulary' && project.contains(d.path) && !scope.has(d.path)).map((d) => d.path);
  for (const path of ws.host.matchPaths(project.root, globs, project.config.ignore, unsaved)) scope.add(path);
  return scope;
}

function configText(ws: Workspace, project: Project): string | undefined {
  const doc = ws.docs.get(project.configPath);
  return doc ? doc.text : ws.host.readText(project.configPath);
}

/** Loads (or reloads) a project's config; returns true when the settings changed. */
export function loadConfig(ws: Workspace, project: Project): boolean {
  const text = configText(ws, project);
  const before = JSON.stringify(project.config);
  if (text === undefined) {
    project.configAnalysis = undefined;
    project.config = defaultConfig(project.root);
  } else {
    const analysis = ws.docs.get(project.configPath)?.analysis ?? analyzeText(project.configPath, 'config', text);
    project.configAnalysis = analysis;
    const { config, problems } = configFromAnalysis(project.root, analysis);
    // An invalid config is reported on the config file; the project runs on defaults meanwhile.
    project.config = problems.length ? { ...defaultConfig(project.root), file: project.configPath } : config;
  }
  // Read again with the config: when it changed meanwhile (a poller's or watcher's events can name the
  // config first), its files are checked again here, or the suppressions file's own event would find
  // nothing new and they would keep showing what it now suppresses.
  suppressionsChanged(ws, project);
  const changed = JSON.stringify(project.config) !== before;
  if (changed || !project.index) {
    project.setScope(project.config.vocabulary ? vocabularyScope(ws, project, project.config.vocabulary) : undefined);
  }
  return changed;
}

/** A config edit: new settings may change the file set, the vocabulary scope and every result. */
export function reconfigure(ws: Workspace, project: Project): void {
  if (!loadConfig(ws, project)) {
    ws.markDirty([project.configPath]);
    return;
  }
  const listed = new Set(ws.listFiles(project));
  for (const path of [...project.files]) {
    // An open document not on disk stays while the new globs would still list it.
    const keep = listed.has(path) || (ws.docs.has(path) && !ws.host.exists(path) && ws.wouldBeListed(project, path));
    if (!keep) ws.removeFile(project, path);
  }
  for (const path of listed) if (!project.files.has(path)) ws.addFile(project, path);
  ws.adoptOpenDocuments(project);
  project.rebuildIndex();
  ws.markDirty(project.files);
  ws.markDirty([project.configPath]);
  ws.markDirty(ws.docs.keys());
}
