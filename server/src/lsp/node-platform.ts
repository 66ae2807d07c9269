/** The language server on Node (dist/server.js): the disk, file: URIs, the fallback disk poller, V8 heap figures. */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { installedRuleDocs } from '../node/rule-docs';
import { nodeHost } from '../node/node-host';
import { DiskPoller } from './disk-poller';
import type { ServerPlatform } from './platform';

/** file: URIs only; other schemes (untitled:, git:) are not project files. */
export function uriToPath(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    let p = fileURLToPath(uri);
    if (path.sep === '\\')
      p = p
        .split('\\')
        .join('/')
        .replace(/^([a-z]):/, (_, d: string) => `${d.toUpperCase()}:`);
    return p.length > 1 ? p.replace(/\/+$/, '') : p;
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/**
 * One full garbage collection that also compacts (moves live objects together so that whole
 * pages come free and go back to the system), after the first pass: the pass's garbage would
 * otherwise hold tens of MB of half-empty pages until V8 next needs a full collection, which
 * an idle server rarely does. V8 exposes gc() only behind a flag, set here for the moment it
 * takes to get the function. About 50 ms, once per indexing.
 */
function compactHeap(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

export const nodePlatform: ServerPlatform = {
  host: nodeHost,
  uriToPath,
  pathToUri,
  ruleDocs: installedRuleDocs,
  startPoller(workspace, intervalMs, onEvents, since) {
    const poller = new DiskPoller(workspace, intervalMs, onEvents, since);
    poller.start();
    return poller;
  },
  afterIndexing: compactHeap,
  // Each playbook's own problems go out while the first pass runs: this thread would otherwise wait
  // for the index workers and then convert and send every file's problems alone, after them.
  earlyProblems: true,
  memory: () => ({
    ...process.memoryUsage(),
    heapSpaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])),
  }),
};
