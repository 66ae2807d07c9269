/**
 * The writer's editor over the real protocol (the built server over stdio): hover
 * wording on aliases and duplicates, fix-all, rename fixes, the add-term target, the
 * misnamed-file fix, rule links, and the user settings (run, customizations, extra
 * quick fixes) with bad values.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { makeProject, runCli } from '../cli/helpers';
import { applyEdits, editsByFile, LspClient, messageOf, positionOf, uriOf } from './support/client';

const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

const CORE_VOCABULARY = `vocabulary: Core
terms:
  - term: Economic buyer
    definition: The person who signs.
    aliases: [EB, economic buyers]
  - term: Champion
    definition: Sells for us inside the account.
`;
const EXTRA_VOCABULARY = `vocabulary: Extra
terms:
  - term: Enterprise buyer
    definition: A buying committee member at a large account.
    aliases:
      - ent buyer
      - eb
`;
const PLAYBOOK = `playbook: Discovery
stages:
  - id: first-call
    name: First call
    goal: The [[EB]] agrees the problem is worth solving.
    tactics:
      - id: ask-budget
        tactic: Ask the [[champ]] how the purchase is funded.
        why: Funding tells us who decides.
        deviate-when:
          - The buyer already shared an approved budget.
`;

describe("lsp: the writer's editor", function () {
  this.timeout(60000);

  describe('hover wording', () => {
    let project: ReturnType<typeof makeProject>;
    let client: LspClient;
    let playbook: string;
    before(async () => {
      project = makeProject({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'extra.vocabulary.yaml': EXTRA_VOCABULARY, 'discovery.playbook.yaml': PLAYBOOK });
      playbook = path.join(project.dir, 'discovery.playbook.yaml');
      client = await LspClient.start({ folders: [project.dir] });
      await client.waitIndexed();
      await client.open(playbook);
    });
    after(async () => {
      await client.stop();
      project.cleanup();
    });

    it('on an alias: the term, then "EB is an alias of" the term with its other aliases only; a duplicate named as what it is and where', async () => {
      const h: Hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(playbook) }, position: positionOf(PLAYBOOK, '[[EB]]', 3) });
      const value = hoverText(h);
      assert.match(value, /^\*\*Economic buyer\*\*\n\nThe person who signs\./);
      assert.match(value, /\n\n\*“EB” is an alias of\* \*\*Economic buyer\*\*; \*other aliases:\* economic buyers\n\n/);
      assert.doesNotMatch(value, /other aliases:[^\n]*\bEB\b/, 'the alias hovered is not listed again');
      assert.match(value, /\*Defined in\* \[core\.vocabulary\.yaml:3\]/);
      // extra.vocabulary.yaml line 7 defines `eb` as an alias of another term: the note says exactly that.
      assert.match(
        value,
        /\*Duplicate:\* “EB” is also defined as an alias of \*\*Enterprise buyer\*\* at \[extra\.vocabulary\.yaml:7\]\([^)]*#L7\); references use the definition above\./,
      );
    });
  });

  /** A project per test group: the files, a started server, the playbook opened. */
  async function start(files: Record<string, string>, open: string, initializationOptions?: unknown) {
    const project = makeProject(files);
    const file = path.join(project.dir, open);
    const client = await LspClient.start({ folders: [project.dir], initializationOptions });
    await client.waitIndexed();
    await client.open(file);
    const stop = async () => {
      await client.stop();
      project.cleanup();
    };
    return { project, file, client, stop };
  }

  /** Polls an async check until it gives a truthy value (bounded). */
  async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const pull = async (client: LspClient, file: string): Promise<Diagnostic[]> =>
    (await client.request('textDocument/diagnostic', { textDocument: { uri: uriOf(file) } })).items;
  const wholeFile = (text: string) => ({ start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } });
  const actions = (client: LspClient, file: string, range: Diagnostic['range'], only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> =>
    client.request('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range, context: { diagnostics, only } });
  const shownMessages = (client: LspClient) =>
    client.messages
      .filter((m) => m.method === 'window/showMessage' || m.method === 'window/showMessageRequest')
      .map((m) => (m.params as { message: string }).message);

  /** A misspelt key, one close term, and a tactic without a why (whose stub is not a safe fix). */
  const FIXABLE = `${PLAYBOOK.replace('        deviate-when:\n', '        deviate_when:\n')}      - id: no-why
        tactic: Send the recap the same day.
        deviate-when: The buyer asks for a call instead.
`;

  describe('source.fixAll.playbook-lint and the rename-key fix', () => {
    let s: Awaited<ReturnType<typeof start>>;
    before(async () => {
      s = await start({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': FIXABLE }, 'discovery.playbook.yaml');
    });
    after(() => s.stop());

    it('is offered for only: [source.fixAll] and applies exactly what playbook-lint --fix applies, nothing for only: [quickfix]', async () => {
      const init = s.client.initializeResult.capabilities.codeActionProvider;
      assert.deepEqual(init.codeActionKinds, ['quickfix', 'source.fixAll.playbook-lint']);
      for (const only of [['source.fixAll'], ['source.fixAll.playbook-lint'], ['source']]) {
        const got = await actions(s.client, s.file, wholeFile(FIXABLE), only);
        assert.deepEqual(
          got.map((a) => a.kind),
          ['source.fixAll.playbook-lint'],
          `only ${JSON.stringify(only)}`,
        );
      }
      assert.ok(!(await actions(s.client, s.file, wholeFile(FIXABLE), ['quickfix'])).some((a) => a.kind?.startsWith('source')));
      const [fixAll] = await actions(s.client, s.file, wholeFile(FIXABLE), ['source.fixAll']);
      const fixed = applyEdits(FIXABLE, editsByFile(fixAll.edit!).get(s.file)!);
      // Exactly the safe fixes: the one close term and the misspelt key; the missing why stays.
      assert.equal(fixed, FIXABLE.replace('[[champ]]', '[[Champion]]').replace('deviate_when:', 'deviate-when:'));
      // The CLI's --fix on a copy of the same project makes the same text.
      const copy = makeProject({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': FIXABLE });
      try {
        const run = runCli(['--fix', 'discovery.playbook.yaml'], { cwd: copy.dir });
        assert.ok(run.code === 0 || run.code === 1, run.stderr);
        assert.equal(readFileSync(path.join(copy.dir, 'discovery.playbook.yaml'), 'utf8'), fixed);
      } finally {
        copy.cleanup();
      }
      assert.match(fixed, /\[\[Champion\]\]/);
      assert.match(fixed, /\n {8}deviate-when:\n/);
      assert.doesNotMatch(fixed, /TODO/, 'no placeholder text (the missing why stays a problem to solve by hand)');
    });

    it('nothing to fix: no fix-all action', async () => {
      await s.client.change(s.file, FIXABLE.replace('[[champ]]', '[[Champion]]').replace('deviate_when', 'deviate-when'));
      assert.deepEqual(await actions(s.client, s.file, wholeFile(FIXABLE), ['source.fixAll']), []);
      await s.client.change(s.file, FIXABLE);
    });

    it('a misspelt key: "Rename" is the preferred quick fix and no stub is offered', async () => {
      const d = (await pull(s.client, s.file)).find((x) => x.code === 'schema' && messageOf(x).includes('deviate_when'));
      assert.ok(d, 'a schema problem on deviate_when');
      const onKey = await actions(s.client, s.file, d.range, ['quickfix'], [d]);
      const rename = onKey.find((a) => /^Rename "deviate_when" to "deviate-when"$/.test(a.title));
      assert.ok(rename?.isPreferred, `a preferred rename among ${onKey.map((a) => a.title).join(' | ')}`);
      assert.equal(onKey.filter((a) => a.isPreferred).length, 1);
      // Over the whole tactic: no "insert a deviate-when stub" while the key is only misspelt.
      const tactic = { start: { line: 6, character: 0 }, end: { line: 11, character: 0 } };
      const all = await actions(s.client, s.file, tactic, ['quickfix']);
      assert.ok(!all.some((a) => /stub/i.test(a.title)), `no stub while the key is only misspelt: ${all.map((a) => a.title).join(' | ')}`);
    });
  });

  describe('add a term to a vocabulary', () => {
    let s: Awaited<ReturnType<typeof start>>;
    const playbook = FIXABLE.replace('Send the recap the same day.', 'Confirm the [[compelling event]] in writing.');
    before(async () => {
      s = await start(
        { 'core.vocabulary.yaml': CORE_VOCABULARY, 'extra.vocabulary.yaml': EXTRA_VOCABULARY, 'discovery.playbook.yaml': playbook },
        'discovery.playbook.yaml',
      );
    });
    after(() => s.stop());

    it('a close term: "Change to" first, "Add" after it and into the vocabulary of the close term', async () => {
      const d = (await pull(s.client, s.file)).find((x) => x.code === 'undefined-term' && messageOf(x).includes('"champ"'))!;
      const titles = (await actions(s.client, s.file, d.range, ['quickfix'], [d])).map((a) => a.title);
      assert.equal(titles[0], 'Change to [[Champion]]');
      assert.ok(titles.indexOf('Add "champ" to core.vocabulary.yaml') > 0, titles.join(' | '));
      assert.ok(!titles.some((t) => t.includes('extra.vocabulary.yaml')), titles.join(' | '));
    });

    it('no close term and two vocabularies: one action that asks which (window/showMessageRequest), then adds it there', async () => {
      const d = (await pull(s.client, s.file)).find((x) => x.code === 'undefined-term' && messageOf(x).includes('compelling event'))!;
      const add = (await actions(s.client, s.file, d.range, ['quickfix'], [d])).find((a) => a.title.startsWith('Add "compelling event"'))!;
      assert.equal(add.title, 'Add "compelling event" to a vocabulary…');
      assert.equal(add.edit, undefined);
      assert.equal(add.command?.command, 'playbook-lint.chooseEdit');
      const options = add.command!.arguments![0].options.map((o: { title: string }) => o.title);
      assert.deepEqual(options, ['Add "compelling event" to core.vocabulary.yaml', 'Add "compelling event" to extra.vocabulary.yaml']);
      s.client.answers.set('window/showMessageRequest', (p: { actions: { title: string }[] }) => p.actions[1]);
      const before = s.client.messages.length;
      await s.client.request('workspace/executeCommand', add.command);
      const applied = s.client.messages.slice(before).find((m) => m.method === 'workspace/applyEdit');
      assert.ok(applied, 'the chosen edit is applied');
      const files = [...editsByFile((applied.params as { edit: any }).edit).keys()].map((f) => path.basename(f));
      assert.deepEqual(files, ['extra.vocabulary.yaml']);
      // A client that asked itself (VS Code's quick pick) passes the choice: no question.
      const asked = s.client.messages.filter((m) => m.method === 'window/showMessageRequest').length;
      await s.client.request('workspace/executeCommand', { ...add.command, arguments: [{ ...add.command!.arguments![0], chosen: 0 }] });
      assert.equal(s.client.messages.filter((m) => m.method === 'window/showMessageRequest').length, asked);
    });
  });

  describe('a misnamed playbook', () => {
    let s: Awaited<ReturnType<typeof start>>;
    before(async () => {
      s = await start(
        { 'core.vocabulary.yaml': CORE_VOCABULARY, 'playbooks/discovery.yaml': PLAYBOOK.replace('[[champ]]', '[[Champion]]') },
        'playbooks/discovery.yaml',
      );
    });
    after(() => s.stop());

    it('gets a misnamed-file problem whose quick fix renames the file (a workspace edit with a rename)', async () => {
      const d = await eventually(async () => (await pull(s.client, s.file)).find((x) => x.code === 'misnamed-file'), 'a misnamed-file problem');
      assert.match(messageOf(d), /discovery\.playbook\.yaml/);
      assert.equal(d.severity, 3, 'information in the editor (the CLI makes it an error, so CI does not skip the file in silence)');
      const fix = (await actions(s.client, s.file, d.range, ['quickfix'], [d])).find((a) => a.title === 'Rename to discovery.playbook.yaml');
      assert.ok(fix?.isPreferred && fix.command?.command === 'playbook-lint.renameFile');
      const before = s.client.messages.length;
      await s.client.request('workspace/executeCommand', fix.command);
      const applied = s.client.messages.slice(before).find((m) => m.method === 'workspace/applyEdit');
      assert.deepEqual((applied?.params as any)?.edit?.documentChanges, [
        {
          kind: 'rename',
          oldUri: uriOf(s.file),
          newUri: uriOf(path.join(s.project.dir, 'playbooks/discovery.playbook.yaml')),
          options: { overwrite: false, ignoreIfExists: false },
        },
      ]);
    });

    it('the target exists: a clear message, no edit', async () => {
      const target = path.join(s.project.dir, 'playbooks/discovery.playbook.yaml');
      require('node:fs').writeFileSync(target, PLAYBOOK);
      const d = (await pull(s.client, s.file)).find((x) => x.code === 'misnamed-file')!;
      const fix = (await actions(s.client, s.file, d.range, ['quickfix'], [d])).find((a) => a.title === 'Rename to discovery.playbook.yaml')!;
      const before = s.client.messages.length;
      await s.client.request('workspace/executeCommand', fix.command);
      const after = s.client.messages.slice(before);
      assert.ok(!after.some((m) => m.method === 'workspace/applyEdit'), 'nothing is renamed');
      const message = await s.client.waitFor(() => shownMessages(s.client).find((m) => m.includes('already exists')), 'a message');
      assert.match(message, /cannot rename discovery\.yaml to discovery\.playbook\.yaml: discovery\.playbook\.yaml already exists/);
    });
  });

  describe('rule links and the documentation action', () => {
    it('without a client command: the file: URL of the page installed with the server', async () => {
      const s = await start({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': PLAYBOOK }, 'discovery.playbook.yaml');
      try {
        const d = (await pull(s.client, s.file)).find((x) => x.code === 'undefined-term')!;
        assert.match(d.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/undefined-term\.md$/);
        assert.ok(existsSync(fileURLToPath(d.codeDescription!.href)));
        assert.ok(!(await actions(s.client, s.file, d.range, ['quickfix'], [d])).some((a) => a.title.startsWith('Show documentation')));
      } finally {
        await s.stop();
      }
    });

    it('with ruleDocsCommand: a command link, and "Show documentation" unless the setting turns it off', async () => {
      const s = await start({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': PLAYBOOK }, 'discovery.playbook.yaml', {
        ruleDocsCommand: 'playbookLint.openRuleDocs',
      });
      try {
        const d = (await pull(s.client, s.file)).find((x) => x.code === 'undefined-term')!;
        assert.equal(d.codeDescription!.href, `command:playbookLint.openRuleDocs?${encodeURIComponent(JSON.stringify(['undefined-term']))}`);
        const doc = (await actions(s.client, s.file, d.range, ['quickfix'], [d])).find((a) => a.title === 'Show documentation for undefined-term');
        assert.deepEqual(doc?.command, { title: 'Show documentation for undefined-term', command: 'playbookLint.openRuleDocs', arguments: ['undefined-term'] });
        await s.client.configure({ codeAction: { showDocumentation: { enable: false }, disableRuleComment: { enable: false } } });
        await eventually(async () => {
          const titles = (await actions(s.client, s.file, d.range, ['quickfix'], [d])).map((a) => a.title);
          return !titles.some((t) => t.startsWith('Show documentation') || t.startsWith('Disable ')) && titles.some((t) => t.startsWith('Change to'));
        }, 'no documentation and no disable-comment actions');
      } finally {
        await s.stop();
      }
    });
  });

  describe('settings: rules.customizations and run', () => {
    it('customizations change severities on top of the project config (last match wins, globs, off), follow didChangeConfiguration, and are never written', async () => {
      const settings = {
        rules: {
          customizations: [
            { rule: '*', severity: 'downgrade' },
            { rule: 'undefined-term', severity: 'default' },
            { rule: '*-deviation', severity: 'off' },
          ],
        },
      };
      const playbook = PLAYBOOK.replace(/ {8}deviate-when:\n.*\n/, '');
      const s = await start(
        { 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': playbook, '.playbook-lint.yaml': 'rules:\n  tactic-missing-why: warning\n' },
        'discovery.playbook.yaml',
        { settings },
      );
      try {
        const config = readFileSync(path.join(s.project.dir, '.playbook-lint.yaml'), 'utf8');
        let d = await pull(s.client, s.file);
        const severity = (code: string) => d.filter((x) => x.code === code).map((x) => x.severity);
        assert.deepEqual(severity('undefined-term'), [1], "default: the project's error");
        assert.deepEqual(severity('tactic-missing-deviation'), [], 'off');
        await s.client.change(s.file, playbook.replace('why: Funding tells us who decides.', 'why: ""'));
        d = await pull(s.client, s.file);
        assert.deepEqual(severity('tactic-missing-why'), [3], "the project's warning, downgraded to info");
        await s.client.configure({ rules: { customizations: [{ rule: '!undefined-term', severity: 'error' }] } });
        d = await eventually(async () => {
          const items = await pull(s.client, s.file);
          return items.some((x) => x.code === 'tactic-missing-deviation' && x.severity === 1) ? items : undefined;
        }, 'the new customizations applied');
        assert.deepEqual(severity('tactic-missing-why'), [1]);
        assert.equal(readFileSync(path.join(s.project.dir, '.playbook-lint.yaml'), 'utf8'), config, 'the project config is never written');
      } finally {
        await s.stop();
      }
    });

    it("run: onSave keeps an open file's problems until it is saved", async () => {
      const s = await start({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': PLAYBOOK }, 'discovery.playbook.yaml', {
        settings: { run: 'onSave' },
      });
      try {
        const count = async () => (await pull(s.client, s.file)).filter((x) => x.code === 'undefined-term').length;
        assert.equal(await count(), 1);
        await s.client.change(s.file, PLAYBOOK.replace('[[champ]]', '[[chmp]] and [[chomp]]'));
        assert.equal(await count(), 1, 'not re-checked while typing');
        await s.client.save(s.file);
        await eventually(async () => (await count()) === 2, 'the saved text checked');
        await s.client.configure({ run: 'onType' });
        await s.client.change(s.file, PLAYBOOK);
        await eventually(async () => (await count()) === 1, 'checked as you type again');
      } finally {
        await s.stop();
      }
    });

    it('bad values: a clear message naming the setting, the rest still applies', async () => {
      const settings = {
        run: 5,
        rules: {
          customizations: [
            { rule: 'vauge-*', severity: 'info' },
            { rule: 'undefined-term', severity: 'loud' },
            'x',
            { rule: 'undefined-term', severity: 'warning' },
            { rule: '@(schema|yaml-syntax)', severity: 'info' },
          ],
        },
        codeAction: { showDocumentation: { enable: 'yes' } },
      };
      const s = await start({ 'core.vocabulary.yaml': CORE_VOCABULARY, 'discovery.playbook.yaml': PLAYBOOK }, 'discovery.playbook.yaml', { settings });
      try {
        const d = await pull(s.client, s.file);
        assert.deepEqual(
          d.filter((x) => x.code === 'undefined-term').map((x) => x.severity),
          [2],
          'the valid entry applies',
        );
        const messages = await s.client.waitFor(() => {
          const m = shownMessages(s.client);
          return m.length ? m.join('\n') : undefined;
        }, 'a message about the settings');
        assert.match(messages, /playbookLint\.run must be "onType" or "onSave", not 5/);
        assert.match(messages, /playbookLint\.rules\.customizations\[0\]\.rule "vauge-\*" matches no rule; the rules are .*vague-deviation/);
        assert.match(
          messages,
          /playbookLint\.rules\.customizations\[1\]\.severity must be one of "error", "warning", "info", "off", "default", "downgrade", "upgrade", not "loud"/,
        );
        assert.match(messages, /playbookLint\.rules\.customizations\[2\] must be an object/);
        assert.match(messages, /playbookLint\.rules\.customizations\[4\]\.rule "@\(schema\|yaml-syntax\)" is not a usable glob: extended glob patterns/);
        assert.match(messages, /playbookLint\.codeAction\.showDocumentation\.enable must be true or false, not "yes"/);
        await s.client.configure({ rules: { customizations: 7 } });
        await s.client.waitFor(
          () => shownMessages(s.client).some((m) => /playbookLint\.rules\.customizations must be a list/.test(m)),
          'a message about the list',
        );
      } finally {
        await s.stop();
      }
    });
  });
});
