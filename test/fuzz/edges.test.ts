/**
 * The edges of issue #11, each a reproduction turned into a test: the REAL CLI
 * as a process and the REAL language server over stdio, on temporary folders.
 * Time bounds are hang detectors, generous for a busy 2-core machine; memory
 * bounds are a heap cap (--max-old-space-size) that a run must live within.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../support/paths';
import { FULL_CAPABILITIES, LspClient } from '../lsp/support/client';

/** Diagnostics pushed for open documents too (a client that pulls gets none pushed). */
const PUSH_CAPABILITIES = { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined } };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const folders: string[] = [];

function project(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'playbook-lint-edges-')));
  folders.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** The CLI on `cwd`, killed after `timeoutMs` (a hang fails the test instead of stalling the suite), under a heap cap. */
export function runCli(cwd: string, args: string[], options: { timeoutMs?: number; heapMb?: number } = {}): Run {
  const started = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${options.heapMb ?? 1024}`, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Date.now() - started;
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')
    assert.fail(`playbook-lint ${args.join(' ')} still running after ${ms} ms: it hangs`);
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms };
}

function mkfifo(file: string): boolean {
  return process.platform !== 'win32' && spawnSync('mkfifo', [file]).status === 0;
}

const GOOD = 'playbook: P\nstages:\n  - id: s\n    name: N\n    goal: The buyer agrees the problem is worth solving.\n';
const LONG_NAME = `${'a'.repeat(60)}.playbook.yaml`;
/** The reproduction: this glob became a backtracking regular expression that ran for minutes on LONG_NAME. */
const HOSTILE_IGNORE = 'ignore: ["*a*a*a*a*a*a*a*a!"]\nvocabulary: ["**/*a*a*a*a*a*a*a*a*a*a!"]\n';

/** `count` stages all with the id "s": every one after the first is a duplicate-id error. */
function manyEqualIds(count: number): string {
  return `playbook: P\nstages:\n${'  - {id: s, name: n, goal: The buyer agrees.}\n'.repeat(count)}`;
}
const SUMMARY_3000 = '1,999 more problems in this file are not listed (1,999 duplicate-id): at most 1,000 are shown per file; fix those and check again';

after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('edges (#11): the real CLI', function () {
  this.timeout(120_000);

  it('hostile ignore and vocabulary globs (catastrophic backtracking before) finish, and the file is checked', () => {
    const root = project({ '.playbook-lint.yaml': HOSTILE_IGNORE, [LONG_NAME]: 'playbook: P\n' });
    const run = runCli(root, ['--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const files = JSON.parse(run.stdout).files as { path: string; diagnostics: { rule: string }[] }[];
    assert.deepEqual(
      files.map((f) => [f.path, f.diagnostics.map((d) => d.rule)]),
      [[LONG_NAME, ['schema']]],
    );
  });

  it('a glob whose braces multiply without bound is a config error naming it (exit 2)', () => {
    const root = project({ '.playbook-lint.yaml': `ignore: ["${'{a,b}'.repeat(12)}"]\n`, 'x.playbook.yaml': GOOD });
    const run = runCli(root, []);
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /ignore\[0\]: ".*" cannot be used as a glob: its braces expand to more than 256 alternatives/);
  });

  it('a glob on the command line is matched in linear time too', () => {
    const root = project({ [LONG_NAME]: GOOD });
    const run = runCli(root, ['--format', 'json', `${'*a'.repeat(30)}.playbook.yaml`]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).files.length, 1);
  });

  it('many equal ids: at most 1,000 diagnostics per file, then one summary with the count', () => {
    const root = project({ 'many.playbook.yaml': manyEqualIds(3000) });
    const run = runCli(root, ['--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const diagnostics = JSON.parse(run.stdout).files[0].diagnostics as { rule: string; message: string }[];
    assert.equal(diagnostics.length, 1001);
    assert.equal(diagnostics[1000].message, SUMMARY_3000);
  });

  describe('named pipes and other non-regular files', () => {
    it('a FIFO named like a playbook gets a diagnostic naming what it is, in a folder run and when named', function () {
      const root = project({ 'ok.playbook.yaml': GOOD });
      if (!mkfifo(path.join(root, 'x.playbook.yaml'))) this.skip();
      for (const args of [[], ['x.playbook.yaml']]) {
        const run = runCli(root, ['--format', 'json', ...args]);
        assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
        const fifo = (JSON.parse(run.stdout).files as { path: string; diagnostics: { message: string; line: number }[] }[]).find(
          (f) => f.path === 'x.playbook.yaml',
        );
        assert.ok(fifo, `${args.join(' ') || 'folder run'}: no result for the FIFO in ${run.stdout}`);
        assert.match(fifo.diagnostics[0].message, /it is a named pipe \(FIFO\), not a regular file/);
      }
    });

    it('--cache where the cache file is a FIFO: returns at once with a clear message (exit 2)', function () {
      const root = project({ 'ok.playbook.yaml': GOOD });
      if (!mkfifo(path.join(root, '.playbook-lint-cache'))) this.skip();
      const run = runCli(root, ['--cache']);
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stderr, /--cache: .*\.playbook-lint-cache is a named pipe \(FIFO\), not a regular file.*--cache-location/);
    });
  });
});

/** Texts whose bytes are odd: each must give the same diagnostics in the CLI and in the server, file open or closed. */
const ODD_TEXTS: Record<string, string> = {
  'a NUL byte': 'playbook: P\0\n',
  'a NUL byte late in the file': `${GOOD}# note\0\n`,
  'a byte order mark': `\uFEFF${GOOD}stages2: x\n`,
  'CRLF line breaks': `${GOOD}  - id: t\n    goal: G\n`.replace(/\n/g, '\r\n'),
  'CR-only line breaks': `${GOOD}  - id: t\n    goal: G\n`.replace(/\n/g, '\r'),
  'CRLF with a problem on line 6': `${GOOD}  - id: s\n    name: N\n    goal: [[undefined-thing]] agreed\n`.replace(/\n/g, '\r\n'),
};

interface Seen {
  rule: string;
  line: number;
  column: number;
  message: string;
}

/**
 * Opens `file` with a marker text first, then changes it to `text`, waiting for the
 * diagnostics of each: a server need not republish diagnostics that did not change,
 * so opening with the text the closed file already has would prove nothing.
 */
async function openWithText(client: LspClient, file: string, text: string): Promise<void> {
  await client.open(file, 'marker: 1\n');
  await client.waitDiagnostics(file, (d) => d.some((x) => String(x.message).includes('marker')), `${path.basename(file)}: the marker text`, 30_000);
  await client.change(file, text);
  await client.waitDiagnostics(file, (d) => !d.some((x) => String(x.message).includes('marker')), `${path.basename(file)}: the text`, 60_000);
}

function cliDiagnostics(root: string, file: string): Seen[] {
  const run = runCli(root, ['--format', 'json', file]);
  const found = (JSON.parse(run.stdout).files as { path: string; diagnostics: Seen[] }[]).find((f) => f.path === file);
  return (found?.diagnostics ?? []).map((d) => ({ rule: d.rule, line: d.line, column: d.column, message: d.message }));
}

describe('edges (#11): the real language server', function () {
  this.timeout(120_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('hostile ignore and vocabulary globs: the workspace is still indexed and checked', async () => {
    const root = project({ '.playbook-lint.yaml': HOSTILE_IGNORE, [LONG_NAME]: 'playbook: P\n' });
    client = await LspClient.start({ folders: [root], capabilities: PUSH_CAPABILITIES });
    const diagnostics = await client.waitDiagnostics(path.join(root, LONG_NAME), (d) => d.length > 0, 'diagnostics of the long-named file', 30_000);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['schema'],
    );
  });

  it('many equal ids: the same 1,000 diagnostics and summary as the CLI', async () => {
    const root = project({ 'many.playbook.yaml': manyEqualIds(3000) });
    client = await LspClient.start({ folders: [root], capabilities: PUSH_CAPABILITIES });
    const diagnostics = await client.waitDiagnostics(path.join(root, 'many.playbook.yaml'), (d) => d.length > 0, 'diagnostics of many.playbook.yaml', 60_000);
    assert.equal(diagnostics.length, 1001);
    assert.equal(diagnostics[1000].message, SUMMARY_3000);
  });

  it('150,000 equal ids in one open file (a stack overflow in the id table before): diagnostics, no crash', async () => {
    const root = project({ 'ok.playbook.yaml': GOOD });
    const file = path.join(root, 'many.playbook.yaml');
    client = await LspClient.start({ folders: [root], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed(30_000);
    await client.open(file, `playbook: P\nstages:\n${'  - id: s\n'.repeat(150_000)}`);
    const diagnostics = await client.waitDiagnostics(file, (d) => d.length > 0, 'diagnostics of the 150,000 stages', 110_000);
    assert.match(String(diagnostics[diagnostics.length - 1].message), /^149,\d{3} more problems in this file are not listed \(149,\d{3} duplicate-id\)/);
  });

  it('odd bytes (NUL, BOM, CRLF, CR-only): the same diagnostics as the CLI, with the file closed and open', async () => {
    const root = project({ 'ok.playbook.yaml': GOOD });
    const names = Object.keys(ODD_TEXTS).map((what, i) => ({ what, name: `odd${i}.playbook.yaml` }));
    for (const { what, name } of names) writeFileSync(path.join(root, name), ODD_TEXTS[what]);
    client = await LspClient.start({ folders: [root], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed(30_000);
    const lsp = (d: { code?: unknown; range: { start: { line: number; character: number } }; message: unknown }): Seen => ({
      rule: String(d.code),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      message: String(d.message),
    });
    for (const { what, name } of names) {
      const file = path.join(root, name);
      const expected = cliDiagnostics(root, name);
      assert.ok(expected.length > 0 || !/NUL/.test(what), `${what}: the CLI found nothing`);
      const closed = await client.waitDiagnostics(file, () => true, `${what}: closed`, 30_000);
      assert.deepEqual(closed.map(lsp), expected, `${what}: closed file`);
      // An editor shows (and sends) the text without its byte order mark.
      await openWithText(client, file, ODD_TEXTS[what].replace(/^\uFEFF/, ''));
      assert.deepEqual(client.diagnosticsFor(file)!.map(lsp), expected, `${what}: open file`);
      await client.close(file);
    }
  });

  it('an open document over the size limit gets the size diagnostic the CLI gives the file, and the server keeps answering', async () => {
    const big = `playbook: P\nstages: []\n# ${'x'.repeat(33 * 1024 * 1024)}\n`;
    const root = project({ 'ok.playbook.yaml': GOOD, 'big.playbook.yaml': big });
    const expected = cliDiagnostics(root, 'big.playbook.yaml');
    assert.match(expected[0]?.message ?? '', /^Cannot read this file: it is 33\.0 MB, more than the 32 MB/);
    client = await LspClient.start({ folders: [root], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed(30_000);
    const file = path.join(root, 'big.playbook.yaml');
    await openWithText(client, file, big);
    assert.deepEqual(
      client.diagnosticsFor(file)!.map((d) => String(d.message)),
      expected.map((d) => d.message),
    );
    const started = Date.now();
    await client.request('textDocument/documentSymbol', { textDocument: { uri: pathToFileURL(path.join(root, 'ok.playbook.yaml')).href } });
    assert.ok(Date.now() - started < 10_000, `a request on another file took ${Date.now() - started} ms`);
  });

  it('a FIFO named like a playbook gets the same diagnostic as in the CLI', async function () {
    const root = project({ 'ok.playbook.yaml': GOOD });
    if (!mkfifo(path.join(root, 'x.playbook.yaml'))) this.skip();
    client = await LspClient.start({ folders: [root], capabilities: PUSH_CAPABILITIES });
    const diagnostics = await client.waitDiagnostics(path.join(root, 'x.playbook.yaml'), (d) => d.length > 0, 'a diagnostic on the FIFO', 30_000);
    assert.match(String(diagnostics[0].message), /it is a named pipe \(FIFO\), not a regular file/);
  });
});
