import { parentPort } from 'node:worker_threads';
import { fileKindOf } from '../core/file-kind';
import { PhasedLinter } from '../core/two-phase-lint';
import { playbooksOfIdTable, type WorkerRequest, type WorkerResponse } from './lint-protocol';
import { readAnalysis } from './read-analysis';
import { SiteRenderer } from './site-renderer';
import { serveRequests } from './worker-pool';

/** A lint worker: one PhasedLinter answering the main thread's phase requests (and one SiteRenderer for `render`). */
const linter = new PhasedLinter((path) => readAnalysis(path, fileKindOf(path) ?? 'playbook'));
const renderer = new SiteRenderer((path) => readAnalysis(path, 'playbook'));

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  if (request.type === 'render-analyze') {
    return { type: 'render-analyzed', ...renderer.analyze(request) };
  }
  if (request.type === 'render-hand-over') return { type: 'render-handed-over', files: renderer.handOver(request.files) };
  if (request.type === 'render-prepare') {
    renderer.prepareUsedIn({ ...request, playbookIds: playbooksOfIdTable(request.playbookIds) });
    return { type: 'render-prepared' };
  }
  if (request.type === 'render-pages') return { type: 'rendered', pages: await renderer.render(request) };
  if (request.type === 'render-used-in') return { type: 'rendered-used-in', pages: await renderer.renderUsedIn(request.rows) };
  if (request.type === 'analyze') {
    return { type: 'analyzed', ...linter.analyze(request) };
  }
  return { type: 'handed-over', files: linter.handOver(request.files) };
}

if (parentPort) serveRequests(parentPort, handle);
