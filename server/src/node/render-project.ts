import type { LintConfig } from '../core/config';
import { fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { SiteProject } from '../core/render';
import type { Diagnostic } from '../core/types';
import { listProjectFiles, matchGlobs } from './discover';
import { folderResults } from './folder-results';
import { readAnalysis } from './read-analysis';

/**
 * Reads one project for rendering: every playbook and vocabulary analysed
 * (the pages need whole models, not the lint's slim exports), one project
 * index over all of them, and the lint's findings with the project's config.
 * `only`: the playbooks that get pages (the glossary and links still see the
 * whole project, as the lint does).
 */
export function readSiteProject(config: LintConfig, only?: ReadonlySet<string>, files = listProjectFiles(config.root, config.ignore)): SiteProject {
  const inScope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined);
  const analyses: FileAnalysis[] = [];
  for (const file of files) {
    const kind = fileKindOf(file);
    if (kind !== 'playbook' && kind !== 'vocabulary') continue;
    const analysis = readAnalysis(file, kind);
    index.set(exportsOf(analysis));
    analyses.push(analysis);
  }
  const wanted = only ? analyses.filter((a) => only.has(a.path)) : analyses;
  const diagnostics = new Map<string, Diagnostic[]>();
  for (const analysis of wanted) diagnostics.set(analysis.path, lintFile(analysis, index, config));
  for (const r of folderResults(config, files, only, index)) diagnostics.set(r.path, r.diagnostics);
  return { root: config.root, index, files: wanted, diagnostics };
}
