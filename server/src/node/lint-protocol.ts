import type { LintConfig } from '../core/config';
import type { FileExports } from '../core/project/exports';
import type { Diagnostic } from '../core/types';

/** Messages between the CLI's main thread and its lint workers (structured-cloned). */

export interface AnalyzeRequest {
  type: 'analyze';
  files: string[];
}

export interface AnalyzeResponse {
  type: 'analyzed';
  exports: FileExports[];
}

export interface LintRequest {
  type: 'lint';
  config: LintConfig;
  /** In-scope vocabulary paths (the scope predicate cannot cross threads). */
  vocabularyInScope: string[] | null;
  /** Every file's exports; playbooks' term uses are left out (only unused-term reads them, on vocabularies). */
  exports: FileExports[];
  /** Files to lint; any not analysed in this worker yet are analysed first. */
  files: string[];
}

export interface LintResponse {
  type: 'linted';
  results: { path: string; diagnostics: Diagnostic[] }[];
}

export interface FailureResponse {
  type: 'failed';
  message: string;
}

export type WorkerRequest = AnalyzeRequest | LintRequest;
export type WorkerResponse = AnalyzeResponse | LintResponse | FailureResponse;
