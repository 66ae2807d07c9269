/**
 * [[term]] scanning: spans cover exactly `[[` … `]]` in the source in every
 * scalar style, columns are UTF-16 code units, line breaks may be \r\n, and a
 * UTF-8 byte order mark does not shift anything.
 */
import assert from 'node:assert/strict';
import { analyzeBytes, analyzeText } from '../../server/src/core/analyze';
import { termKey } from '../../server/src/core/model/terms';
import { where } from './helpers';

function refs(text: string, kind: 'playbook' | 'vocabulary' = 'playbook') {
  const a = analyzeText(`/p/x.${kind}.yaml`, kind, text);
  assert.deepEqual(a.syntaxProblems, [], 'the test text must be valid YAML');
  return a.termRefs.map((r) => ({ name: r.name, key: r.key, source: text.slice(r.span.start, r.span.end), at: where({ range: a.lines.range(r.span) }) }));
}

describe('term reference scanning', () => {
  it('finds a reference in a plain scalar', () => {
    assert.deepEqual(refs('playbook: Win the [[Economic buyer]] early\nstages: []\n'), [
      { name: 'Economic buyer', key: 'economic buyer', source: '[[Economic buyer]]', at: '1:19-1:37' },
    ]);
  });

  it("in a single-quoted scalar, with a '' escape before the reference", () => {
    const text = "playbook: 'The buyer''s [[champion]] and the team''s [[coach]]'\nstages: []\n";
    assert.deepEqual(
      refs(text).map((r) => [r.source, r.at]),
      [
        ['[[champion]]', '1:25-1:37'],
        ['[[coach]]', '1:54-1:63'],
      ],
    );
  });

  it("unescapes '' inside a single-quoted reference", () => {
    assert.equal(refs("playbook: 'a [[buyer''s remorse]]'\nstages: []\n")[0].name, "buyer's remorse");
  });

  it('in a double-quoted scalar, with \\" escapes before the reference', () => {
    const text = 'playbook: "Say \\"stop\\" and \\\\ use [[reframing]]"\nstages: []\n';
    const [r] = refs(text);
    assert.equal(r.source, '[[reframing]]');
    assert.equal(r.at, `1:${text.indexOf('[[') + 1}-1:${text.indexOf(']]') + 3}`);
  });

  it('unescapes escapes inside a double-quoted reference (what the reader sees is what matches)', () => {
    const [r] = refs('playbook: "[[Econ\\x6Fmic\\tbuyer]]"\nstages: []\n');
    assert.equal(r.name, 'Economic buyer');
    assert.equal(r.key, 'economic buyer');
    assert.equal(r.source, '[[Econ\\x6Fmic\\tbuyer]]');
  });

  it('in a folded (>) block scalar, and across a line break of it', () => {
    const text = 'playbook: >\n  Use the [[economic\n  buyer]] and the [[champion]].\nstages: []\n';
    assert.deepEqual(
      refs(text).map((r) => [r.name, r.source, r.at]),
      [
        ['economic buyer', '[[economic\n  buyer]]', '2:11-3:10'],
        ['champion', '[[champion]]', '3:19-3:31'],
      ],
    );
  });

  it('in a literal (|) block scalar, ignoring a comment on its header line', () => {
    const text = 'playbook: |  # [[not a reference]]\n  First line\n  then [[Discovery]]\nstages: []\n';
    assert.deepEqual(
      refs(text).map((r) => [r.source, r.at]),
      [['[[Discovery]]', '3:8-3:21']],
    );
  });

  it('in block scalars with indentation indicators, keep/strip chomping and leading blank lines', () => {
    assert.deepEqual(
      refs('playbook: >2-\n    [[a]]\nstages: []\n').map((r) => r.at),
      ['2:5-2:10'],
    );
    assert.deepEqual(
      refs('playbook: |+\n\n  [[a]]\n\nstages: []\n').map((r) => r.at),
      ['3:3-3:8'],
    );
  });

  it('in a plain scalar that continues over several lines', () => {
    assert.deepEqual(
      refs('playbook: Use the [[economic\n  buyer]] now\nstages: []\n').map((r) => [r.name, r.at]),
      [['economic buyer', '1:19-2:10']],
    );
  });

  it('in flow sequences and in every string value of a playbook, but not in keys or comments', () => {
    const text = [
      'playbook: T # [[in a comment]]',
      'stages:',
      '  - id: s',
      '    name: N',
      '    goal: "[[g]]"',
      '    tactics:',
      '      - id: t',
      "        tactic: '[[t]]'",
      '        deviate-when: ["[[d1]]", [[not-a-string]]]  # unquoted [[…]] in a flow list is a nested list',
      '    "[[key]]": "[[value]]"',
      '',
    ].join('\n');
    const a = analyzeText('/p/x.playbook.yaml', 'playbook', text);
    assert.deepEqual(
      a.termRefs.map((r) => r.name),
      ['g', 't', 'd1', 'value'],
    );
  });

  it('matches case-insensitively and folds any run of white space', () => {
    assert.equal(termKey('  ECONOMIC \n\t buyer '), 'economic buyer');
    assert.deepEqual(
      refs('playbook: "[[ ECONOMIC   Buyer ]]"\nstages: []\n').map((r) => [r.name, r.key]),
      [['ECONOMIC Buyer', 'economic buyer']],
    );
  });

  it('ignores empty references and picks the innermost of nested brackets', () => {
    assert.deepEqual(
      refs('playbook: "[[]] [[ ]] [[[a]]] [[b [[c]] d]]"\nstages: []\n').map((r) => r.source),
      ['[[a]]', '[[c]]'],
    );
  });

  it('reports a reference once, at its anchor, when a YAML alias repeats it', () => {
    const text = 'playbook: &t "The [[buyer]]"\nsummary: *t\nstages: []\n';
    assert.deepEqual(
      refs(text).map((r) => r.at),
      ['1:19-1:28'],
    );
  });

  it('scans only definition and example in a vocabulary', () => {
    const text = [
      'vocabulary: "[[title]]"',
      'terms:',
      '  - term: "[[term]]"',
      '    definition: A [[d]] here',
      '    example: "An [[e]] there"',
      '    aliases: ["[[alias]]"]',
      '    see-also: ["[[s]]"]',
      '',
    ].join('\n');
    assert.deepEqual(
      refs(text, 'vocabulary').map((r) => r.name),
      ['d', 'e'],
    );
  });

  it('counts UTF-16 code units: emoji and other non-BMP characters before a reference on the same line', () => {
    const text = 'playbook: "🎯𝒳 🚀 [[Champion]]"\nstages: []\n';
    const [r] = refs(text);
    // "playbook: " (10) + '"' (1) + 🎯 (2) + 𝒳 (2) + ' ' + 🚀 (2) + ' ' = 19 code units before [[.
    assert.equal(text.indexOf('[['), 19);
    assert.equal(r.at, '1:20-1:32');
    assert.equal(r.source, '[[Champion]]');
  });

  it('keeps exact spans in a CRLF file, in every style', () => {
    const text = ['playbook: T', 'summary: >', '  one [[folded', '  ref]] here', 'owner: "[[dq]]"', 'stages: []', ''].join('\r\n');
    assert.deepEqual(
      refs(text).map((r) => [r.name, r.source, r.at]),
      [
        ['folded ref', '[[folded\r\n  ref]]', '3:7-4:8'],
        ['dq', '[[dq]]', '5:9-5:15'],
      ],
    );
  });

  it('is not shifted by a UTF-8 byte order mark (the editor does not count it either)', () => {
    const body = 'playbook: T [[x]]\nstages: []\n';
    const bom = analyzeBytes('/p/x.playbook.yaml', 'playbook', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(body, 'utf8')]));
    const plain = analyzeBytes('/p/x.playbook.yaml', 'playbook', new Uint8Array(Buffer.from(body, 'utf8')));
    assert.equal(bom.text, body);
    assert.deepEqual(bom.syntaxProblems, []);
    assert.deepEqual(bom.termRefs, plain.termRefs);
    assert.equal(where({ range: bom.lines.range(bom.termRefs[0].span) }), '1:13-1:18');
  });
});
