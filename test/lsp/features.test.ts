/**
 * Hover, completion, definition, references, rename, document and workspace
 * symbols over the real protocol, on the acme and with-problems samples.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompletionItem, CompletionList, Hover, Location } from 'vscode-languageserver-protocol';
import { ruleById } from '../../server/src/core/rules';
import { applyEdits, editsByFile, LspClient, MINIMAL_CAPABILITIES, positionOf, sample, tempCopy, uriOf } from './support/client';

const rel = (dir: string, uri: string) => path.relative(dir, decodeURIComponent(new URL(uri).pathname));
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

describe('lsp: editor features on the acme sample', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  let client: LspClient;
  let discovery: string;
  let vocab: string;
  let text: string;

  before(async () => {
    ({ dir, cleanup } = tempCopy(sample('acme')));
    discovery = path.join(dir, 'playbooks/discovery.playbook.yaml');
    vocab = path.join(dir, 'vocabulary/sales.vocabulary.yaml');
    client = await LspClient.start({ folders: [dir] });
    await client.waitIndexed();
    await client.open(discovery);
    text = client.text(discovery);
  });
  after(async () => {
    await client.stop();
    cleanup();
  });
  afterEach(async () => {
    if (client.text(discovery) !== text) await client.change(discovery, text);
  });

  const at = (needle: string, offset = 0, occurrence = 1, t = text) => ({
    textDocument: { uri: uriOf(discovery) },
    position: positionOf(t, needle, offset, occurrence),
  });

  describe('hover', () => {
    it('on [[term]]: the definition, aliases, example and where it is defined, over exactly the [[…]]', async () => {
      const h: Hover = await client.request('textDocument/hover', at('[[economic buyer]]', 5));
      const value = hoverText(h);
      assert.match(value, /^\*\*Economic buyer\*\*/);
      assert.match(value, /The one person who can release the budget/);
      assert.match(value, /\*Aliases:\* economic buyers, EB/);
      assert.match(value, /\*Example:\* The COO/);
      assert.match(value, /\*Defined in\* \[sales\.vocabulary\.yaml:6\]\(file:\/\/.*sales\.vocabulary\.yaml#L6\)/);
      assert.deepEqual(h.range, { start: positionOf(text, '[[economic buyer]]'), end: positionOf(text, '[[economic buyer]]', 18) });
    });

    it('on an alias and on a reference spanning lines of a folded scalar', async () => {
      const alias = hoverText(await client.request('textDocument/hover', at('[[EB]]', 3)));
      assert.match(alias, /^\*\*Economic buyer\*\*/);
      // The alias line names the term and its OTHER aliases, not the alias hovered.
      assert.match(alias, /\*“EB” is an alias of\* \*\*Economic buyer\*\*; \*other aliases:\* economic buyers\n/);
      assert.doesNotMatch(alias, /\*Aliases:\*/);
      const split = positionOf(text, '[[economic\n');
      const h: Hover = await client.request('textDocument/hover', {
        textDocument: { uri: uriOf(discovery) },
        position: { line: split.line + 1, character: 12 },
      });
      assert.match(hoverText(h), /\*\*Economic buyer\*\*/);
      assert.deepEqual(h.range!.start, split);
      assert.equal(h.range!.end.line, split.line + 1);
    });

    it('on a see-also id: the target tactic, its why and deviate-when', async () => {
      const value = hoverText(await client.request('textDocument/hover', at('see-also: [lead-with-questions]', 15)));
      assert.match(value, /^\*\*Tactic\*\* `lead-with-questions` in stage \*First call\*/);
      assert.match(value, /Open with \[\[Socratic questions\]\]/);
      assert.match(value, /\*\*Why:\*\* People believe conclusions they reach themselves\./);
      assert.match(value, /\*\*Deviate when:\*\*\n- The buyer opens by reading out a list/);
    });

    it('on a see-also id whose target lives in a closed file', async () => {
      const value = hoverText(await client.request('textDocument/hover', at('see-also: [ask-for-dated-step, test-internal-sponsor]', 12)));
      assert.match(value, /\*\*Tactic\*\* `ask-for-dated-step`/);
      const demo = path.join(dir, 'playbooks/demo.playbook.yaml');
      const demoText = readFileSync(demo, 'utf8');
      const m = /see-also: \[([a-z-]+)/.exec(demoText);
      if (m) {
        const h: Hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(demo) }, position: positionOf(demoText, m[0], 11) });
        assert.match(hoverText(h), new RegExp(`\`${m[1]}\``));
      }
    });

    it("on a key: the field's meaning from the JSON schema", async () => {
      const schema = JSON.parse(readFileSync(path.join(__dirname, '../../schemas/playbook.schema.json'), 'utf8'));
      const value = hoverText(await client.request('textDocument/hover', at('    goal:', 5)));
      assert.equal(value, `**goal**\n\n${schema.definitions.stage.properties.goal.description}`);
      assert.match(hoverText(await client.request('textDocument/hover', at('deviate-when:', 2))), /^\*\*deviate-when\*\*\n\n/);
      assert.match(hoverText(await client.request('textDocument/hover', at('stages:', 1))), /^\*\*stages\*\*/);
    });

    it("on text a coaching check flags: the rule's principle with a bad and a good example", async () => {
      const ws = tempCopy(sample('with-problems'));
      const other = await LspClient.start({ folders: [ws.dir] });
      try {
        const renewal = path.join(ws.dir, 'playbooks/renewal.playbook.yaml');
        await other.waitIndexed();
        await other.open(renewal);
        const t = other.text(renewal);
        const h: Hover = await other.request('textDocument/hover', {
          textDocument: { uri: uriOf(renewal) },
          position: positionOf(t, 'Walk through pricing', 3),
        });
        const rule = ruleById('goal-is-activity')!;
        assert.ok(rule.explanation);
        const value = hoverText(h);
        assert.ok(value.includes('**goal-is-activity**'), value);
        assert.ok(value.includes(rule.explanation!.principle.replace(/\s+/g, ' ').slice(0, 40)));
        assert.match(value, /\*Instead of:\* `/);
        assert.match(value, /\*Write:\* `/);
        // An undefined term says so, with the suggestion.
        const u: Hover = await other.request('textDocument/hover', { textDocument: { uri: uriOf(renewal) }, position: positionOf(t, '[[champ]]', 3) });
        assert.match(hoverText(u), /\*\*\[\[champ\]\]\*\* is not defined in any vocabulary in scope\. Did you mean \*\*Champion\*\*/);
      } finally {
        await other.stop();
        ws.cleanup();
      }
    });

    it('returns null where there is nothing to say', async () => {
      assert.equal(await client.request('textDocument/hover', at('# First conversations', 0)), null);
    });
  });

  describe('completion', () => {
    async function completeAt(newText: string, needle: string, offset: number): Promise<CompletionList> {
      await client.change(discovery, newText);
      return client.request('textDocument/completion', { textDocument: { uri: uriOf(discovery) }, position: positionOf(newText, needle, offset) });
    }

    it('announces [ as a trigger character', () => {
      assert.ok(client.initializeResult.capabilities.completionProvider.triggerCharacters.includes('['));
    });

    it('after [[: every term and alias, documented with its definition, closing the brackets', async () => {
      const t = text.replace('Agree with the [[economic buyer]]', 'Agree with the [[eco');
      const list = await completeAt(t, '[[eco', 5);
      const vocabText = readFileSync(vocab, 'utf8');
      const defined = (vocabText.match(/^ {2}- term: /gm) ?? []).length;
      const terms = list.items.filter((i) => i.detail && !i.detail.startsWith('alias of'));
      assert.equal(terms.length, defined);
      const eb = list.items.find((i) => i.label === 'Economic buyer')!;
      assert.deepEqual(eb.textEdit, { range: { start: positionOf(t, '[[eco', 2), end: positionOf(t, '[[eco', 5) }, newText: 'Economic buyer]]' });
      assert.match((eb.documentation as { value: string }).value, /The one person who can release the budget/);
      const alias = list.items.find((i) => i.label === 'EB')!;
      assert.equal(alias.detail, 'alias of Economic buyer');
      // Already closed: the ]] is replaced, not doubled.
      const closed = text.replace('Agree with the [[economic buyer]]', 'Agree with the [[eco]]');
      const again = await completeAt(closed, '[[eco]]', 5);
      const edit = again.items.find((i) => i.label === 'Economic buyer')!.textEdit as { range: any; newText: string };
      assert.equal(applyEdits(closed, [edit]).includes('Agree with the [[Economic buyer]] on'), true);
    });

    it('in see-also: the known ids, tactics first', async () => {
      const t = text.replace('see-also: [lead-with-questions]', 'see-also: [lead-with-questions, ');
      const list = await completeAt(t, 'see-also: [lead-with-questions, ', 32);
      const labels = list.items.map((i) => i.label);
      for (const id of ['ask-for-dated-step', 'first-call', 'problem-sizing', 'test-internal-sponsor']) assert.ok(labels.includes(id), id);
      assert.ok(!labels.includes('lead-with-questions'), 'ids already listed are not offered again');
      const tactic = list.items.find((i) => i.label === 'ask-for-dated-step')!;
      assert.match(tactic.detail!, /^tactic: End every call by asking/);
      // A block list entry too.
      const block = text.replace('        see-also: [lead-with-questions]\n', '        see-also:\n          - ask\n');
      const items = (await completeAt(block, '          - ask', 15)).items.map((i) => i.label);
      assert.ok(items.includes('ask-for-dated-step'));
    });

    it('in a tactic: the keys it still lacks, as snippets; in a new stage entry every stage key', async () => {
      const noWhy = text.replace(/ {8}why: >\n {10}A demo before[^\n]*\n[^\n]*\n/, '');
      const t = noWhy.replace('        see-also: [lead-with-questions]\n', '        see-also: [lead-with-questions]\n        w\n');
      const list = await completeAt(t, '        see-also: [lead-with-questions]\n        w', 49);
      assert.deepEqual(
        list.items.map((i) => i.label),
        ['why'],
      );
      const why = list.items[0] as CompletionItem;
      assert.equal(why.insertTextFormat, 2);
      assert.equal((why.textEdit as { newText: string }).newText, 'why: $1');
      assert.match((why.documentation as { value: string }).value, /The principle behind the tactic/);
      const stage = text.replace('  - id: problem-sizing\n', '  - \n  - id: problem-sizing\n');
      const keys = (await completeAt(stage, '  - \n  - id: problem-sizing', 4)).items.map((i) => i.label);
      assert.deepEqual(keys, ['id', 'name', 'goal', 'tactics', 'see-also']);
    });

    it('in .playbook-lint.yaml: the rule ids under rules, and the severities as values', async () => {
      const config = path.join(dir, '.playbook-lint.yaml');
      const t = 'rules:\n  undefined-term: warning\n  \n';
      await client.open(config, t);
      try {
        const keys: CompletionList = await client.request('textDocument/completion', {
          textDocument: { uri: uriOf(config) },
          position: { line: 2, character: 2 },
        });
        const labels = keys.items.map((i) => i.label);
        assert.ok(labels.includes('tactic-missing-why') && labels.includes('goal-is-activity'));
        assert.ok(!labels.includes('undefined-term'), 'rules already set are not offered');
        await client.change(config, 'rules:\n  undefined-term: w\n');
        const values: CompletionList = await client.request('textDocument/completion', {
          textDocument: { uri: uriOf(config) },
          position: { line: 1, character: 19 },
        });
        assert.deepEqual(
          values.items.map((i) => i.label),
          ['error', 'warning', 'info', 'off'],
        );
      } finally {
        await client.close(config);
      }
    });

    it('on a trigger character only continues what the character starts: no keys while indenting', async () => {
      const t = text.replace('  - id: problem-sizing\n', '  - \n  - id: problem-sizing\n');
      await client.change(discovery, t);
      const position = positionOf(t, '  - \n  - id: problem-sizing', 4);
      const typed: CompletionList = await client.request('textDocument/completion', {
        textDocument: { uri: uriOf(discovery) },
        position,
        context: { triggerKind: 2, triggerCharacter: ' ' },
      });
      assert.equal(typed.items.length, 0);
      const invoked: CompletionList = await client.request('textDocument/completion', {
        textDocument: { uri: uriOf(discovery) },
        position,
        context: { triggerKind: 1 },
      });
      assert.ok(invoked.items.length > 0);
      const refText = text.replace('Agree with the [[economic buyer]]', 'Agree with the [[');
      await client.change(discovery, refText);
      const bracket: CompletionList = await client.request('textDocument/completion', {
        textDocument: { uri: uriOf(discovery) },
        position: positionOf(refText, 'Agree with the [[', 17),
        context: { triggerKind: 2, triggerCharacter: '[' },
      });
      assert.ok(bracket.items.some((i) => i.label === 'Economic buyer'));
    });

    it('gives plain text instead of snippets to a client without snippet support', async () => {
      const ws = tempCopy(sample('acme'));
      const minimal = await LspClient.start({ folders: [ws.dir], capabilities: MINIMAL_CAPABILITIES });
      try {
        const f = path.join(ws.dir, 'playbooks/discovery.playbook.yaml');
        const t = readFileSync(f, 'utf8').replace('  - id: problem-sizing\n', '  - \n  - id: problem-sizing\n');
        await minimal.open(f, t);
        const list: CompletionList = await minimal.request('textDocument/completion', {
          textDocument: { uri: uriOf(f) },
          position: positionOf(t, '  - \n  - id: problem-sizing', 4),
        });
        const tactics = list.items.find((i) => i.label === 'tactics')!;
        assert.equal(tactics.insertTextFormat, 1);
        assert.equal((tactics.textEdit as { newText: string }).newText, 'tactics:');
        assert.ok(list.items.every((i) => !/\$\d/.test((i.textEdit as { newText: string }).newText)));
        assert.equal((tactics.documentation as { kind: string }).kind, 'plaintext');
      } finally {
        await minimal.stop();
        ws.cleanup();
      }
    });
  });

  describe('navigation', () => {
    it("goes to a term's definition from [[…]] (also from an alias)", async () => {
      const vocabText = readFileSync(vocab, 'utf8');
      const target = { start: positionOf(vocabText, 'Economic buyer'), end: positionOf(vocabText, 'Economic buyer', 14) };
      const defs: Location[] = await client.request('textDocument/definition', at('[[economic buyer]]', 4));
      assert.deepEqual(defs, [{ uri: uriOf(vocab), range: target }]);
      const fromAlias: Location[] = await client.request('textDocument/definition', at('[[EB]]', 3));
      assert.deepEqual(fromAlias, [{ uri: uriOf(vocab), range: target }]);
    });

    it('goes to a tactic from a see-also id', async () => {
      const defs: Location[] = await client.request('textDocument/definition', at('see-also: [lead-with-questions]', 15));
      assert.deepEqual(defs, [
        { uri: uriOf(discovery), range: { start: positionOf(text, 'id: lead-with-questions', 4), end: positionOf(text, 'id: lead-with-questions', 23) } },
      ]);
    });

    it('finds every reference of a term, through all its aliases and in every file', async () => {
      const refs: Location[] = await client.request('textDocument/references', { ...at('[[economic buyer]]', 4), context: { includeDeclaration: false } });
      const files = new Set(refs.map((r) => rel(dir, r.uri)));
      assert.ok(files.has('playbooks/discovery.playbook.yaml') && files.has('playbooks/deal-review.playbook.yaml'));
      // Every [[…]] naming Economic buyer, economic buyers or EB anywhere in the project.
      let expected = 0;
      for (const f of ['deal-review', 'demo', 'discovery', 'negotiation']) {
        const t = readFileSync(path.join(dir, `playbooks/${f}.playbook.yaml`), 'utf8');
        expected += (t.match(/\[\[(economic\s+buyers?|EB)\]\]/gi) ?? []).length;
      }
      const vt = readFileSync(vocab, 'utf8');
      expected += (vt.match(/\[\[(economic\s+buyers?|EB)\]\]/gi) ?? []).length;
      expected += (vt.match(/see-also: \[[^\]]*Economic buyer/g) ?? []).length;
      assert.equal(refs.length, expected);
      const withDecl: Location[] = await client.request('textDocument/references', { ...at('[[economic buyer]]', 4), context: { includeDeclaration: true } });
      assert.equal(withDecl.length, expected + 3, 'the term and its two aliases');
    });

    it('finds the see-also entries that name a tactic', async () => {
      const refs: Location[] = await client.request('textDocument/references', { ...at('id: lead-with-questions', 6), context: { includeDeclaration: false } });
      assert.deepEqual(
        refs.map((r) => `${rel(dir, r.uri)}:${r.range.start.line + 1}`),
        ['playbooks/deal-review.playbook.yaml:58', 'playbooks/discovery.playbook.yaml:18', 'playbooks/discovery.playbook.yaml:49'],
      );
    });
  });

  describe('rename', () => {
    it('prepares on a [[term]] with the name inside the brackets', async () => {
      const r = await client.request('textDocument/prepareRename', at('[[economic buyer]]', 4));
      assert.deepEqual(r, {
        range: { start: positionOf(text, '[[economic buyer]]', 2), end: positionOf(text, '[[economic buyer]]', 16) },
        placeholder: 'economic buyer',
      });
      assert.equal(await client.request('textDocument/prepareRename', at('# First conversations', 2)), null);
    });

    it('renames a term: the vocabulary entry and every [[…]] written with that name; aliases and their uses stay', async () => {
      const vocabText = readFileSync(vocab, 'utf8');
      const pos = positionOf(vocabText, '- term: Champion', 10);
      const edit = await client.request('textDocument/rename', { textDocument: { uri: uriOf(vocab) }, position: pos, newName: 'Inside champion' });
      const byFile = editsByFile(edit);
      const newVocab = applyEdits(vocabText, byFile.get(vocab)!);
      assert.ok(newVocab.includes('- term: Inside champion\n'));
      assert.ok(newVocab.includes('aliases: [champions]'), 'aliases intact');
      assert.ok(newVocab.includes('see-also: [Inside champion, Decision process]'), 'see-also entries naming it follow');
      assert.ok(newVocab.includes('[[Inside champion]]'), 'uses in definitions follow');
      for (const [file, edits] of byFile) {
        const before = file === discovery ? text : readFileSync(file, 'utf8');
        const after = applyEdits(before, edits);
        assert.equal((after.match(/\[\[champion\]\]/gi) ?? []).length, 0, `${path.basename(file)} has no [[champion]] left`);
        assert.equal((after.match(/\[\[champions\]\]/gi) ?? []).length, (before.match(/\[\[champions\]\]/gi) ?? []).length, 'alias uses untouched');
        // Only the names changed: removing them gives back the same text.
        assert.equal(
          after.replace(/Inside champion/g, 'X'),
          before.replace(
            /(?<=\[\[)champion(?=\]\])|(?<=- term: )Champion|(?<=see-also: \[)Champion|(?<=\[[^\]]*, )Champion(?=\])|(?<=\[\[)Champion(?=\]\])|(?<=\[\[)CHAMPION(?=\]\])/g,
            'X',
          ),
        );
      }
    });

    it('refuses a name that another term already uses, with a message', async () => {
      await assert.rejects(client.request('textDocument/rename', { ...at('[[economic buyer]]', 4), newName: 'champion' }), /already defined as a term/);
    });

    it('renames a tactic id with every see-also naming it, and refuses a non-kebab-case id', async () => {
      const edit = await client.request('textDocument/rename', { ...at('id: lead-with-questions', 6), newName: 'open-with-questions' });
      const edits = editsByFile(edit).get(discovery)!;
      assert.equal(edits.length, 3);
      const after = applyEdits(text, edits);
      assert.equal(after, text.replace(/lead-with-questions/g, 'open-with-questions'));
      await assert.rejects(client.request('textDocument/rename', { ...at('id: lead-with-questions', 6), newName: 'Open With Questions' }), /kebab-case/);
    });
  });

  describe('symbols', () => {
    it('outlines stages with their tactics', async () => {
      const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(discovery) } });
      assert.deepEqual(
        symbols.map((s: any) => s.name),
        ['First call', 'Sizing the problem', 'Second meeting'],
      );
      assert.deepEqual(
        symbols[0].children.map((s: any) => s.name),
        ['no-demo-first-call', 'lead-with-questions', 'write-value-hypothesis'],
      );
      assert.equal(symbols[0].detail, 'first-call');
      for (const s of symbols) assert.ok(s.selectionRange.start.line >= s.range.start.line && s.selectionRange.end.line <= s.range.end.line);
    });

    it("outlines a vocabulary's terms", async () => {
      const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(vocab) } });
      assert.equal(symbols[0].name, 'Economic buyer');
      assert.equal(symbols[0].detail, 'economic buyers, EB');
    });

    it('finds ids and terms across the workspace', async () => {
      const found = await client.request('workspace/symbol', { query: 'dated step' });
      assert.ok(found.some((s: any) => s.name === 'ask-for-dated-step' && rel(dir, s.location.uri) === 'playbooks/discovery.playbook.yaml'));
    });
  });
});
