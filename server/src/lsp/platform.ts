/** What differs between the server on Node (node-platform.ts) and in a browser's web worker (web/worker-main.ts). */
import type { Workspace, WorkspaceHost } from '../services/workspace';

export type FileEvent = { path: string; type: 'created' | 'changed' | 'deleted' };

export interface ServerPlatform {
  host: WorkspaceHost;
  /** A document or folder URI as a workspace path (undefined: not a file the server checks). */
  uriToPath(uri: string): string | undefined;
  pathToUri(path: string): string;
  /** Before a folder is indexed: a host without a disk copies the folder's files in (see web/client-files.ts). */
  loadFolder?(folder: string): Promise<void>;
  /**
   * loadFolder resolves before the folder's playbooks are all read (they arrive while it is
   * indexed): each closed file's problems are shown as its first pass ends (Workspace.onEarlyProblems).
   */
  earlyProblems?: boolean;
  /** Before file events reach the workspace: such a host reads the changed files. */
  loadChanges?(events: readonly FileEvent[]): Promise<void>;
  /** The watcher when the client cannot watch files (Node: the disk poller). */
  startPoller?(workspace: Workspace, intervalMs: number, onEvents: (events: FileEvent[]) => void, since: number): { stop(): void };
  /** The link to a rule's page shipped with this installation, when the client gives no command for it (Node: a file: URL). */
  ruleDocs?(ruleId: string): string | undefined;
  /** After the first pass: give back to the system what it no longer needs (Node: a full, compacting garbage collection). */
  afterIndexing?(): void;
  /** Memory figures for playbook-lint/stats. */
  memory?(): unknown;
}
