import { parentPort } from 'node:worker_threads';
import { fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { WorkerRequest, WorkerResponse } from './lint-protocol';
import { readAnalysis } from './read-analysis';

/** A lint worker: analyses its share of playbooks, keeps them, then lints them against the whole project. */
const analyses = new Map<string, FileAnalysis>();

function analyze(path: string): FileAnalysis {
  let analysis = analyses.get(path);
  if (!analysis) {
    analysis = readAnalysis(path, fileKindOf(path) ?? 'playbook');
    analysis.data = undefined; // only config loading needs the plain value; free it
    analyses.set(path, analysis);
  }
  return analysis;
}

function handle(request: WorkerRequest): WorkerResponse {
  if (request.type === 'analyze') return { type: 'analyzed', exports: request.files.map((f) => exportsOf(analyze(f))) };
  const scope = request.vocabularyInScope ? new Set(request.vocabularyInScope) : undefined;
  const index = new ProjectIndex(scope ? (p) => scope.has(p) : undefined);
  for (const e of request.exports) index.set(e);
  const results = request.files.map((path) => {
    const analysis = analyze(path);
    const diagnostics = lintFile(analysis, index, request.config);
    analyses.delete(path); // linted once; let it go
    return { path, diagnostics };
  });
  return { type: 'linted', results };
}

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = handle(request);
  } catch (error) {
    response = { type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(response);
});
