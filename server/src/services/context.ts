import type { LintConfig } from '../core/config';
import type { FileAnalysis } from '../core/model/model';
import type { FileExports } from '../core/project/exports';
import type { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic } from '../core/types';
import type { FileFacts } from './facts';

/**
 * What a service may ask about the project a file belongs to. The workspace
 * provides it in the server; a CLI or a test can build one from a ProjectIndex.
 */
export interface ServiceContext {
  index: ProjectIndex;
  config: LintConfig;
  /** Analysis of any file of the project (an open document's, else read from disk). */
  analysis(path: string): FileAnalysis | undefined;
  /** Current diagnostics of a file (fresh for open documents). */
  diagnostics(path: string): Diagnostic[];
  /** Located see-also entries of every file of the project. */
  facts(): Iterable<[string, FileFacts]>;
  /** Exports of every file of the project. */
  allExports(): Iterable<FileExports>;
  /** The URI of a file, for links (the editor's own URI for it when it has one). */
  uriOf(path: string): string;
}
