import { decodeBytes } from '../../server/src/core/decode';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/line-index';

describe('LineIndex', () => {
  it('maps offsets to 0-based lines and columns for \\n, \\r\\n and lone \\r line breaks', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 4);
    assert.deepEqual(li.position(0), { line: 0, character: 0 });
    assert.deepEqual(li.position(2), { line: 0, character: 2 }); // the \n itself ends line 0
    assert.deepEqual(li.position(3), { line: 1, character: 0 });
    assert.deepEqual(li.position(5), { line: 1, character: 2 }); // the \r of \r\n
    assert.deepEqual(li.position(7), { line: 2, character: 0 });
    assert.deepEqual(li.position(10), { line: 3, character: 0 });
    assert.deepEqual(li.position(12), { line: 3, character: 2 });
  });

  it('counts columns in UTF-16 code units, as LSP and JS strings do (an emoji is two)', () => {
    const text = 'goal: 🎯 [[x]]';
    const li = new LineIndex(text);
    const at = text.indexOf('[[');
    assert.equal(at, 9);
    assert.deepEqual(li.position(at), { line: 0, character: 9 });
  });

  it('clamps offsets and positions outside the text', () => {
    const li = new LineIndex('ab\ncd');
    assert.deepEqual(li.position(-5), { line: 0, character: 0 });
    assert.deepEqual(li.position(99), { line: 1, character: 2 });
    assert.equal(li.offset({ line: 7, character: 0 }), 5);
    assert.equal(li.offset({ line: 0, character: 99 }), 2); // the end of its own line, as in LSP, not the next line
    assert.equal(li.offset({ line: -1, character: 1 }), 1);
    assert.equal(li.lineStart(1), 3);
    assert.equal(li.lineStart(42), 3);
  });

  it('a column past the end of a \\r\\n line is the end of that line', () => {
    const li = new LineIndex('ab\r\ncd');
    assert.equal(li.offset({ line: 0, character: 99 }), 2);
    assert.equal(li.offset({ line: 1, character: 99 }), 6);
  });

  it('handles the empty text and a trailing line break', () => {
    assert.deepEqual(new LineIndex('').position(0), { line: 0, character: 0 });
    const li = new LineIndex('a\n');
    assert.equal(li.lineCount, 2);
    assert.deepEqual(li.position(2), { line: 1, character: 0 });
  });

  it('range() converts a span', () => {
    const li = new LineIndex('one\ntwo three\n');
    assert.deepEqual(li.range({ start: 8, end: 13 }), { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } });
  });

  it('an offset between the \\r and \\n of a line break is the end of that line (before the \\r)', () => {
    const li = new LineIndex('ab\r\n\r\ncd');
    assert.deepEqual(li.position(3), { line: 0, character: 2 });
    assert.deepEqual(li.position(5), { line: 1, character: 0 }); // an empty CRLF line
    assert.deepEqual(li.range({ start: 4, end: 5 }), { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
  });

  it('range() widens a span that splits a surrogate pair to the whole character', () => {
    const text = 'a😀b😀';
    const li = new LineIndex(text);
    assert.deepEqual(li.range({ start: 2, end: 2 }), { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } });
    assert.deepEqual(li.range({ start: 3, end: 5 }), { start: { line: 0, character: 3 }, end: { line: 0, character: 6 } });
    assert.deepEqual(li.range({ start: 0, end: 1 }), { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  it('offset(position(o)) === o for every offset of any text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '🎯', '\n', '\r', '\r\n', ' '), { maxLength: 40 }).map((parts) => parts.join('')),
        (text) => {
          const li = new LineIndex(text);
          for (let o = 0; o <= text.length; o++) {
            const p = li.position(o);
            // Offsets inside a line break (the \n of \r\n) have no position of their own.
            if (text[o - 1] === '\r' && text[o] === '\n') continue;
            assert.equal(li.offset(p), o, `offset ${o} of ${JSON.stringify(text)}`);
          }
        },
      ),
    );
  });

  it('withoutText answers exactly as the index over the text, and keeps the text only when it must (CR, surrogate pairs)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', '😀', 'é'), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const full = new LineIndex(text);
        const slim = full.withoutText();
        // The same with the text's surrogate pairs known (as decodeBytes tells them for a file's bytes), and as bytes read.
        const toldFull = new LineIndex(text, /[\ud800-\udfff]/.test(text));
        const told = toldFull.withoutText();
        assert.equal(told === toldFull, slim === full, 'told or not, the text is kept in the same cases');
        const decoded = decodeBytes(new TextEncoder().encode(text));
        assert.ok(decoded.ok);
        assert.equal(decoded.surrogatePairs, /[\ud800-\udfff]/.test(text));
        for (let o = 0; o <= text.length + 1; o++) {
          assert.deepEqual(slim.position(o), full.position(o));
          for (let e = o; e <= Math.min(text.length + 1, o + 3); e++) assert.deepEqual(slim.range({ start: o, end: e }), full.range({ start: o, end: e }));
        }
        for (let line = 0; line <= full.lineCount; line++) {
          for (let c = 0; c < 5; c++) assert.equal(slim.offset({ line, character: c }), full.offset({ line, character: c }));
        }
        assert.equal(slim === full, /[\r\ud800-\udfff]/.test(text), 'a copy exactly when the text is LF-only without surrogates');
        for (let o = 0; o <= text.length + 1; o++) {
          assert.deepEqual(told.position(o), full.position(o));
          assert.deepEqual(told.range({ start: o, end: o + 1 }), full.range({ start: o, end: o + 1 }));
        }
      }),
    );
  });
});
