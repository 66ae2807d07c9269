import { analyzeText } from '../core/analyze';
import type { LintConfig } from '../core/config';
import { fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import { lintMisnamedText } from '../core/misnamed';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { FileResult } from '../core/types';
import { listProjectFiles, matchGlobs } from './discover';
import { readAnalysis } from './read-analysis';

/**
 * One project linted in this thread with some files' texts given instead of
 * read from disk: `--stdin` (the text of a file that may not be saved yet) and
 * `--fix` (the text after fixing, before anything is written). The disk files
 * are read once and kept, so lint passes over changing texts re-analyse only
 * the texts that changed. The same core steps as every lint run: analyse, one
 * project index, lintFile.
 */
export class ProjectTexts {
  private readonly disk = new Map<string, FileAnalysis>();

  private readonly files: string[];

  private readonly inScope: Set<string> | undefined;

  constructor(private readonly config: LintConfig) {
    this.files = listProjectFiles(config.root, config.ignore);
    this.inScope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  }

  /** Whether the walk of the project lists this path (it is not ignored). */
  lists(path: string): boolean {
    return this.files.includes(path);
  }

  private analysis(path: string, texts: ReadonlyMap<string, string>): FileAnalysis | undefined {
    const kind = fileKindOf(path);
    if (kind !== 'playbook' && kind !== 'vocabulary') return undefined;
    const text = texts.get(path);
    if (text !== undefined) return analyzeText(path, kind, text);
    let analysis = this.disk.get(path);
    if (!analysis) this.disk.set(path, (analysis = readAnalysis(path, kind)));
    return analysis;
  }

  /** The diagnostics of the `wanted` files, with `texts` standing in for those files on disk. */
  lint(texts: ReadonlyMap<string, string>, wanted: Iterable<string>): FileResult[] {
    const inScope = this.inScope;
    const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined);
    const analyses = new Map<string, FileAnalysis>();
    for (const path of new Set([...this.files, ...texts.keys()])) {
      const analysis = this.analysis(path, texts);
      if (!analysis) continue;
      analyses.set(path, analysis);
      index.set(exportsOf(analysis));
    }
    const results: FileResult[] = [];
    for (const path of wanted) {
      const analysis = analyses.get(path);
      if (analysis) results.push({ path, diagnostics: lintFile(analysis, index, this.config) });
      else if (texts.has(path)) results.push({ path, diagnostics: lintMisnamedText(path, texts.get(path)!, this.config) });
    }
    return results;
  }
}
