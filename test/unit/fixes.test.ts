/** Text that fixes write into existing YAML: it must read back as what was meant, in every scalar style. */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyzeText } from '../../server/src/core/analyze';
import { eol, termLinkText, yamlScalar } from '../../server/src/core/fixes';
import { lintFiles } from './helpers';

describe('fix text', () => {
  it('yamlScalar quotes words YAML reads as something other than text', () => {
    for (const word of ['true', 'False', 'NULL', 'yes', 'off', 'y', '~', 'first, call', 'a: b', 'a #b', '12', 'x ']) {
      assert.equal(parse(`v: ${yamlScalar(word)}`).v, word, word);
      assert.equal(parse(`v: [${yamlScalar(word)}]`).v[0], word, word);
    }
    assert.equal(yamlScalar('first-call'), 'first-call');
  });

  it('termLinkText writes [[name]] for the style of the scalar it goes into, so it reads back as the name', () => {
    const cases: [string, 'plain' | 'single' | 'double' | 'block', (link: string) => string][] = [
      ["Buyer's journey", 'single', (l) => `goal: 'See the ${l} here.'`],
      ['Say "no" \\ early', 'double', (l) => `goal: "See the ${l} here."`],
      ['Pain\n\n   point', 'plain', (l) => `goal: See the ${l} here.`],
      ['Pain\tpoint', 'block', (l) => `goal: >\n      See the ${l} here.`],
    ];
    for (const [name, style, wrap] of cases) {
      const link = termLinkText(name, style);
      assert.ok(link, name);
      const a = analyzeText('/p/x.playbook.yaml', 'playbook', `playbook: P\nstages:\n  - id: s\n    name: S\n    ${wrap(link)}\n`);
      assert.deepEqual(a.syntaxProblems, [], `${style}: ${link}`);
      assert.deepEqual(
        a.termRefs.map((r) => r.name),
        [name.replace(/\s+/g, ' ')],
        `${style}: ${link}`,
      );
    }
  });

  it('termLinkText offers nothing for a name no reference can hold', () => {
    assert.equal(termLinkText('Cost of inac]]ion', 'double'), undefined);
    assert.equal(termLinkText('a [b]', 'block'), undefined);
    assert.equal(termLinkText('Note: this', 'plain'), undefined); // ": " in a plain scalar starts a mapping
    assert.equal(termLinkText('Note: this', 'single'), '[[Note: this]]');
  });

  it('"Link as [[…]]" is not offered for a defined term with a bracket in it', () => {
    const { diagnostics } = lintFiles(
      {
        'v.vocabulary.yaml': 'vocabulary: V\nterms:\n  - term: Plan [B]\n    definition: d\n',
        'x.playbook.yaml': 'playbook: P\nstages:\n  - id: s\n    name: S\n    goal: The buyer agrees to Plan [B] today.\n',
      },
      { rules: { 'unlinked-term': { severity: 'info', settings: {} } } },
    );
    const unlinked = diagnostics.filter((x) => x.ruleId === 'unlinked-term');
    assert.equal(unlinked.length, 1, JSON.stringify(diagnostics));
    assert.deepEqual(unlinked[0].fixes ?? [], [], JSON.stringify(unlinked[0]));
  });

  it('eol() answers per file and per text', () => {
    const crlf = analyzeText('/p/a.playbook.yaml', 'playbook', 'playbook: P\r\n');
    const lf = analyzeText('/p/b.playbook.yaml', 'playbook', 'playbook: P\n');
    assert.equal(eol(crlf), '\r\n');
    assert.equal(eol(lf), '\n');
    assert.equal(eol(crlf), '\r\n');
    assert.equal(eol('a\r\nb'), '\r\n');
    assert.equal(eol('a\nb'), '\n');
  });
});
