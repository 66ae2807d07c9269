import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileExports } from '../core/project/exports';
import type { Diagnostic } from '../core/types';

/**
 * The `--cache` store: per file, the content hash, its exports, and its
 * diagnostics with the key of everything else they depend on (tool version,
 * config, vocabulary, the ids it defines or names). A file is skipped only
 * when both keys match, so a vocabulary or config change re-checks what it must.
 */
export interface CacheEntry {
  contentHash: string;
  exports: FileExports;
  dependencyKey?: string;
  diagnostics?: Diagnostic[];
}

interface CacheFile {
  format: 1;
  tool: string;
  entries: Record<string, CacheEntry>;
}

export function hashOf(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('base64');
}

export class LintCache {
  private constructor(
    readonly location: string,
    private readonly tool: string,
    readonly entries: Map<string, CacheEntry>,
  ) {}

  /** A missing, corrupt or other-version cache is an empty cache, never an error. */
  static load(location: string, tool: string): LintCache {
    try {
      const data = deserialize(readFileSync(location)) as CacheFile;
      if (data?.format === 1 && data.tool === tool && data.entries) return new LintCache(location, tool, new Map(Object.entries(data.entries)));
    } catch {
      // fall through: start afresh
    }
    return new LintCache(location, tool, new Map());
  }

  get(file: string, contentHash: string): CacheEntry | undefined {
    const entry = this.entries.get(file);
    return entry?.contentHash === contentHash ? entry : undefined;
  }

  set(file: string, entry: CacheEntry): void {
    this.entries.set(file, entry);
  }

  /** Written atomically (temp file + rename) so an interrupted run never leaves a torn cache. */
  save(): void {
    const data: CacheFile = { format: 1, tool: this.tool, entries: Object.fromEntries(this.entries) };
    mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    writeFileSync(temp, serialize(data));
    renameSync(temp, this.location);
  }
}
