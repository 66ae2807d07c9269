/**
 * A lint's results must not keep the files' texts alive. V8 stores a substring of 13 or more
 * characters as a slice of its parent, so a message that quotes a tactic, a fix title that names a
 * term, or an id in the project index would each keep its whole file in memory until the run ends
 * (an 80 KB playbook with an em dash is 160 KB of two-byte string). Measured here with the real
 * engine in this thread: big playbooks, each with findings that quote it and ids the index keeps,
 * then the heap once the texts are no longer needed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadSentenceReader } from '../../server/src/core/coaching/nlp';
import { defaultConfig } from '../../server/src/core/config';
import type { FileResult } from '../../server/src/core/types';
import { exportsOf } from '../../server/src/core/project/exports';
import { lintProjectFast } from '../../server/src/node/lint-engine';
import { readAnalysis } from '../../server/src/node/read-analysis';
import { SiteRenderer } from '../../server/src/node/site-renderer';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const FILES = 12;
const TACTICS_PER_FILE = 400;
/** A why of about 5,000 characters: the texts are big, the findings per file stay under the cap of 1,000. */
const WHY = 'Buyers trust numbers they produced themselves, and a dated next step keeps the deal moving. '.repeat(55);

/** A playbook of about 2 MB with an em dash in it (stored at two bytes a character: 4 MB), and two findings in every tactic. */
function playbook(n: number): string {
  const lines = [
    `playbook: Big playbook ${n}`,
    'summary: Long — on purpose.',
    'stages:',
    `  - id: stage-${n}`,
    '    name: Stage',
    '    goal: The buyer agrees the plan.',
    '    tactics:',
  ];
  for (let t = 0; t < TACTICS_PER_FILE; t++) {
    lines.push(`      - id: tactic-number-${n}-${t}-with-a-long-id`);
    lines.push(`        tactic: Ask the buyer about the [[undefined thing ${t % 50}]] in their own words — every time.`);
    lines.push(`        why: ${WHY}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a lint does not keep the texts of the files it read', () => {
  let dir: string;
  let texts: string[];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'retained-texts-'));
    mkdirSync(path.join(dir, 'playbooks'));
    mkdirSync(path.join(dir, 'vocabulary'));
    writeFileSync(
      path.join(dir, 'vocabulary/sales.vocabulary.yaml'),
      'terms:\n  - term: economic buyer\n    definition: The person who releases the budget.\n',
    );
    texts = Array.from({ length: FILES }, (_, n) => playbook(n));
    texts.forEach((text, n) => writeFileSync(path.join(dir, `playbooks/big-${n}.playbook.yaml`), text));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the results in far less memory than the texts (one thread, every rule at its default)', async function () {
    this.timeout(120_000);
    loadSentenceReader(); // the coaching rules' language model is the process's, loaded once whatever the files hold
    gc();
    const before = process.memoryUsage().heapUsed;
    const results: FileResult[] = await lintProjectFast(defaultConfig(dir), undefined, { threads: 1 });
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    const findings = results.reduce((n, r) => n + r.diagnostics.length, 0);
    // Every tactic has no deviate-when and an undefined term: messages and fix titles quote the file's words.
    assert.ok(findings >= FILES * TACTICS_PER_FILE * 2, `${findings} findings`);
    const textBytes = texts.reduce((n, t) => n + 2 * t.length, 0); // each text at two bytes a character
    // The results themselves (about 10,000 findings with their fixes) take some 15 MB, the texts 50 MB; kept, 60 MB.
    assert.ok(kept < textBytes / 2, `the results keep ${(kept / 1e6).toFixed(0)} MB of heap; the texts were ${(textBytes / 1e6).toFixed(0)} MB`);
  });

  it("a render's first phase keeps neither (what a thread holds of each playbook until its page is written)", async function () {
    this.timeout(120_000);
    // Playbooks as writers make them: a folded why per tactic that names a term no vocabulary defines.
    const render = path.join(dir, 'render');
    mkdirSync(path.join(render, 'playbooks'), { recursive: true });
    const whyLines = Array.from(
      { length: 100 },
      () => '          Buyers trust numbers they produced themselves — and a dated next step keeps the deal moving.',
    );
    const small = Array.from({ length: 60 }, (_, n) => {
      const lines = [`playbook: Playbook ${n}`, 'stages:', `  - id: stage-${n}`, '    name: Stage', '    goal: The buyer agrees the plan.', '    tactics:'];
      for (let t = 0; t < 40; t++) {
        lines.push(`      - id: tactic-${n}-${t}`, '        tactic: Ask the buyer.', '        deviate-when: ["The buyer says no."]', '        why: >');
        lines.push(`          The [[undefined thing ${t}]] matters.`, ...whyLines);
      }
      return `${lines.join('\n')}\n`;
    });
    const files = small.map((text, n) => {
      const file = path.join(render, `playbooks/p-${n}.playbook.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const config = defaultConfig(render);
    const vocabulary = exportsOf(readAnalysis(path.join(dir, 'vocabulary/sales.vocabulary.yaml'), 'vocabulary'));
    gc();
    const before = process.memoryUsage().heapUsed;
    const renderer = new SiteRenderer((file) => readAnalysis(file, 'playbook'));
    const drafted = renderer.analyze({ config, vocabularyInScope: null, vocabularies: [vocabulary], files, wanted: null, options: {} });
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    // Each playbook's health lists the names no vocabulary defines, its page's see-also slots, exports and
    // findings: all of it cut from the text, none of it may hold the text.
    assert.ok(drafted.health.every((h) => h.termsUndefined.length === 40));
    const textBytes = small.reduce((n, t) => n + 2 * t.length, 0);
    assert.ok(kept < textBytes / 2, `phase 1 keeps ${(kept / 1e6).toFixed(0)} MB of heap; the texts were ${(textBytes / 1e6).toFixed(0)} MB`);
    renderer.handOver([]); // the renderer and what it gave back stay alive until here
  });
});
