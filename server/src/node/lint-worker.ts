import { parentPort } from 'node:worker_threads';
import { fileKindOf } from '../core/file-kind';
import type { WorkerRequest, WorkerResponse } from './lint-protocol';
import { readAnalysis } from './read-analysis';
import { packExports, unpackIds } from '../services/lean-exports';
import { PhasedLinter } from './two-phase-lint';
import { SiteRenderer } from './site-renderer';

/** A lint worker: one PhasedLinter answering the main thread's phase requests (and one SiteRenderer for `render`). */
const linter = new PhasedLinter((path) => readAnalysis(path, fileKindOf(path) ?? 'playbook'));
const renderer = new SiteRenderer((path) => readAnalysis(path, 'playbook'));

function handle(request: WorkerRequest): WorkerResponse {
  if (request.type === 'render-analyze') {
    const { exports, broken } = renderer.analyze(request);
    return { type: 'render-analyzed', exports: exports.map(packExports), broken };
  }
  if (request.type === 'render-pages') return { type: 'rendered', ...renderer.render(request.ids.map(unpackIds), request) };
  if (request.type === 'analyze') {
    const { exports, results } = linter.analyze(request);
    return { type: 'analyzed', exports: exports.map(packExports), results };
  }
  return { type: 'linted', results: linter.finish(request.exports.map(unpackIds), request.files) };
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
