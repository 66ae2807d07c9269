/**
 * Diagnostics over the real protocol: pushed for every file after indexing,
 * after open and didChange, incremental re-checks, unsaved vocabulary edits,
 * disk changes (client watcher and the server's own fallback), live config.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/paths';
import { codes, FULL_CAPABILITIES, LspClient, messageOf, MINIMAL_CAPABILITIES, sample, tempCopy, uriOf, write } from './support/client';

const PUSH_CAPABILITIES = { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined } };

describe('lsp: diagnostics (push)', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  let client: LspClient;
  const file = (rel: string) => path.join(dir, rel);

  beforeEach(async () => {
    ({ dir, cleanup } = tempCopy(sample('with-problems')));
    client = await LspClient.start({ folders: [dir], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed();
  });
  afterEach(async () => {
    await client.stop();
    cleanup();
  });

  it('pushes diagnostics for every file of the workspace, open or not, as EXPECTED.md lists them', async () => {
    const renewal = await client.waitDiagnostics(file('playbooks/renewal.playbook.yaml'), (d) => d.length > 0, 'renewal diagnostics');
    assert.deepEqual(codes(renewal), [
      'goal-is-activity',
      'schema',
      'schema',
      'tactic-missing-deviation',
      'tactic-missing-why',
      'undefined-term',
      'undefined-term',
      'vague-deviation',
      'why-restates-tactic',
    ]);
    const team = await client.waitDiagnostics(file('playbooks/team-expansion.playbook.yaml'), (d) => d.length > 0, 'team-expansion diagnostics');
    assert.deepEqual(codes(team), ['duplicate-id', 'undefined-term', 'unknown-reference', 'unlinked-term']);
    const legacy = await client.waitDiagnostics(file('vocabulary/legacy.vocabulary.yaml'), (d) => d.length > 0, 'legacy diagnostics');
    assert.deepEqual(codes(legacy), ['duplicate-term', 'duplicate-term']);
    const coaching = await client.waitDiagnostics(file('vocabulary/coaching.vocabulary.yaml'), (d) => d.length > 0, 'coaching diagnostics');
    assert.deepEqual(codes(coaching), ['unknown-reference', 'unused-term']);
    const broken = await client.waitDiagnostics(file('playbooks/broken.playbook.yaml'), (d) => d.length > 0, 'broken diagnostics');
    assert.deepEqual(codes(broken), ['yaml-syntax']);
    // The valid config gets no diagnostics at all (nothing pushed, or an empty list).
    assert.equal(client.diagnosticsFor(file('.playbook-lint.yaml'))?.length ?? 0, 0);
  });

  it('gives each diagnostic its rule id as code, a docs link, the source, severity and related information', async () => {
    const team = await client.waitDiagnostics(file('playbooks/team-expansion.playbook.yaml'), (d) => d.length > 0, 'team-expansion diagnostics');
    for (const d of team) {
      assert.equal(d.source, 'playbook-lint');
      assert.equal(typeof d.code, 'string');
      // The rule page installed with the server (dist/ → docs/rules): it opens offline.
      assert.equal(d.codeDescription?.href, pathToFileURL(path.join(REPO_ROOT, 'docs/rules', `${d.code}.md`)).href);
    }
    const dup = team.find((d) => d.code === 'duplicate-id')!;
    assert.equal(dup.severity, 1);
    assert.deepEqual(dup.range, { start: { line: 18, character: 12 }, end: { line: 18, character: 31 } });
    assert.equal(dup.relatedInformation?.length, 1);
    assert.equal(dup.relatedInformation![0].location.uri, uriOf(file('playbooks/renewal.playbook.yaml')));
    assert.deepEqual(dup.relatedInformation![0].location.range.start, { line: 37, character: 12 });
    const unlinked = team.find((d) => d.code === 'unlinked-term')!;
    assert.equal(unlinked.severity, 3);
    const renewal = await client.waitDiagnostics(file('playbooks/renewal.playbook.yaml'), (d) => d.length > 0, 'renewal');
    assert.equal(renewal.find((d) => d.code === 'tactic-missing-deviation')!.severity, 2);
    assert.equal(renewal.find((d) => d.code === 'vague-deviation')!.severity, 2, 'the config raises vague-deviation to warning');
  });

  it('re-checks an open document on didChange, and a keystroke re-checks only that file', async () => {
    const renewal = file('playbooks/renewal.playbook.yaml');
    await client.open(renewal);
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'undefined-term'), 'renewal after open');
    const before = (await client.request('playbook-lint/stats', {})).lintCounts as Record<string, number>;
    // Fix [[champ]] → [[champion]]: one undefined-term fewer.
    const text = client.text(renewal).replace('[[champ]]', '[[champion]]');
    await client.change(renewal, text);
    const after = await client.waitDiagnostics(renewal, (d) => d.filter((x) => x.code === 'undefined-term').length === 1, 'one undefined-term left');
    assert.equal(after.find((x) => x.code === 'undefined-term')!.range.start.line, 44);
    const stats = await client.request('playbook-lint/stats', {});
    assert.equal(stats.pendingChecks, 0);
    const counts = stats.lintCounts as Record<string, number>;
    const changed = Object.keys(counts).filter((p) => counts[p] !== before[p]);
    assert.deepEqual(changed, [renewal], 'only the edited playbook was re-linted');
  });

  it("clears a playbook's undefined-term when an unsaved vocabulary edit defines the term", async () => {
    const renewal = file('playbooks/renewal.playbook.yaml');
    const vocab = file('vocabulary/coaching.vocabulary.yaml');
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'undefined-term' && messageOf(x).includes('"champ"')), 'champ undefined');
    await client.open(vocab);
    const text = client.text(vocab).replace('aliases: [champions]', 'aliases: [champions, champ]');
    await client.change(vocab, text);
    const after = await client.waitDiagnostics(renewal, (d) => !d.some((x) => messageOf(x).includes('"champ"')), '[[champ]] resolved by the unsaved alias');
    assert.equal(after.filter((x) => x.code === 'undefined-term').length, 1, '[[reframeing]] is still undefined');
    assert.equal(readFileSync(vocab, 'utf8').includes('champ]'), false, 'nothing was saved');
    // Undo without saving: the problem comes back.
    await client.change(vocab, readFileSync(vocab, 'utf8'));
    await client.waitDiagnostics(renewal, (d) => d.some((x) => messageOf(x).includes('"champ"')), '[[champ]] undefined again');
  });

  it('re-checks the see-also of other playbooks when an id changes (unsaved)', async () => {
    const renewal = file('playbooks/renewal.playbook.yaml');
    const team = file('playbooks/team-expansion.playbook.yaml');
    await client.waitDiagnostics(team, (d) => d.some((x) => x.code === 'duplicate-id'), 'duplicate-id in team-expansion');
    await client.open(renewal);
    // Renaming the id in renewal ends the duplicate in team-expansion, which is closed.
    await client.change(renewal, client.text(renewal).replace('- id: early-renewal-quote', '- id: early-quote'));
    await client.waitDiagnostics(team, (d) => !d.some((x) => x.code === 'duplicate-id'), 'the duplicate is gone from the closed file');
    // legal-early's see-also names early-renewal-quote: it still resolves, to team-expansion's tactic now.
    const own = await client.waitDiagnostics(renewal, (d) => !d.some((x) => x.code === 'duplicate-id'), 'renewal re-checked');
    assert.ok(!own.some((x) => x.code === 'unknown-reference'));
  });

  it('re-checks closed playbooks for unlinked mentions when a new term appears (unsaved)', async () => {
    const renewal = file('playbooks/renewal.playbook.yaml');
    const vocab = file('vocabulary/coaching.vocabulary.yaml');
    await client.waitDiagnostics(renewal, (d) => d.length > 0, 'renewal checked');
    assert.ok(!client.diagnosticsFor(renewal)!.some((x) => x.code === 'unlinked-term'));
    await client.open(vocab);
    await client.change(vocab, `${client.text(vocab)}\n  - term: Usage report\n    definition: The customer's product usage per team, per month.\n`);
    const d = await client.waitDiagnostics(
      renewal,
      (list) => list.some((x) => x.code === 'unlinked-term'),
      'unlinked-term for "usage report" in the closed renewal',
    );
    assert.match(messageOf(d.find((x) => x.code === 'unlinked-term')!), /usage report/i);
  });

  it('follows files changed, created and deleted on disk (workspace/didChangeWatchedFiles)', async () => {
    const registered = client.messages.find((m) => m.method === 'client/registerCapability');
    assert.ok(registered, 'the server registers file watchers with a client that can');
    const team = file('playbooks/team-expansion.playbook.yaml');
    await client.waitDiagnostics(team, (d) => d.some((x) => x.code === 'undefined-term'), 'compelling event undefined');
    // A new vocabulary file on disk defines "compelling event".
    const extra = file('vocabulary/extra.vocabulary.yaml');
    write(extra, 'vocabulary: Extra\nterms:\n  - term: Compelling event\n    definition: A dated event that forces a decision.\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 1 }] });
    await client.waitDiagnostics(team, (d) => !d.some((x) => x.code === 'undefined-term'), 'compelling event defined by the new file');
    // Changed on disk.
    write(extra, 'vocabulary: Extra\nterms:\n  - term: Compelling events\n    definition: A dated event that forces a decision.\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 2 }] });
    await client.waitDiagnostics(team, (d) => d.some((x) => x.code === 'undefined-term'), 'undefined again after the rename on disk');
    await client.waitDiagnostics(extra, (d) => d.some((x) => x.code === 'unused-term'), 'the renamed term is unused');
    // Deleted.
    unlinkSync(extra);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 3 }] });
    await client.waitDiagnostics(extra, (d) => d.length === 0, 'diagnostics of the deleted file cleared');
  });

  it('applies .playbook-lint.yaml edits live, and reports an invalid config on the config file', async () => {
    const config = file('.playbook-lint.yaml');
    const renewal = file('playbooks/renewal.playbook.yaml');
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'goal-is-activity'), 'goal-is-activity');
    await client.open(config);
    await client.change(config, 'rules:\n  vague-deviation: warning\n  goal-is-activity: off\n  undefined-term: warning\n');
    const after = await client.waitDiagnostics(renewal, (d) => !d.some((x) => x.code === 'goal-is-activity'), 'goal-is-activity switched off (unsaved)');
    assert.ok(after.filter((x) => x.code === 'undefined-term').every((x) => x.severity === 2));
    await client.change(config, 'rules:\n  undefined-term: loud\n');
    const problems = await client.waitDiagnostics(config, (d) => d.length > 0, 'a diagnostic on the invalid config');
    assert.equal(problems[0].code, 'schema');
    assert.match(messageOf(problems[0]), /undefined-term/);
    // Defaults apply meanwhile: goal-is-activity is back, undefined-term is an error again.
    await client.waitDiagnostics(
      renewal,
      (d) => d.some((x) => x.code === 'goal-is-activity') && d.some((x) => x.code === 'undefined-term' && x.severity === 1),
      'defaults',
    );
    await client.close(config);
    await client.waitDiagnostics(config, (d) => d.length === 0, 'the config on disk is valid again');
  });
});

describe('lsp: diagnostics with a minimal client (no watcher registration, no pull)', function () {
  this.timeout(30000);

  it('pushes diagnostics and notices disk changes by itself', async () => {
    const { dir, cleanup } = tempCopy(sample('with-problems'));
    const client = await LspClient.start({ folders: [dir], capabilities: MINIMAL_CAPABILITIES, initializationOptions: { pollIntervalMs: 100 } });
    try {
      const team = path.join(dir, 'playbooks/team-expansion.playbook.yaml');
      await client.waitDiagnostics(team, (d) => d.some((x) => x.code === 'unknown-reference'), 'unknown-reference');
      const text = readFileSync(team, 'utf8').replace('see-also: [ask-for-next-team, usage-report-review]', 'see-also: [ask-for-next-team]');
      write(team, text);
      await client.waitDiagnostics(team, (d) => !d.some((x) => x.code === 'unknown-reference'), 'the edit on disk is picked up without any client event');
      rmSync(path.join(dir, 'playbooks/broken.playbook.yaml'));
      await client.waitDiagnostics(path.join(dir, 'playbooks/broken.playbook.yaml'), (d) => d.length === 0, 'deleted file cleared');
      assert.equal(
        client.messages.filter((m) => m.kind === 'request').length,
        0,
        `the server sent no requests: ${client.messages.filter((m) => m.kind === 'request').map((m) => m.method)}`,
      );
    } finally {
      await client.stop();
      cleanup();
    }
  });
});

describe('lsp: pull diagnostics', function () {
  this.timeout(30000);

  it('answers textDocument/diagnostic and workspace/diagnostic, and never reports a file through both channels', async () => {
    const { dir, cleanup } = tempCopy(sample('with-problems'));
    const client = await LspClient.start({ folders: [dir], capabilities: FULL_CAPABILITIES });
    try {
      assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
        identifier: 'playbook-lint',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      });
      const ws = await client.request('workspace/diagnostic', { previousResultIds: [] });
      const byFile = new Map<string, any>(ws.items.map((i: any) => [path.relative(dir, decodeURIComponent(new URL(i.uri).pathname)), i]));
      assert.deepEqual(codes(byFile.get('playbooks/team-expansion.playbook.yaml').items), [
        'duplicate-id',
        'undefined-term',
        'unknown-reference',
        'unlinked-term',
      ]);
      assert.deepEqual(codes(byFile.get('vocabulary/legacy.vocabulary.yaml').items), ['duplicate-term', 'duplicate-term']);
      // Nothing changed: asking again with the result ids returns nothing new.
      const again = await client.request('workspace/diagnostic', { previousResultIds: ws.items.map((i: any) => ({ uri: i.uri, value: i.resultId })) });
      assert.equal(again.items.length, 0);

      const renewal = path.join(dir, 'playbooks/renewal.playbook.yaml');
      await client.open(renewal);
      const doc = await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(renewal) } });
      assert.equal(doc.kind, 'full');
      assert.equal(doc.items.filter((d: any) => d.code === 'undefined-term').length, 2);
      await client.change(renewal, client.text(renewal).replace('[[champ]]', '[[champion]]'));
      const edited = await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(renewal) }, previousResultId: doc.resultId });
      assert.equal(edited.kind, 'full');
      assert.equal(edited.items.filter((d: any) => d.code === 'undefined-term').length, 1);
      const same = await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(renewal) }, previousResultId: edited.resultId });
      assert.equal(same.kind, 'unchanged');

      // An unsaved vocabulary edit changes another file's result: the server asks the client to pull again.
      const vocab = path.join(dir, 'vocabulary/coaching.vocabulary.yaml');
      await client.open(vocab);
      const refreshes = client.messages.filter((m) => m.method === 'workspace/diagnostic/refresh').length;
      await client.change(vocab, client.text(vocab).replace('aliases: [reframe]', 'aliases: [reframe, reframeing]'));
      await client.waitFor(() => client.messages.filter((m) => m.method === 'workspace/diagnostic/refresh').length > refreshes, 'workspace/diagnostic/refresh');
      const fixed = await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(renewal) } });
      assert.equal(fixed.items.filter((d: any) => d.code === 'undefined-term').length, 0);

      // No double reporting: every pushed list (if any were pushed before the first pull) ends empty.
      for (const [uri, list] of client.pushed) assert.equal(list.length, 0, `${uri} is reported by push and pull`);
    } finally {
      await client.stop();
      cleanup();
    }
  });
});

export { PUSH_CAPABILITIES };
