/** Running npm and git as a team would, and the sources as a clean clone has them (package tests). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The sources as a clean clone has them: tracked (and new, not ignored) files, no dist/; node_modules linked unless `linkModules` is false. */
export function cleanCopy(into: string, linkModules = true): void {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO_ROOT);
  assert.equal(listed.code, 0, listed.stderr);
  for (const rel of listed.stdout.split('\0').filter(Boolean)) {
    if (rel.startsWith('dist/')) continue;
    const from = path.join(REPO_ROOT, rel);
    try {
      if (!statSync(from).isFile()) continue;
    } catch {
      continue; // deleted in the worktree, not yet committed
    }
    mkdirSync(path.dirname(path.join(into, rel)), { recursive: true });
    cpSync(from, path.join(into, rel));
  }
  if (linkModules) symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(into, 'node_modules'), 'dir');
}
