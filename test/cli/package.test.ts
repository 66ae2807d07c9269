/**
 * The npm package as a team installs it: `npm pack` on a copy of the sources
 * without dist/ (a clean clone) builds through prepare, the tarball holds only
 * what users run and read, and installed offline into an empty repository both
 * bins work: `npx playbook-lint` and `npx playbook-language-server --stdio`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cleanCopy, run } from './package-helpers';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/paths';

/** What may be in the tarball: the bundles users run, schemas, user docs, README, LICENSE, the manifest. */
const ALLOWED = [
  /^package\/package\.json$/,
  /^package\/README\.md$/,
  /^package\/LICENSE$/,
  /^package\/dist\/(cli|server|lint-worker|nlp-model)\.js$/,
  /^package\/dist\/nlp-model\.json$/,
  /^package\/schemas\/[\w.-]+\.schema\.json$/,
  /^package\/docs\/(format|cli|ci|editor|json-format)\.md$/,
  /^package\/docs\/rules\/[\w-]+\.md$/,
];

describe('the npm package', function () {
  this.timeout(600_000);
  let work: string;
  let tarball: string;
  let team: string;

  before(function () {
    if (run('npm', ['--version'], REPO_ROOT).code !== 0) this.skip();
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'playbook-lint-pack-')));
    const clone = path.join(work, 'clone');
    mkdirSync(clone);
    cleanCopy(clone);
    const packed = run('npm', ['pack', '--json', '--pack-destination', work], clone);
    assert.equal(packed.code, 0, `npm pack failed:\n${packed.stderr}`);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string }[];
    tarball = path.join(work, info.filename);
    team = path.join(work, 'team-playbooks');
    mkdirSync(team);
    writeFileSync(path.join(team, 'package.json'), '{ "name": "team-playbooks", "version": "1.0.0", "private": true }\n');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('npm pack builds first (prepare) and packs only what users run and read, small, with no runtime dependencies', () => {
    const listing = run('tar', ['tzf', tarball], work);
    assert.equal(listing.code, 0, listing.stderr);
    const entries = listing.stdout.split('\n').filter((e) => e && !e.endsWith('/'));
    const unexpected = entries.filter((e) => !ALLOWED.some((re) => re.test(e)));
    assert.deepEqual(unexpected, [], 'only bundles, schemas, user docs, README, LICENSE');
    for (const must of [
      'package/dist/cli.js',
      'package/dist/server.js',
      'package/dist/lint-worker.js',
      'package/dist/nlp-model.js',
      'package/dist/nlp-model.json',
      'package/README.md',
      'package/LICENSE',
      'package/docs/format.md',
      'package/docs/rules/schema.md',
      'package/schemas/playbook.schema.json',
    ]) {
      assert.ok(entries.includes(must), `${must} is packed`);
    }
    const size = statSync(tarball).size;
    console.log(`      ${path.basename(tarball)}: ${(size / 1024).toFixed(0)} KB, ${entries.length} files`);
    // About 1.8 MB: the English language model of the coaching checks (wink-nlp) is shared, dist/nlp-model.js with its
    // table dist/nlp-model.json (about 1.3 MB packed together, its word index's table included), that the CLI, its lint
    // worker and the server load; the rest is about 0.5 MB.
    assert.ok(size < 2_000_000, `tarball is ${size} bytes`);
    const manifest = JSON.parse(run('tar', ['xzfO', tarball, 'package/package.json'], work).stdout);
    assert.equal(manifest.private, undefined, 'publishable');
    assert.equal(manifest.dependencies, undefined, 'no runtime dependencies: everything is bundled');
    assert.deepEqual(manifest.bin, { 'playbook-lint': 'dist/cli.js', 'playbook-language-server': 'dist/server.js' });
    assert.ok(manifest.contributes && manifest.engines.vscode, 'the same package.json is still the VS Code manifest');
  });

  it("installs offline into an empty repository, and npx playbook-lint checks the team's files", () => {
    const installed = run('npm', ['install', '-D', '--offline', tarball], team);
    assert.equal(installed.code, 0, `npm install --offline failed:\n${installed.stderr}`);
    const version = run('npx', ['--offline', 'playbook-lint', '--version'], team);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    const init = run('npx', ['--offline', 'playbook-lint', '--init'], team);
    assert.equal(init.code, 0, init.stderr);
    const clean = run('npx', ['--offline', 'playbook-lint'], team);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /no problems \(2 files checked\)/);
    writeFileSync(
      path.join(team, 'playbooks/broken.playbook.yaml'),
      'playbook: Broken\nstages:\n  - id: broken\n    name: Broken\n    goal: The buyer agrees the price fits.\n    tactics:\n      - id: send-recap\n        tactic: Send a recap.\n',
    );
    const broken = run('npx', ['--offline', 'playbook-lint', '--format', 'json'], team);
    assert.equal(broken.code, 1);
    assert.deepEqual(
      JSON.parse(broken.stdout)
        .files.flatMap((f: { diagnostics: { rule: string }[] }) => f.diagnostics.map((d) => d.rule))
        .sort(),
      ['tactic-missing-deviation', 'tactic-missing-why'],
    );
    rmSync(path.join(team, 'playbooks/broken.playbook.yaml'));
  });

  it('npx playbook-language-server --stdio answers an editor: initialize, diagnostics for an open playbook, shutdown', async () => {
    const server = spawn('npx', ['--offline', 'playbook-language-server', '--stdio'], { cwd: team, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    const file = path.join(team, 'playbooks/first-call.playbook.yaml');
    const uri = pathToFileURL(file).href;
    const diagnostics = new Promise<{ code?: unknown }[]>((resolve) => {
      connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code?: unknown }[]; version?: number }) => {
        if (p.uri === uri && p.diagnostics.length) resolve(p.diagnostics);
      });
    });
    connection.listen();
    try {
      const init = (await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(team).href,
        workspaceFolders: [{ uri: pathToFileURL(team).href, name: 'team' }],
        capabilities: {},
      })) as { capabilities: object; serverInfo?: { name: string } };
      assert.ok(init.capabilities, stderr);
      await connection.sendNotification('initialized', {});
      const text = readFileSync(file, 'utf8').replace(/\n {8}why: >[\s\S]*?(?=\n {8}deviate-when)/, '');
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const got = await Promise.race([
        diagnostics,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics in 60 s; server stderr:\n${stderr}`)), 60_000)),
      ]);
      assert.deepEqual(
        got.map((d) => d.code),
        ['tactic-missing-why'],
      );
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await new Promise<number | null>((resolve) => server.on('exit', resolve));
      assert.equal(code, 0);
    } finally {
      connection.dispose();
      server.kill();
    }
  });
});
