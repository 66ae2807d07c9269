/**
 * Divergences between the language server and the CLI that the soak found,
 * each reduced to a few protocol steps. Every test states what the CLI reports
 * on the same text on disk (the expected result) and fails if the server
 * disagrees again. Part of npm test.
 */
import assert from 'node:assert/strict';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { codes, LspClient, sample, tempCopy, uriOf } from '../lsp/support/client';
import { CLI } from '../support/paths';
import { run, SOAK_CAPABILITIES } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the server has nothing pending and has sent nothing for a while. */
async function settle(client: LspClient, quietMs = 300): Promise<void> {
  const t0 = Date.now();
  let seen = client.messages.length;
  let quietSince = Date.now();
  for (;;) {
    const stats = (await client.request('playbook-lint/stats', {})) as { pendingChecks: number; indexing: boolean };
    if (stats.pendingChecks > 0 || stats.indexing || client.messages.length !== seen) {
      seen = client.messages.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) return;
    if (Date.now() - t0 > 20_000) throw new Error('the server did not settle');
    await sleep(50);
  }
}

/** The CLI's rule ids for one file of a project folder (run from the folder). */
async function cliCodes(projectDir: string, file: string): Promise<string[]> {
  const { code, stdout, stderr } = await run(process.execPath, [CLI, '-f', 'json'], projectDir, 60_000);
  assert.ok(code === 0 || code === 1, `CLI failed (${code}): ${stderr}`);
  const report = JSON.parse(stdout) as { files: { path: string; diagnostics: { rule: string }[] }[] };
  const rel = path.relative(projectDir, file);
  return (report.files.find((f) => f.path === rel)?.diagnostics ?? []).map((d) => d.rule).sort();
}

const watched = (client: LspClient, changes: { file: string; type: 1 | 2 | 3 }[]) =>
  client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })) });

describe('soak regressions: messages', () => {
  it("a yaml-syntax message never quotes the yaml library's internal tokens", () => {
    // Found by the soak in a fuzzed playbook (CLI and server alike): an unclosed "[" followed by more lines.
    const text = 'playbook: X\nstages:\n  - id: a\n    name: A\n    goal: G\n    tactics: [\n        tactic: Ask the [[economic buyer]]\n';
    const analysis = analyzeText('/soak/x.playbook.yaml', 'playbook', text);
    const messages = analysis.syntaxProblems.map((p) => p.message);
    assert.ok(messages.length > 0);
    const internal = messages.filter((m) => /\\u00[01][0-9a-f]|[\u0000-\u0008\u000e-\u001f]|flow-error-end/i.test(m));
    assert.deepEqual(internal, [], 'messages show the yaml library\'s flow-error-end token ("\\u0018") instead of the text');
  });
});

describe('soak regressions: server vs CLI', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  let client: LspClient;

  afterEach(async () => {
    await client?.stop();
    cleanup?.();
  });

  async function start(config: string): Promise<void> {
    ({ dir, cleanup } = tempCopy(sample('acme')));
    writeFileSync(path.join(dir, '.playbook-lint.yaml'), config);
    client = await LspClient.start({ folders: [dir], capabilities: SOAK_CAPABILITIES });
    await client.waitIndexed();
  }

  it("an unsaved vocabulary document is in scope when the config's vocabulary globs name its path", async () => {
    await start('vocabulary: ["vocabulary/*.vocabulary.yaml"]\n');
    const playbook = path.join(dir, 'playbooks/demo.playbook.yaml');
    const vocabulary = path.join(dir, 'vocabulary/new.vocabulary.yaml');
    await client.open(playbook);
    await client.open(vocabulary, 'vocabulary: New terms\nterms:\n  - term: Zebra crossing\n    definition: Where the [[champion]] meets the buyer.\n');
    await client.change(playbook, client.text(playbook).replace('[[champion]] confirms', '[[zebra crossing]] confirms'));
    await settle(client);
    // The CLI on the same text, saved: the new vocabulary matches the glob, so [[zebra crossing]] is defined.
    writeFileSync(vocabulary, client.text(vocabulary));
    writeFileSync(playbook, client.text(playbook));
    assert.deepEqual(await cliCodes(dir, playbook), []);
    assert.deepEqual(
      codes(client.diagnosticsFor(playbook) ?? []),
      [],
      'the server reports [[zebra crossing]] as undefined: the unsaved vocabulary is out of scope',
    );
  });

  it('an unsaved document under an ignored folder is not reported', async () => {
    await start('ignore: ["drafts/**"]\n');
    const draft = path.join(dir, 'drafts/new.playbook.yaml');
    await client.open(draft, 'playbook: Draft\nstages:\n  - id: draft-stage\n    name: Draft\n    goal: The [[nonexistent term]] agrees.\n');
    await settle(client);
    mkdirSync(path.dirname(draft), { recursive: true });
    writeFileSync(draft, client.text(draft));
    assert.deepEqual(await cliCodes(dir, draft), [], 'the CLI does not lint ignored files');
    assert.deepEqual(codes(client.diagnosticsFor(draft) ?? []), [], 'the server lints an ignored file because it is not on disk yet');
  });

  it('an open document deleted on disk stays ignored when the ignore globs match it', async () => {
    await start('ignore: ["**/*.yml"]\n');
    const yml = path.join(dir, 'playbooks/other.playbook.yml');
    writeFileSync(yml, 'playbook: Other\nstages:\n  - id: other-stage\n    name: Other\n    goal: The [[nonexistent term]] agrees.\n');
    await watched(client, [{ file: yml, type: 1 }]);
    await client.open(yml);
    await settle(client);
    assert.deepEqual(codes(client.diagnosticsFor(yml) ?? []), [], 'ignored while on disk');
    unlinkSync(yml);
    await watched(client, [{ file: yml, type: 3 }]);
    await client.change(yml, `${client.text(yml)}# edited\n`);
    await settle(client);
    assert.deepEqual(codes(client.diagnosticsFor(yml) ?? []), [], 'the file is still ignored by "**/*.yml" once it is gone from disk');
  });

  it('prepareRename does not offer a rename that rename then refuses (an id in an ignored file)', async () => {
    await start('ignore: ["drafts/**"]\n');
    const draft = path.join(dir, 'drafts/old.playbook.yaml');
    mkdirSync(path.dirname(draft), { recursive: true });
    writeFileSync(draft, 'playbook: Old\nstages:\n  - id: old-stage\n    name: Old\n    goal: The buyer agrees.\n');
    await client.open(draft);
    await settle(client);
    const at = { textDocument: { uri: uriOf(draft) }, position: { line: 2, character: 10 } };
    const prepared = await client.request('textDocument/prepareRename', at).then(
      (r) => r,
      () => null,
    );
    const renamed = await client.request('textDocument/rename', { ...at, newName: 'new-stage' }).then(
      () => 'renamed',
      (e: Error) => `refused: ${e.message}`,
    );
    // Either both refuse (the file is not part of the project) or the rename goes through.
    assert.ok(!prepared || renamed === 'renamed', `prepareRename offered ${JSON.stringify(prepared)}, then the rename was ${renamed}`);
  });

  it('prepareRename does not offer a rename that rename then refuses (an alias of an entry with no term name)', async () => {
    await start('rules: {}\n');
    const vocabulary = path.join(dir, 'vocabulary/sales.vocabulary.yaml');
    await client.open(vocabulary);
    // Half-typed: the term name of an entry deleted, its aliases still there.
    await client.change(vocabulary, client.text(vocabulary).replace('  - term: Pain\n', '  - term:\n'));
    await settle(client);
    const lines = client.text(vocabulary).split('\n');
    const line = lines.findIndex((l) => l.includes('aliases: [pains'));
    const at = { textDocument: { uri: uriOf(vocabulary) }, position: { line, character: lines[line].indexOf('pains') + 1 } };
    const prepared = await client.request('textDocument/prepareRename', at).then(
      (r) => r,
      () => null,
    );
    const renamed = await client.request('textDocument/rename', { ...at, newName: 'Aches' }).then(
      () => 'renamed',
      (e: Error) => `refused: ${e.message}`,
    );
    assert.ok(!prepared || renamed === 'renamed', `prepareRename offered ${JSON.stringify(prepared)}, then the rename was ${renamed}`);
  });

  it('a config edit that ignores an open document stops reporting it', async () => {
    await start('rules: {}\n');
    const demo = path.join(dir, 'playbooks/demo.playbook.yaml');
    await client.open(demo);
    await client.change(demo, client.text(demo).replace('[[champion]] confirms', '[[nonexistent term]] confirms'));
    await settle(client);
    assert.deepEqual(codes(client.diagnosticsFor(demo) ?? []), ['undefined-term']);
    const config = path.join(dir, '.playbook-lint.yaml');
    writeFileSync(config, 'ignore: ["playbooks/demo.*"]\n');
    await watched(client, [{ file: config, type: 2 }]);
    await settle(client);
    writeFileSync(demo, client.text(demo));
    assert.deepEqual(await cliCodes(dir, demo), [], 'the CLI does not lint the ignored file');
    assert.deepEqual(codes(client.diagnosticsFor(demo) ?? []), [], 'the server keeps reporting an open document the new ignore globs exclude');
  });

  it('a config glob that leaves the project root is reported once, on the config file', async () => {
    await start('ignore: ["../elsewhere/**"]\n');
    const config = path.join(dir, '.playbook-lint.yaml');
    await client.open(config);
    await settle(client);
    const found = client.diagnosticsFor(config) ?? [];
    assert.equal(found.length, 1, `one diagnostic, got ${JSON.stringify(found.map((d) => d.message))}`);
    assert.match(String(found[0].message), /\.\.\/elsewhere/);
    const { code, stderr } = await run(process.execPath, [CLI], dir, 60_000);
    assert.equal(code, 2, 'the CLI refuses the same config');
    assert.match(stderr, /\.\.\/elsewhere/);
  });
});
