/**
 * The workspace's file system access on Node (the services' WorkspaceHost), over the same
 * discovery and reading code the CLI uses; worker threads for a big first pass.
 */
import { existsSync, lstatSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../core/file-kind';
import type { FileKind } from '../core/types';
import type { FileAnalysis } from '../core/model/model';
import type { WorkspaceHost } from '../services/workspace';
import { findConfigUp, globUnderRoot, listProjectFiles, matchGlobs, matchPaths, toPosix } from './discover';
import { readAnalysis, readRegularFile } from './read-analysis';
import { createWorkerIndexer, lintDocumentInWorker } from './index-workers';

const utf8 = new TextDecoder('utf-8');

export const nodeHost: WorkspaceHost = {
  readAnalysis(file: string, kind: FileKind): FileAnalysis {
    return readAnalysis(file, kind);
  },
  readText(file: string): string | undefined {
    try {
      // Regular files only, opened without blocking: a FIFO or a folder never hangs the server.
      return utf8.decode(readRegularFile(file));
    } catch {
      return undefined;
    }
  },
  exists(file: string): boolean {
    try {
      // lstat: a link is never followed, not even to look (it is reported by readAnalysis); a pipe or device exists too, and is reported the same way.
      return !lstatSync(file).isDirectory();
    } catch {
      return false;
    }
  },
  listProjectFiles(root: string, ignore: readonly string[]): string[] {
    if (!existsSync(root)) return [];
    try {
      return listProjectFiles(root, ignore);
    } catch {
      return [];
    }
  },
  listFolderFiles(dir: string): string[] {
    try {
      return globUnderRoot(dir, ['*.playbook.yaml', '*.playbook.yml', '*.vocabulary.yaml', '*.vocabulary.yml'], [], { caseSensitiveMatch: false });
    } catch {
      return [];
    }
  },
  listConfigFiles(root: string): string[] {
    if (!existsSync(root)) return [];
    try {
      return globUnderRoot(root, [`**/${CONFIG_FILE_NAME}`], []);
    } catch {
      return [];
    }
  },
  matchGlobs(root: string, globs: readonly string[], ignore: readonly string[]): Set<string> {
    try {
      return matchGlobs(root, globs, ignore);
    } catch {
      return new Set();
    }
  },
  matchPaths(root: string, patterns: readonly string[] | 'lintable', ignore: readonly string[], paths: readonly string[]): Set<string> {
    try {
      return matchPaths(root, patterns, ignore, paths);
    } catch {
      return new Set();
    }
  },
  findConfigUp(dir: string): string | undefined {
    const found = findConfigUp(dir);
    return found ? toPosix(found) : undefined;
  },
  fileSize(file: string): number {
    try {
      return lstatSync(file).size;
    } catch {
      return 0;
    }
  },
  lintInBackground: lintDocumentInWorker,
  createIndexer(bytes: number, largest: number) {
    return createWorkerIndexer(bytes, largest);
  },
};
