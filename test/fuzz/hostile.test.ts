/**
 * Hostile and odd workspaces, against the REAL built CLI (dist/cli.js) and
 * language server (dist/server.js) as processes, on temporary folders.
 *
 * Every run is preloaded with support/fs-hooks.cjs, which logs each file the
 * process opens or reads and each folder it lists; a test then checks that
 * nothing outside the project root was touched (by real path, so a symlink
 * inside the project that points out counts as outside). The same hook can
 * change a file between the listing and the read, deterministically.
 *
 * Layout of each sandbox: <tmp>/proj (the project root) and <tmp>/outside
 * (a sibling holding a playbook and a vocabulary with planted problems that
 * must never show up in a report).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol/node';
import type { MessageConnection } from 'vscode-jsonrpc';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist/cli.js');
const SERVER = path.join(REPO, 'dist/server.js');
const HOOKS = path.join(__dirname, 'support/fs-hooks.cjs');

const PLANTED_TERM = 'planted-outside-term';
const OUTSIDE_PLAYBOOK = `playbook: Outside\nstages:\n  - id: outside-stage\n    name: Outside\n    goal: The buyer agrees on the [[${PLANTED_TERM}]].\n`;
const OUTSIDE_VOCABULARY = 'vocabulary: Outside\nterms:\n  - term: Outside secret term\n    definition: "[[planted-outside-reference]]"\n';
const SECRET_YAML = 'SECRET_TOKEN_KEY: hunter2-secret-value\n';
/** A file with one problem, so the server publishes something for it (the signal that its first pass ran). */
const PROBLEM_PLAYBOOK = 'playbook: Marker\nstages:\n  - id: marker-stage\n    name: Marker\n    goal: The buyer agrees on the [[marker-undefined-term]].\n';
const GOOD_PLAYBOOK = 'playbook: Inside\nstages:\n  - id: inside-stage\n    name: Inside\n    goal: The buyer agrees the problem is worth solving.\n';

interface Sandbox {
  base: string;
  root: string;
  outside: string;
  log: string;
}

const sandboxes: string[] = [];

function sandbox(): Sandbox {
  // Real path: /tmp may itself be a symlink (macOS), and the audit compares real paths.
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'playbook-lint-hostile-')));
  sandboxes.push(base);
  const root = path.join(base, 'proj');
  const outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.playbook.yaml'), OUTSIDE_PLAYBOOK);
  writeFileSync(path.join(outside, 'outside.vocabulary.yaml'), OUTSIDE_VOCABULARY);
  writeFileSync(path.join(outside, 'secrets.yaml'), SECRET_YAML);
  writeFileSync(path.join(root, 'inside.playbook.yaml'), GOOD_PLAYBOOK);
  return { base, root, outside, log: path.join(base, 'fs-audit.log') };
}

/** An empty audit log anyone may append to (the permission tests run the CLI as another user). */
function resetLog(box: Sandbox): void {
  rmSync(box.log, { force: true });
  writeFileSync(box.log, '');
  chmodSync(box.log, 0o666);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'NODE_OPTIONS']) delete env[key];
  return env;
}

function runCli(box: Sandbox, args: string[], options: { onRead?: object; uid?: number; cwd?: string } = {}): Run {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  resetLog(box);
  const env: Record<string, string> = { FS_AUDIT_LOG: box.log };
  if (options.onRead) env.FS_ON_READ = JSON.stringify(options.onRead);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--require', HOOKS, CLI, '--format', 'json', ...args], {
    cwd: options.cwd ?? box.root,
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0, timedOut };
}

/** Real path of p, or of the nearest existing parent (a deleted file has none). */
function realish(p: string): string {
  let dir = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(dir), ...rest.reverse());
    } catch {
      rest.push(path.basename(dir));
      const parent = path.dirname(dir);
      if (parent === dir) return p;
      dir = parent;
    }
  }
}

/** Every content read or folder listing of the run inside the sandbox but outside the project root. */
function accessesOutside(box: Sandbox): string[] {
  if (!existsSync(box.log)) return [];
  const out = new Set<string>();
  for (const line of readFileSync(box.log, 'utf8').split('\n')) {
    if (!line) continue;
    const [op, file] = line.split('\t');
    const real = realish(file);
    const inSandbox = real === box.base || real.startsWith(`${box.base}/`);
    const inRoot = real === box.root || real.startsWith(`${box.root}/`);
    if (inSandbox && !inRoot && real !== box.log) out.add(`${op} ${file}${real !== file ? ` (→ ${real})` : ''}`);
  }
  return [...out].sort();
}

function assertNothingOutsideRead(box: Sandbox, run?: Run): void {
  assert.deepEqual(accessesOutside(box), [], 'the run read or listed something outside the project root');
  if (run) {
    for (const leaked of [PLANTED_TERM, 'planted-outside-reference', 'hunter2', 'SECRET_TOKEN_KEY', 'outside-stage']) {
      assert.ok(
        !run.stdout.includes(leaked) && !run.stderr.includes(leaked),
        `the report shows "${leaked}", which only a file outside the root holds:\n${run.stdout}${run.stderr}`,
      );
    }
  }
}

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; message: string; line: number }[] }[];
}

function report(run: Run): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

function diagnosticsOf(run: Run, file: string): { rule: string; message: string }[] {
  const entry = report(run).files.find((f) => f.path === file || f.path.endsWith(`/${file}`));
  return entry?.diagnostics ?? [];
}

function filesIn(run: Run): string[] {
  return report(run)
    .files.map((f) => f.path)
    .sort();
}

after(() => {
  for (const dir of sandboxes) {
    try {
      spawnSync('chmod', ['-R', 'u+rwx', dir]);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

describe('hostile workspaces: the real CLI', function () {
  this.timeout(120_000);

  describe('symlinks are not followed', () => {
    it('a folder symlinked to its parent (a loop) finishes, and nothing outside the root is read', () => {
      const box = sandbox();
      mkdirSync(path.join(box.root, 'playbooks'));
      writeFileSync(path.join(box.root, 'playbooks/a.playbook.yaml'), GOOD_PLAYBOOK.replace(/inside-stage/g, 'a-stage'));
      symlinkSync('..', path.join(box.root, 'playbooks/loop'));
      symlinkSync('.', path.join(box.root, 'self'));
      const run = runCli(box, []);
      assert.equal(run.timedOut, false, 'the run hung');
      assert.ok(run.ms < 30_000, `took ${run.ms} ms`);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(filesIn(run), ['inside.playbook.yaml', 'playbooks/a.playbook.yaml']);
      assertNothingOutsideRead(box, run);
    });

    it('a playbook symlinked to a file outside the root, and a folder symlinked outside, are not read', () => {
      const box = sandbox();
      symlinkSync(path.join(box.outside, 'secret.playbook.yaml'), path.join(box.root, 'linked.playbook.yaml'));
      symlinkSync('../outside', path.join(box.root, 'linked-folder'));
      symlinkSync(path.join(box.outside, 'outside.vocabulary.yaml'), path.join(box.root, 'linked.vocabulary.yaml'));
      const run = runCli(box, []);
      assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
      assert.deepEqual(filesIn(run), ['inside.playbook.yaml']);
      assertNothingOutsideRead(box, run);
    });

    it('naming such a symlink on the command line: not read, and a message that says why', () => {
      const box = sandbox();
      symlinkSync(path.join(box.outside, 'secret.playbook.yaml'), path.join(box.root, 'linked.playbook.yaml'));
      const run = runCli(box, ['linked.playbook.yaml']);
      assertNothingOutsideRead(box, run);
      assert.equal(run.code, 2, run.stderr);
      // The reason must be the link, not "ignored by the config" (there is no config here).
      assert.match(run.stderr, /linked\.playbook\.yaml/, `the message should name the file:\n${run.stderr}`);
      assert.match(run.stderr, /symbolic link|symlink/i, `the message should say it is a symbolic link:\n${run.stderr}`);
    });

    it('a .playbook-lint.yaml symlinked to a file outside the root is not read (its content must not reach the report)', () => {
      const box = sandbox();
      symlinkSync(path.join(box.outside, 'secrets.yaml'), path.join(box.root, '.playbook-lint.yaml'));
      const run = runCli(box, []);
      assertNothingOutsideRead(box, run);
      assert.equal(run.code, 2, 'a config that cannot be used is a failed run');
      assert.match(run.stderr, /\.playbook-lint\.yaml/);
    });
  });

  describe('config globs cannot leave the root', () => {
    const cases: [string, string][] = [
      ['vocabulary: ["../outside/*.vocabulary.yaml"]', '"../"'],
      ['vocabulary: ["./../outside/*.vocabulary.yaml"]', '"./../"'],
      ['vocabulary: ["**/../../outside/*.vocabulary.yaml"]', 'a ".." segment after "**"'],
      ['vocabulary: ["ABSOLUTE/*.vocabulary.yaml"]', 'an absolute path'],
      ['ignore: ["../**"]', 'an ignore glob with ".."'],
      ['ignore: ["ABSOLUTE/**"]', 'an absolute ignore glob'],
      ['vocabulary: ["..\\\\/outside/*.vocabulary.yaml"]', 'an escaped slash ("..\\/")'],
      ['vocabulary: ["..\\\\\\\\outside/*.vocabulary.yaml"]', 'a backslash separator ("..\\\\")'],
    ];
    for (const [yaml, what] of cases) {
      it(`${what}: a clear config error (exit 2), and nothing outside the root is listed or read`, () => {
        const box = sandbox();
        writeFileSync(path.join(box.root, '.playbook-lint.yaml'), `${yaml.replace('ABSOLUTE', box.outside)}\n`);
        const run = runCli(box, []);
        assertNothingOutsideRead(box, run);
        assert.equal(run.code, 2, `expected a config error (exit 2), got ${run.code}:\n${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /\.playbook-lint\.yaml/);
        assert.match(run.stderr, /inside the project root/);
      });
    }

    it('a glob without ".." that only looks outside ({..,x}) matches nothing outside and reads nothing outside', () => {
      const box = sandbox();
      writeFileSync(path.join(box.root, '.playbook-lint.yaml'), 'vocabulary: ["{..,x}/outside/*.vocabulary.yaml"]\n');
      const run = runCli(box, []);
      assertNothingOutsideRead(box, run);
      assert.notEqual(run.code, null);
    });
  });

  describe('a file that changes between listing and reading', () => {
    it('rewritten: linted with its new content, no crash', () => {
      const box = sandbox();
      const file = path.join(box.root, 'changing.playbook.yaml');
      writeFileSync(file, GOOD_PLAYBOOK.replace(/inside-stage/g, 'changing').replace('The buyer agrees', 'The buyer agrees on the [[old-term]]'));
      const content = GOOD_PLAYBOOK.replace(/inside-stage/g, 'changing').replace('The buyer agrees', 'The buyer agrees on the [[new-term]]');
      const run = runCli(box, [], { onRead: { path: file, action: 'rewrite', content } });
      assert.equal(run.stderr, '');
      const messages = diagnosticsOf(run, 'changing.playbook.yaml').map((d) => d.message);
      assert.ok(
        messages.some((m) => m.includes('"new-term"')),
        `expected the new content's problem: ${JSON.stringify(messages)}`,
      );
      assert.ok(!messages.some((m) => m.includes('"old-term"')), 'the old content must not be reported');
      assert.deepEqual(diagnosticsOf(run, 'inside.playbook.yaml'), []);
    });

    it('deleted: a clear diagnostic on it, the other files still checked', () => {
      const box = sandbox();
      const file = path.join(box.root, 'vanishing.playbook.yaml');
      writeFileSync(file, GOOD_PLAYBOOK.replace(/inside-stage/g, 'vanishing'));
      const run = runCli(box, [], { onRead: { path: file, action: 'delete' } });
      assert.equal(existsSync(file), false, 'the hook deleted the file mid-run');
      assert.equal(run.code, 1);
      assert.match(diagnosticsOf(run, 'vanishing.playbook.yaml')[0]?.message ?? '', /deleted or moved/);
      assert.ok(filesIn(run).includes('inside.playbook.yaml'));
    });

    it('swapped for a symlink to a file outside the root: the outside file is not read', () => {
      const box = sandbox();
      const file = path.join(box.root, 'swapped.playbook.yaml');
      writeFileSync(file, GOOD_PLAYBOOK.replace(/inside-stage/g, 'swapped'));
      const run = runCli(box, [], { onRead: { path: file, action: 'symlink', target: path.join(box.outside, 'secret.playbook.yaml') } });
      assertNothingOutsideRead(box, run);
      assert.ok(filesIn(run).includes('inside.playbook.yaml'));
    });
  });

  describe('permission denied', () => {
    /**
     * chmod 000 does not stop root. When the tests run as root, the CLI is run
     * as the unprivileged user "nobody" instead (uid 65534), on a sandbox it can
     * traverse; when that is impossible, the test is skipped with the reason
     * printed (a skip, never a pass).
     */
    function asUnprivileged(this: Mocha.Context, box: Sandbox): number | undefined {
      if (process.platform === 'win32') {
        console.log('      (skipped: no chmod semantics on Windows)');
        this.skip();
      }
      if (process.getuid?.() !== 0) return undefined;
      const probe = spawnSync(process.execPath, ['-e', 'process.exit(process.getuid() === 65534 ? 0 : 3)'], { uid: 65534, gid: 65534 });
      if (probe.status !== 0) {
        console.log('      (skipped: running as root, and cannot start a process as uid 65534 to make chmod 000 effective)');
        this.skip();
      }
      for (const dir of [box.base, box.root, box.outside]) chmodSync(dir, 0o755);
      for (let dir = path.dirname(CLI); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        // The CLI bundle must be reachable by uid 65534; if not, say so rather than fail for the wrong reason.
        if (spawnSync('test', ['-x', dir], { uid: 65534, gid: 65534 }).status !== 0) {
          console.log(`      (skipped: uid 65534 cannot reach ${dir} to run the CLI)`);
          this.skip();
        }
      }
      return 65534;
    }

    function readable(box: Sandbox, uid: number | undefined, file: string): boolean {
      return spawnSync('test', ['-r', file], uid !== undefined ? { uid, gid: uid } : {}).status === 0 && existsSync(box.root);
    }

    it('an unreadable playbook gets a "permission denied" diagnostic; the others are still checked', function () {
      const box = sandbox();
      const uid = asUnprivileged.call(this, box);
      const file = path.join(box.root, 'locked.playbook.yaml');
      writeFileSync(file, GOOD_PLAYBOOK.replace(/inside-stage/g, 'locked'));
      chmodSync(file, 0o000);
      if (readable(box, uid, file)) {
        console.log('      (skipped: chmod 000 did not make the file unreadable here)');
        this.skip();
      }
      const run = runCli(box, [], { uid });
      assert.equal(run.code, 1, `${run.stdout}${run.stderr}`);
      assert.match(diagnosticsOf(run, 'locked.playbook.yaml')[0]?.message ?? '', /permission denied/i);
      assert.deepEqual(diagnosticsOf(run, 'inside.playbook.yaml'), []);
    });

    it('an unreadable folder is reported (its files are not silently skipped)', function () {
      const box = sandbox();
      const uid = asUnprivileged.call(this, box);
      const folder = path.join(box.root, 'locked');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'hidden.playbook.yaml'), GOOD_PLAYBOOK.replace(/inside-stage/g, 'hidden'));
      chmodSync(folder, 0o000);
      if (readable(box, uid, folder)) {
        console.log('      (skipped: chmod 000 did not make the folder unreadable here)');
        this.skip();
      }
      const run = runCli(box, [], { uid });
      assert.match(`${run.stdout}${run.stderr}`, /locked/, `a folder the run could not look into must be named:\n${run.stdout}${run.stderr}`);
    });

    it('an unreadable config is a clear config error (exit 2)', function () {
      const box = sandbox();
      const uid = asUnprivileged.call(this, box);
      const config = path.join(box.root, '.playbook-lint.yaml');
      writeFileSync(config, 'rules: {}\n');
      chmodSync(config, 0o000);
      if (readable(box, uid, config)) {
        console.log('      (skipped: chmod 000 did not make the config unreadable here)');
        this.skip();
      }
      const run = runCli(box, [], { uid });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\.playbook-lint\.yaml/);
      assert.match(run.stderr, /permission denied/i);
    });
  });

  describe('odd YAML gets a diagnostic, not process noise', () => {
    it('a collection used as a mapping key: no Node warning on stderr', () => {
      const box = sandbox();
      writeFileSync(path.join(box.root, 'odd.playbook.yaml'), 'playbook: P\nstages:\n  - id: odd\n    name: S\n    goal: G\n    ? [a, b]\n    : x\n');
      const run = runCli(box, []);
      assert.equal(run.code, 1);
      assert.ok(diagnosticsOf(run, 'odd.playbook.yaml').length >= 1);
      assert.equal(run.stderr, '', 'stderr should be empty; the yaml package printed a process warning');
    });
  });
});

// ------------------------------------------------------------------------------------------------------

interface ServerRun {
  diagnostics: Map<string, LspDiagnostic[]>;
  stderr: string;
  exited: number | null | undefined;
}

/**
 * Starts the real server (with the fs audit hook) on one workspace folder, waits
 * until it has published diagnostics for `expect` (or a timeout), and shuts it down.
 */
async function runServer(box: Sandbox, timeoutMs = 30_000): Promise<ServerRun> {
  const expect = 'marker.playbook.yaml';
  writeFileSync(path.join(box.root, expect), PROBLEM_PLAYBOOK);
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
  resetLog(box);
  const proc = spawn(process.execPath, ['--require', HOOKS, SERVER, '--stdio'], { env: cleanEnv({ FS_AUDIT_LOG: box.log }), stdio: ['pipe', 'pipe', 'pipe'] });
  const result: ServerRun = { diagnostics: new Map(), stderr: '', exited: undefined };
  proc.stderr.on('data', (d: Buffer) => (result.stderr += d.toString()));
  proc.on('exit', (code) => (result.exited = code));
  const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const raw = connection as unknown as MessageConnection;
  let resolveSeen: () => void = () => {};
  const seen = new Promise<void>((resolve) => (resolveSeen = resolve));
  const wanted = pathToFileURL(path.join(box.root, expect)).href;
  raw.onNotification((method: string, params: unknown) => {
    if (method !== 'textDocument/publishDiagnostics') return;
    const p = params as { uri: string; diagnostics: LspDiagnostic[] };
    result.diagnostics.set(p.uri, p.diagnostics);
    if (p.uri === wanted) resolveSeen();
  });
  raw.onRequest(() => null);
  connection.listen();
  try {
    const folder = { uri: pathToFileURL(box.root).href, name: 'proj' };
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder.uri,
      workspaceFolders: [folder],
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { workspaceFolders: true } },
    });
    await connection.sendNotification('initialized', {});
    await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    // Let the first pass finish listing and reading every file.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 5000))]);
    await connection.sendNotification('exit');
  } finally {
    setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
    connection.dispose();
  }
  return result;
}

function serverMessages(run: ServerRun): string {
  return [...run.diagnostics.values()]
    .flat()
    .map((d) => d.message)
    .join('\n');
}

describe('hostile workspaces: the real language server', function () {
  this.timeout(120_000);

  it('symlinks to files and folders outside, and a loop: not followed, not read, no diagnostics for them', async () => {
    const box = sandbox();
    symlinkSync(path.join(box.outside, 'secret.playbook.yaml'), path.join(box.root, 'linked.playbook.yaml'));
    symlinkSync(path.join(box.outside, 'outside.vocabulary.yaml'), path.join(box.root, 'linked.vocabulary.yaml'));
    symlinkSync('../outside', path.join(box.root, 'linked-folder'));
    symlinkSync('.', path.join(box.root, 'loop'));
    const run = await runServer(box);
    assert.ok(
      run.diagnostics.has(pathToFileURL(path.join(box.root, 'marker.playbook.yaml')).href),
      `no diagnostics published for marker.playbook.yaml; stderr:\n${run.stderr}`,
    );
    assert.deepEqual(accessesOutside(box), []);
    assert.ok(!serverMessages(run).includes(PLANTED_TERM));
  });

  it('a .playbook-lint.yaml symlinked outside the root is not read', async () => {
    const box = sandbox();
    symlinkSync(path.join(box.outside, 'secrets.yaml'), path.join(box.root, '.playbook-lint.yaml'));
    const run = await runServer(box);
    assert.deepEqual(accessesOutside(box), [], 'the server read a file outside the workspace folder');
    assert.ok(!/hunter2|SECRET_TOKEN_KEY/.test(serverMessages(run)), 'content of an outside file reached a diagnostic');
  });

  it('config globs that escape the root ("..\\/", "..\\\\") list nothing outside', async () => {
    for (const glob of ['..\\\\/outside/*.vocabulary.yaml', '..\\\\\\\\outside/*.vocabulary.yaml']) {
      const box = sandbox();
      writeFileSync(path.join(box.root, '.playbook-lint.yaml'), `vocabulary: ["${glob}"]\n`);
      await runServer(box);
      assert.deepEqual(accessesOutside(box), [], `vocabulary: ["${glob}"]`);
    }
  });

  it('a named pipe called .playbook-lint.yaml does not hang the server', async function () {
    if (process.platform === 'win32') this.skip();
    const box = sandbox();
    if (spawnSync('mkfifo', [path.join(box.root, '.playbook-lint.yaml')]).status !== 0) {
      console.log('      (skipped: no mkfifo here)');
      this.skip();
    }
    const run = await runServer(box, 15_000);
    assert.ok(
      run.diagnostics.has(pathToFileURL(path.join(box.root, 'marker.playbook.yaml')).href),
      `the server published nothing in 15 s: blocked reading the pipe? stderr:\n${run.stderr}`,
    );
  });
});
