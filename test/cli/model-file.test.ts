/**
 * How the Node bundles carry and load the coaching checks' language model (esbuild.mjs,
 * server/src/node/nlp-model-file.ts): dist/nlp-model.js holds no large literal for V8's parser to
 * buffer outside the JavaScript heap (its table is dist/nlp-model.json, read in pieces), the bundles do not `require` it (Node would read it into one
 * 4 MB native buffer), and the model loaded their way reads as the one in node_modules does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { loadCommonJs } from '../../server/src/node/nlp-model-file';
import { REPO_ROOT } from '../support/paths';

/** What the test reads of a reader (the coaching checks read the same: core/coaching/nlp.ts). */
type WinkReader = { readDoc(text: string): { tokens(): { out(its?: unknown): unknown[] } }; its: { pos: unknown; lemma: unknown } };

const DIST = path.join(REPO_ROOT, 'dist');
const LONGEST_LITERAL = 64 * 1024;

/** The longest stretch of the file without a quote of any kind: an upper bound on its literals' lengths. */
function longestUnquoted(text: string): number {
  let longest = 0;
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === text.length || c === 0x22 || c === 0x27 || c === 0x60) {
      longest = Math.max(longest, i - from);
      from = i + 1;
    }
  }
  return longest;
}

describe('the language model in the Node bundles', () => {
  it('dist/nlp-model.js has no literal over 64 KB; its table is dist/nlp-model.json, in ASCII, read in 64 KB pieces', () => {
    const model = readFileSync(path.join(DIST, 'nlp-model.js'), 'utf8');
    assert.ok(longestUnquoted(model) < LONGEST_LITERAL, `a stretch of ${longestUnquoted(model)} characters`);
    assert.match(model, /"nlp-model\.json"/);
    assert.match(model, /allocUnsafeSlow\(65536\)/, 'read into one 64 KB buffer, piece by piece');
    assert.doesNotMatch(model, /readFileSync/, 'never into one buffer the size of the file');
    const table = readFileSync(path.join(DIST, 'nlp-model.json'), 'latin1');
    assert.ok(table.length > 2_900_000, 'the table is in its file');
    assert.doesNotMatch(table, /[^\x00-\x7f]/, 'ASCII: read as latin1, one byte a character');
    assert.deepEqual(
      JSON.parse(table),
      JSON.parse(readFileSync(require.resolve('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json'), 'utf8')),
    );
  });

  for (const bundle of ['cli.js', 'server.js', 'lint-worker.js']) {
    it(`dist/${bundle} reads dist/nlp-model.js in pieces instead of requiring it`, () => {
      const code = readFileSync(path.join(DIST, bundle), 'utf8');
      assert.doesNotMatch(code, /require\(["']\.\/nlp-model(\.js)?["']\)/);
      assert.match(code, /"nlp-model\.js"/);
    });
  }

  it('loaded in pieces, tags sentences as the model in node_modules does', () => {
    const { createReader } = loadCommonJs(path.join(DIST, 'nlp-model.js')) as { createReader: () => WinkReader };
    const bundled = createReader();
    const reference = winkNLP(model, ['pos', 'negation']) as unknown as WinkReader;
    for (const sentence of [
      'The economic buyer signs the order form by Friday and we send the deck.',
      "If the CFO doesn't reply within 5 business days, escalate to the champion.",
      'Our VP wants it — that’s how we’ve always done it.',
    ]) {
      const tags = (r: WinkReader) => r.readDoc(sentence).tokens().out(r.its.pos);
      const lemmas = (r: WinkReader) => r.readDoc(sentence).tokens().out(r.its.lemma);
      assert.deepEqual(tags(bundled), tags(reference), sentence);
      assert.deepEqual(lemmas(bundled), lemmas(reference), sentence);
    }
  });
});
