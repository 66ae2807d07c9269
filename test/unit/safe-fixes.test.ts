/** The one definition of "safe fixes" shared by `playbook-lint --fix` and the editor's source.fixAll. */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { applySafeFixes, fixToFixedPoint, safeFixesOf } from '../../server/src/core/apply-fixes';
import { defaultConfig } from '../../server/src/core/config';
import { lintFile } from '../../server/src/core/lint';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import type { Diagnostic } from '../../server/src/core/types';
import { lintFiles, only, playbookWith, ROOT } from './helpers';

const VOCABULARY =
  'vocabulary: V\nterms:\n  - term: Champion\n    definition: Sells for us inside.\n  - term: Reframing\n    definition: Changing the frame.\n  - term: Socratic question\n    definition: A question.\n  - term: Social proof\n    definition: Others did it.\n';
const PLAYBOOK = `${ROOT}/p.playbook.yaml`;

/** Lints one playbook's text against the vocabulary above, the way the editor lints an open document. */
function lintPlaybook(text: string): Diagnostic[] {
  const index = new ProjectIndex();
  index.set(exportsOf(analyzeText(`${ROOT}/v.vocabulary.yaml`, 'vocabulary', VOCABULARY)));
  const analysis = analyzeText(PLAYBOOK, 'playbook', text);
  index.set(exportsOf(analysis));
  return lintFile(analysis, index, defaultConfig(ROOT));
}

const TACTIC = (extra: string) =>
  playbookWith(
    `    tactics:\n      - id: no-demo   # keep this comment\n        tactic: Do not demo on the [[champ]] call.\n        why: A demo anchors on features.\n${extra}`,
  );

describe('safe fixes', () => {
  it('a misspelt key is one diagnostic with a safe rename, not a second "missing" one', () => {
    for (const written of ['deviate_when', 'Deviate-When', 'deviate-whn']) {
      const text = TACTIC(`        ${written}:\n          - The buyer asks for it in writing.\n`);
      const ds = lintPlaybook(text).filter((d) => d.ruleId === 'schema' || d.ruleId === 'tactic-missing-deviation');
      assert.equal(ds.length, 1, `${written}: ${JSON.stringify(ds.map((d) => d.message))}`);
      assert.equal(ds[0].ruleId, 'schema');
      assert.match(ds[0].message, /did you mean "deviate-when"/);
      const fix = ds[0].fixes?.[0];
      assert.ok(fix?.safe, written);
      assert.equal(fix.title, `Rename "${written}" to "deviate-when"`);
    }
    const why = lintPlaybook(
      playbookWith('    tactics:\n      - id: t\n        tactic: Do it.\n        Why: Because buyers decide late.\n        deviate-when: The buyer says so.\n'),
    );
    assert.deepEqual(
      why.filter((d) => d.ruleId !== 'why-restates-tactic').map((d) => d.ruleId),
      ['schema'],
    );
    assert.ok(why[0].fixes?.[0].safe);
  });

  it('no rename when the right key is already there (it would write a duplicate key)', () => {
    const text = TACTIC('        deviate-when: The buyer asks.\n        deviate_when: The buyer insists.\n');
    const [schema] = only(lintPlaybook(text), 'schema');
    assert.equal(schema.fixes, undefined);
  });

  it('deviate-when under the stage instead of the tactic: one diagnostic that says where it belongs', () => {
    const text = playbookWith('    tactics:\n    - id: t\n      tactic: Do it.\n      why: Buyers decide late.\n    deviate-when: The buyer says so.\n');
    const ds = lintPlaybook(text).filter((d) => d.ruleId === 'schema' || d.ruleId === 'tactic-missing-deviation');
    assert.deepEqual(
      ds.map((d) => d.message),
      ['stages[0]: "deviate-when" belongs to a tactic, not to a stage; indent it under the tactic it is about, level with that tactic\'s "id:"'],
    );
  });

  it('only the unambiguous term suggestion is safe; stubs and add-to-vocabulary never are', () => {
    const text = playbookWith('    tactics:\n      - id: t\n        tactic: Ask a [[socratic qestion]] and show [[soc]].\n');
    const ds = lintPlaybook(text);
    const byMessage = (re: RegExp) => ds.find((d) => re.test(d.message))!;
    assert.deepEqual(
      byMessage(/socratic qestion/).fixes!.map((f) => [f.title, !!f.safe]),
      [
        ['Change to [[Socratic question]]', true],
        ['Add "socratic qestion" to v.vocabulary.yaml', false],
      ],
    );
    assert.ok(
      byMessage(/"soc"/).fixes!.every((f) => !f.safe),
      'two close terms: the writer chooses',
    );
    for (const d of ds.filter((x) => x.ruleId.startsWith('tactic-missing')))
      assert.ok(
        d.fixes!.every((f) => !f.safe),
        d.ruleId,
      );
  });

  it('applies every safe fix in one pass and keeps every other byte', () => {
    const text = TACTIC('        deviate_when: The buyer asks.\n').replace('\n', '\r\n');
    const result = fixToFixedPoint(PLAYBOOK, text, lintPlaybook);
    const expected = text.replace('[[champ]]', '[[Champion]]').replace('deviate_when', 'deviate-when');
    assert.equal(result.text, expected);
    assert.deepEqual(result.applied.map((f) => f.title).sort(), ['Change to [[Champion]]', 'Rename "deviate_when" to "deviate-when"']);
    assert.equal(result.passes, 1);
    assert.equal(result.bounded, false);
    assert.deepEqual(safeFixesOf(PLAYBOOK, result.remaining), []);
  });

  it('takes a fix whole or not at all, skips colliding and foreign edits, applies a repeated fix once', () => {
    const text = 'abcdef\n';
    const range = (s: number, e: number) => ({ start: { line: 0, character: s }, end: { line: 0, character: e } });
    const d = (fixes: Diagnostic['fixes']): Diagnostic => ({ ruleId: 'x', severity: 'error', message: '', path: '/f', range: range(0, 0), docsUrl: '', fixes });
    const edit = (s: number, e: number, t: string, p = '/f') => ({ path: p, range: range(s, e), newText: t });
    const result = applySafeFixes('/f', text, [
      d([{ title: 'B', edits: [edit(1, 3, 'BC')], safe: true }]),
      d([{ title: 'B again', edits: [edit(1, 3, 'BC')], safe: true }]),
      d([{ title: 'overlaps B', edits: [edit(2, 4, 'xx')], safe: true }]),
      d([{ title: 'not safe', edits: [edit(5, 6, 'F')] }]),
      d([{ title: 'other file', edits: [edit(4, 5, 'E'), edit(0, 1, 'A', '/g')], safe: true }]),
      d([{ title: 'insert', edits: [edit(6, 6, '!')], safe: true }]),
    ]);
    assert.equal(result.text, 'aBCdef!\n');
    assert.deepEqual(
      result.applied.map((f) => f.title),
      ['B', 'insert'],
    );
  });

  it('stops at the bound when fixes undo each other, and says so', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const flip = (text: string): Diagnostic[] => [
      {
        ruleId: 'x',
        severity: 'error',
        message: '',
        path: '/f',
        range,
        docsUrl: '',
        fixes: [{ title: 'flip', safe: true, edits: [{ path: '/f', range, newText: text[0] === 'a' ? 'b' : 'a' }] }],
      },
    ];
    const result = fixToFixedPoint('/f', 'a', flip, 3);
    assert.equal(result.passes, 3);
    assert.equal(result.bounded, true);
    assert.equal(result.text, 'b');
  });

  it('a whole project linted in memory offers the same safe fix as one open document', () => {
    const { diagnostics } = lintFiles({ 'v.vocabulary.yaml': VOCABULARY, 'p.playbook.yaml': TACTIC('        deviate-when: The buyer asks.\n') });
    assert.equal(safeFixesOf(PLAYBOOK, diagnostics).length, 1);
  });
});
