/** The language server on Node (dist/server.js): the disk, file: URIs, the fallback disk poller, V8 heap figures. */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
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
  memory: () => ({
    ...process.memoryUsage(),
    heapSpaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])),
  }),
};
