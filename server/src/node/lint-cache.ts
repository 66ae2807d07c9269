import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileExports } from '../core/project/exports';
import type { Diagnostic } from '../core/types';

/**
 * The `--cache` store: per file, the content hash, its exports, and its
 * diagnostics with the key of everything else they depend on (tool version,
 * config, vocabulary, the ids it defines or names). A file is skipped only
 * when both keys match, so a vocabulary or config change re-checks what it must.
 *
 * The file is signed with a key kept outside any project (in the user's cache
 * folder): a cache file committed to a repository cannot make a CI run report
 * forged results, because this machine did not sign it.
 */
export interface CacheEntry {
  contentHash: string;
  exports: FileExports;
  dependencyKey?: string;
  diagnostics?: Diagnostic[];
}

interface CacheFile {
  format: 2;
  tool: string;
  entries: Record<string, CacheEntry>;
}

const SIGNATURE_BYTES = 32;

export function hashOf(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('base64');
}

/**
 * A regular file's bytes, never through a symlink. Unlike playbook reads there is no
 * size cap: a 2,000-playbook project's cache is larger than any playbook may be.
 */
function readOwnFile(file: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function signingKey(): Buffer | undefined {
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'playbook-lint');
  const file = path.join(dir, 'cache-signing-key');
  try {
    return readOwnFile(file);
  } catch {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      return undefined; // no place for a key: the cache is not used rather than trusted unsigned
    }
  }
}

export class LintCache {
  private dirty = false;

  private constructor(
    readonly location: string,
    private readonly tool: string,
    private readonly key: Buffer | undefined,
    readonly entries: Map<string, CacheEntry>,
  ) {}

  /** A missing, corrupt, unsigned or other-version cache is an empty cache, never an error. */
  static load(location: string, tool: string): LintCache {
    const key = signingKey();
    if (key) {
      try {
        const bytes = readOwnFile(location);
        const body = bytes.subarray(SIGNATURE_BYTES);
        const expected = createHmac('sha256', key).update(body).digest();
        if (bytes.length > SIGNATURE_BYTES && timingSafeEqual(bytes.subarray(0, SIGNATURE_BYTES), expected)) {
          const data = deserialize(body) as CacheFile;
          if (data?.format === 2 && data.tool === tool && data.entries) return new LintCache(location, tool, key, new Map(Object.entries(data.entries)));
        }
      } catch {
        // fall through: start afresh
      }
    }
    return new LintCache(location, tool, key, new Map());
  }

  get(file: string, contentHash: string): CacheEntry | undefined {
    const entry = this.entries.get(file);
    return entry?.contentHash === contentHash ? entry : undefined;
  }

  set(file: string, entry: CacheEntry): void {
    const old = this.entries.get(file);
    if (old && old.contentHash === entry.contentHash && old.dependencyKey === entry.dependencyKey && old.diagnostics === entry.diagnostics) return;
    this.entries.set(file, entry);
    this.dirty = true;
  }

  /** Written atomically (temp file + rename), and only when something changed. */
  save(): void {
    if (!this.dirty || !this.key) return;
    const body = serialize({ format: 2, tool: this.tool, entries: Object.fromEntries(this.entries) } satisfies CacheFile);
    const signature = createHmac('sha256', this.key).update(body).digest();
    mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([signature, body]));
    renameSync(temp, this.location);
    this.dirty = false;
  }
}
