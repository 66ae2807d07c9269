/**
 * Quick fixes and renames over the real protocol on a file full of comments,
 * odd quoting and indentation: the returned edits are applied to the text and
 * compared byte-for-byte with the expected files; the fixed text is then sent
 * back to the server to check the problem is really gone.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, editsByFile, LspClient, messageOf, MINIMAL_CAPABILITIES, positionOf, sample, tempCopy, uriOf } from './support/client';

const FIXTURE = path.join(__dirname, 'fixtures/commented');
const EXPECTED = path.join(__dirname, 'fixtures/commented.expected');
const expected = (name: string) => readFileSync(path.join(EXPECTED, name), 'utf8');

describe('lsp: code actions (byte-for-byte)', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  let client: LspClient;
  let playbook: string;
  let vocabulary: string;

  before(async () => {
    ({ dir, cleanup } = tempCopy(FIXTURE));
    playbook = path.join(dir, 'playbooks/commented.playbook.yaml');
    vocabulary = path.join(dir, 'vocabulary/team.vocabulary.yaml');
    client = await LspClient.start({ folders: [dir] });
    await client.waitIndexed();
    await client.open(playbook);
  });
  after(async () => {
    await client.stop();
    cleanup();
  });
  afterEach(async () => {
    // Every test starts from the fixture text again.
    await client.change(playbook, readFileSync(path.join(FIXTURE, 'playbooks/commented.playbook.yaml'), 'utf8'));
  });

  async function diagnostics(file = playbook): Promise<Diagnostic[]> {
    return (await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(file) } })).items;
  }

  async function actionsFor(d: Diagnostic): Promise<CodeAction[]> {
    return client.request('textDocument/codeAction', {
      textDocument: { uri: uriOf(playbook) },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    });
  }

  async function pick(code: string, line: number, title: RegExp): Promise<{ action: CodeAction; diagnostic: Diagnostic; all: CodeAction[] }> {
    const d = (await diagnostics()).find((x) => x.code === code && x.range.start.line === line - 1);
    assert.ok(d, `a ${code} diagnostic on line ${line}`);
    const all = await actionsFor(d);
    const action = all.find((a) => title.test(a.title));
    assert.ok(action, `an action matching ${title} among ${all.map((a) => a.title).join(' | ')}`);
    return { action, diagnostic: d, all };
  }

  function applied(action: CodeAction, file: string): string {
    const edits = editsByFile(action.edit!).get(file);
    assert.ok(edits, `the action edits ${path.basename(file)}`);
    return applyEdits(client.text(file), edits);
  }

  it('inserts a why: stub (the preferred fix) and the problem goes away', async () => {
    const { action, all } = await pick('tactic-missing-why', 12, /why: stub/);
    assert.equal(action.isPreferred, true);
    assert.equal(all.filter((a) => a.isPreferred).length, 1, 'exactly one preferred fix');
    assert.deepEqual(
      action.diagnostics?.map((d) => d.code),
      ['tactic-missing-why'],
    );
    const text = applied(action, playbook);
    assert.equal(text, expected('why-stub.playbook.expected.yaml'));
    await client.change(playbook, text);
    assert.ok(!(await diagnostics()).some((d) => d.code === 'tactic-missing-why' && d.range.start.line === 11));
  });

  it('inserts a deviate-when: stub below a literal block', async () => {
    const { action } = await pick('tactic-missing-deviation', 18, /deviate-when: stub/);
    const text = applied(action, playbook);
    assert.equal(text, expected('deviation-stub.playbook.expected.yaml'));
    await client.change(playbook, text);
    assert.ok(!(await diagnostics()).some((d) => d.code === 'tactic-missing-deviation' && d.range.start.line === 17));
  });

  it('replaces an undefined term with the suggestion, inside a double-quoted string', async () => {
    const { action } = await pick('undefined-term', 13, /Change to \[\[Reframing\]\]/);
    assert.equal(action.isPreferred, true);
    const text = applied(action, playbook);
    assert.equal(text, expected('replace-term.playbook.expected.yaml'));
  });

  it('corrects a misspelt see-also id inside a flow list', async () => {
    const { action } = await pick('unknown-reference', 16, /Change to "ask-early"/);
    assert.equal(applied(action, playbook), expected('see-also.playbook.expected.yaml'));
  });

  it('adds a term to the vocabulary without asking: a valid entry with a definition placeholder', async () => {
    const { action } = await pick('undefined-term', 19, /Add "cost of delay" to team\.vocabulary\.yaml/);
    assert.notEqual(action.isPreferred, true);
    assert.equal(editsByFile(action.edit!).size, 1, 'only the vocabulary changes');
    const text = applied(action, vocabulary);
    assert.equal(text, expected('add-term.vocabulary.expected.yaml'));
    // The vocabulary is valid, and the playbook's problem is gone once the (unsaved) vocabulary has the term.
    await client.open(vocabulary);
    await client.change(vocabulary, text);
    assert.deepEqual(
      (await diagnostics(vocabulary)).map((d) => d.code),
      [],
    );
    assert.ok(!(await diagnostics()).some((d) => messageOf(d).includes('cost of delay')));
    await client.close(vocabulary);
  });

  it("disables a rule for one line with a comment at that line's indentation", async () => {
    const { action } = await pick('undefined-term', 19, /Disable undefined-term for this line/);
    const text = applied(action, playbook);
    assert.equal(text, expected('disable-line.playbook.expected.yaml'));
    await client.change(playbook, text);
    assert.ok(!(await diagnostics()).some((d) => messageOf(d).includes('cost of delay')));
  });

  it('disables a rule around a multi-line block (a comment inside it would become text)', async () => {
    const { action } = await pick('undefined-term', 22, /Disable undefined-term for this text/);
    const text = applied(action, playbook);
    assert.equal(text, expected('disable-region.playbook.expected.yaml'));
    await client.change(playbook, text);
    const after = await diagnostics();
    assert.ok(!after.some((d) => messageOf(d).includes('"tread"')));
    assert.ok(
      after.some((d) => messageOf(d).includes('cost of delay')),
      'the region covers the block only',
    );
  });

  it('keeps CRLF line breaks in what it inserts', async () => {
    const crlf = readFileSync(path.join(FIXTURE, 'playbooks/commented.playbook.yaml'), 'utf8').replace(/\n/g, '\r\n');
    await client.change(playbook, crlf);
    const { action } = await pick('tactic-missing-why', 12, /why: stub/);
    assert.equal(applied(action, playbook), expected('why-stub.playbook.expected.yaml').replace(/\n/g, '\r\n'));
  });

  it('offers no preferred fix when two problems on a line each have their own fix', async () => {
    const d = (await diagnostics()).filter((x) => x.range.start.line === 28);
    assert.deepEqual(d.map((x) => x.code).sort(), ['schema', 'tactic-missing-deviation', 'tactic-missing-why']);
    const all = await actionsFor(d[0]);
    assert.ok(all.some((a) => /why: stub/.test(a.title)) && all.some((a) => /deviate-when: stub/.test(a.title)));
    assert.equal(all.filter((a) => a.isPreferred).length, 0);
  });

  it('renames an alias from a [[…]] use: the alias entry and its uses change, the term and other aliases stay', async () => {
    const text = client.text(playbook);
    const at = positionOf(text, '[[champ]]', 3);
    const prepared = await client.request('textDocument/prepareRename', { textDocument: { uri: uriOf(playbook) }, position: at });
    assert.equal(prepared.placeholder, 'champ');
    const edit = await client.request('textDocument/rename', { textDocument: { uri: uriOf(playbook) }, position: at, newName: 'Inside ally' });
    const byFile = editsByFile(edit);
    assert.deepEqual([...byFile.keys()].map((f) => path.basename(f)).sort(), ['commented.playbook.yaml', 'team.vocabulary.yaml']);
    assert.equal(applyEdits(text, byFile.get(playbook)!), expected('rename-alias.playbook.expected.yaml'));
    assert.equal(applyEdits(readFileSync(vocabulary, 'utf8'), byFile.get(vocabulary)!), expected('rename-alias.vocabulary.expected.yaml'));
  });
});

describe('lsp: code actions on the with-problems sample', function () {
  this.timeout(30000);

  it('links an unlinked term (the preferred fix) and changes nothing else', async () => {
    const { dir, cleanup } = tempCopy(sample('with-problems'));
    const client = await LspClient.start({ folders: [dir] });
    try {
      await client.waitIndexed();
      const team = path.join(dir, 'playbooks/team-expansion.playbook.yaml');
      await client.open(team);
      const d = (await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(team) } })).items.find(
        (x: Diagnostic) => x.code === 'unlinked-term',
      );
      assert.ok(d);
      const actions: CodeAction[] = await client.request('textDocument/codeAction', {
        textDocument: { uri: uriOf(team) },
        range: d.range,
        context: { diagnostics: [d] },
      });
      const link = actions.find((a) => /^Link "economic buyer"/.test(a.title))!;
      assert.ok(link, actions.map((a) => a.title).join(' | '));
      assert.equal(link.isPreferred, true);
      const before = client.text(team);
      const after = applyEdits(before, editsByFile(link.edit!).get(team)!);
      assert.equal(after, before.replace('Ask the economic buyer which team', 'Ask the [[economic buyer]] which team'));
    } finally {
      await client.stop();
      cleanup();
    }
  });
});

describe('lsp: code actions for a client without code action literals', function () {
  this.timeout(30000);

  it('returns commands that the server applies through workspace/applyEdit', async () => {
    const { dir, cleanup } = tempCopy(FIXTURE);
    const client = await LspClient.start({ folders: [dir], capabilities: MINIMAL_CAPABILITIES });
    try {
      const playbook = path.join(dir, 'playbooks/commented.playbook.yaml');
      await client.open(playbook);
      const d = await client.waitDiagnostics(playbook, (list) => list.some((x) => x.code === 'tactic-missing-why'), 'diagnostics');
      const why = d.find((x) => x.code === 'tactic-missing-why' && x.range.start.line === 11)!;
      const actions = await client.request('textDocument/codeAction', {
        textDocument: { uri: uriOf(playbook) },
        range: why.range,
        context: { diagnostics: [why] },
      });
      const command = actions.find((a: any) => /why: stub/.test(a.title));
      assert.equal(command.command, 'playbook-lint.applyEdit');
      assert.ok(client.initializeResult.capabilities.executeCommandProvider.commands.includes('playbook-lint.applyEdit'));
      await client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
      const applyEdit = client.messages.find((m) => m.method === 'workspace/applyEdit');
      assert.ok(applyEdit, 'the server asked the client to apply the edit');
      const edits = (applyEdit!.params as any).edit.changes[uriOf(playbook)];
      assert.equal(applyEdits(client.text(playbook), edits), expected('why-stub.playbook.expected.yaml'));
    } finally {
      await client.stop();
      cleanup();
    }
  });
});

/** Regenerates an expectation (a drafting aid: read the diff before keeping it). */
export function draft(name: string, text: string): void {
  writeFileSync(path.join(EXPECTED, name), text);
}
