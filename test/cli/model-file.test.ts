/**
 * How the Node bundles carry and load the coaching checks' language model (esbuild.mjs,
 * server/src/node/nlp-model-file.ts): dist/nlp-model.js holds no large literal for V8's parser to
 * buffer outside the JavaScript heap (its table is dist/nlp-model.json, read in pieces), the bundles do not `require` it (Node would read it into one
 * 4 MB native buffer), its word index comes from a table the build lays out (lexeme-index.ts), and the model
 * loaded their way reads as the one in node_modules does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { lexemeIndex } from '../../server/src/node/lexeme-index';
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
    const original = JSON.parse(readFileSync(require.resolve('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json'), 'utf8'));
    const { lexemeTable, ...shipped } = JSON.parse(table);
    assert.deepEqual(shipped, original);
    // The word index's table (lexeme-index.ts): every word of the list at its place, as wink's own loop gives it.
    const list: string[] = original.features.lexeme.list;
    const index = lexemeIndex(list, new Uint32Array(Uint8Array.from(Buffer.from(lexemeTable, 'base64')).buffer));
    const winks: Record<string, number> = Object.create(null);
    list.forEach((word, place) => {
      winks[word] = place;
    });
    for (const word of list) assert.equal(index[word], winks[word], word);
    for (const word of ['zorblaxian', 'Procurment', '採購', '', 'constructor', '__proto__']) {
      assert.equal(index[word], winks[word], word);
      assert.equal(word in index, word in winks, word);
    }
    index.zorblaxian = list.length;
    assert.equal(index.zorblaxian, list.length);
    assert.ok('zorblaxian' in index);
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
    // Sentences of every kind, twice over: words the model lacks (made up, misspelt, in other scripts) are added
    // to its word index as it reads them (lexeme-index.ts), and the second reading must find them there.
    const sentences = [
      'The economic buyer signs the order form by Friday and we send the deck.',
      "If the CFO doesn't reply within 5 business days, escalate to the champion.",
      'Our VP wants it — that’s how we’ve always done it.',
      'The SE configures the sandbox for the pilot; the reference list is compiled by our team.',
      'Zorblaxian procurment wizzards re-pitch the sign-off to J. Smith (jsmith@example.com) at 09:30 #q3 :-)',
      'Der Einkäufer bestätigt das Budget. 採購部門が予算を承認する。Ο αγοραστής υπογράφει 😀 e-mail',
      'RENEWAL RISK: THE CUSTOMER SUCCESS MANAGER FLAGS CHURN SIGNALS BEFORE THE QBR.',
      'mutual action plan, MAP, M.A.P., mutual-action-plan and mutualactionplan',
    ];
    for (const sentence of [...sentences, ...sentences]) {
      for (const its of ['pos', 'lemma', 'normal', 'shape', 'prefix', 'suffix', 'type', 'negationFlag'] as const) {
        const out = (r: WinkReader) =>
          r
            .readDoc(sentence)
            .tokens()
            .out((r.its as Record<string, unknown>)[its]);
        assert.deepEqual(out(bundled), out(reference), `${its}: ${sentence}`);
      }
    }
  });
});
