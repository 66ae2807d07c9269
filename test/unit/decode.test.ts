import assert from 'node:assert/strict';
import { analyzeBytes } from '../../server/src/core/analyze';
import { decodeBytes, textProblem } from '../../server/src/core/decode';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));

describe('decoding bytes', () => {
  it('decodes UTF-8 and strips a byte order mark', () => {
    assert.deepEqual(decodeBytes(bytes([0xef, 0xbb, 0xbf], 'a: é')), { ok: true, text: 'a: é', surrogatePairs: false });
  });

  it('says whether the text holds a character beyond U+FFFF (a surrogate pair), wherever it is', () => {
    for (const [text, pairs] of [
      ['a: é — ok', false],
      ['😀 first', true],
      ['last 𝄞', true],
      ['a: 中文 and 日本語', false],
    ] as const) {
      const d = decodeBytes(bytes(text));
      assert.ok(d.ok);
      assert.equal(d.surrogatePairs, pairs, text);
    }
  });

  it('calls a file with a NUL byte binary', () => {
    const d = decodeBytes(bytes('PK', [3, 4, 0, 0]));
    assert.equal(d.ok, false);
    assert.match(!d.ok ? d.message : '', /^This looks like a binary file, not text \(it holds a NUL byte at byte 4\)/);
  });

  it('names UTF-16 as such', () => {
    const d = decodeBytes(bytes([0xff, 0xfe], [0x61, 0, 0x3a, 0]));
    assert.match(!d.ok ? d.message : '', /saved as UTF-16 text/);
  });

  it('says where the first bad byte is for Latin-1 text', () => {
    const d = decodeBytes(bytes('playbook: ok\nsummary: Caf', [0xe9], '\n'));
    assert.equal(d.ok, false);
    assert.match(!d.ok ? d.message : '', /the first bad byte, 0xE9, is on line 2, byte 25\).*Re-save it with UTF-8 encoding$/);
  });

  it('rejects overlong forms and surrogates, and finds them', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      const d = decodeBytes(bytes('ab', bad));
      assert.equal(d.ok, false, JSON.stringify(bad));
      assert.match(!d.ok ? d.message : '', /byte 2\)/, JSON.stringify(bad));
    }
  });

  it('an undecodable file is one yaml-syntax problem at 1:1 and nothing else', () => {
    const a = analyzeBytes('/p/x.playbook.yaml', 'playbook', bytes('playbook: ', [0xff, 0xfe, 0xfd]));
    assert.equal(a.syntaxProblems.length, 1);
    assert.equal(a.syntaxProblems[0].unreadable, true);
    assert.deepEqual(a.syntaxProblems[0].span, { start: 0, end: 0 });
    assert.deepEqual(a.schemaProblems, []);
  });
});

describe('text that arrives as text (an open document)', () => {
  it('gets the problem its bytes would get: a NUL at the same byte offset, a lone surrogate named', () => {
    const text = 'playbook: é\0\n';
    const fromBytes = decodeBytes(new TextEncoder().encode(text));
    assert.equal(fromBytes.ok, false);
    assert.equal(textProblem(text), (fromBytes as { message: string }).message);
    assert.match(textProblem('playbook: P\nstages: x\uD800\n') ?? '', /lone UTF-16 surrogate \(U\+D800, line 2\)/);
    assert.equal(textProblem('playbook: 😀\r\n'), undefined);
  });
});
