/**
 * Runs the REAL built CLI (dist/cli.js, from `npm run build`) as a child
 * process, on real files in temporary folders.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/paths';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Colour and CI variables of the outer shell must not leak into a run. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'TERM', 'NODE_OPTIONS']) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Run {
  assertBuilt();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env ?? {}),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI under `script`, so its standard output is a terminal (for the colour tests). */
export function runCliInTty(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Run {
  assertBuilt();
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    env: cleanEnv({ TERM: 'xterm-256color', ...(options.env ?? {}) }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout.replace(/\r\n/g, '\n'), stderr: result.stderr };
}

export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** A temporary project: relative path → content. Removed by the returned cleanup. */
export function makeProject(files: Record<string, string | Buffer>): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'playbook-lint-cli-')));
  writeFiles(dir, files);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Each test spawns the CLI a few times; on a loaded machine one run can take seconds. */
export const CLI_TIMEOUT_MS = 120_000;
