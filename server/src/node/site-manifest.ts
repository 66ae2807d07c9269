import { existsSync, lstatSync, readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The list of files `playbook-lint render` wrote into an --out folder, kept
 * in that folder. With it, the next render removes the pages of playbooks
 * that are gone, and only those: a file it did not write is never deleted.
 * A non-empty folder without it was not made by render and is refused.
 */
export const MANIFEST_NAME = '.playbook-lint-site.json';

const MARK = 'playbook-lint render';

export interface OutFolder {
  /** Files the previous render wrote (relative, '/'-separated); empty for a new folder. */
  previous: string[];
}

/** Why an --out folder cannot be used, or what was written there before. */
export function checkOutFolder(out: string, force: boolean): OutFolder | { refused: string } {
  if (!existsSync(out)) return { previous: [] };
  if (!lstatSync(out).isDirectory()) return { refused: 'it exists and is not a folder' };
  const manifest = path.join(out, MANIFEST_NAME);
  if (existsSync(manifest)) {
    const previous = readManifest(manifest);
    if (previous) return { previous };
    if (!force)
      return { refused: `its ${MANIFEST_NAME} is not a list of files written by ${MARK}; remove that file, or pass --force (nothing there is deleted)` };
    return { previous: [] };
  }
  if (readdirSync(out).length === 0 || force) return { previous: [] };
  return {
    refused:
      `it is not empty and was not written by ${MARK} (it has no ${MANIFEST_NAME}); ` +
      'choose a new or empty folder, or pass --force to write into it anyway (nothing there is deleted)',
  };
}

function readManifest(file: string): string[] | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { generator?: unknown; files?: unknown };
    if (data.generator !== MARK || !Array.isArray(data.files) || !data.files.every((f) => typeof f === 'string')) return undefined;
    return data.files as string[];
  } catch {
    return undefined;
  }
}

/**
 * Records what this render wrote, then removes what the previous one wrote
 * and this one did not: only plain files (never a link or a folder) at
 * relative paths inside `out`, and the folders they leave empty.
 */
export function recordAndPrune(out: string, written: readonly string[], previous: readonly string[]): string[] {
  const files = [...new Set(written)].sort();
  writeFileSync(path.join(out, MANIFEST_NAME), `${JSON.stringify({ generator: MARK, files }, null, 1)}\n`);
  const keep = new Set(files);
  const removed: string[] = [];
  const folders = new Set<string>();
  for (const rel of previous) {
    if (keep.has(rel) || rel === MANIFEST_NAME || !isInside(rel)) continue;
    const file = path.join(out, rel);
    try {
      if (!lstatSync(file).isFile()) continue;
      unlinkSync(file);
      removed.push(rel);
      if (rel.includes('/')) folders.add(path.dirname(file));
    } catch {
      // Already gone: nothing to prune.
    }
  }
  for (const folder of folders) {
    try {
      if (readdirSync(folder).length === 0) rmdirSync(folder);
    } catch {
      // Not empty or not ours to remove.
    }
  }
  return removed.sort();
}

/** A relative path that stays inside the folder: no absolute path, no `..`, no empty part. */
function isInside(rel: string): boolean {
  if (!rel || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false;
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
