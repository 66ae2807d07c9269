/**
 * Compares the two candidate taggers for the coaching checks on the labelled
 * set (both splits) and on speed: wink-nlp + wink-eng-lite-web-model (what the
 * checks use) and compromise (mapped to the same token interface). Run:
 * `npx tsx scripts/coaching-nlp-compare.ts`. Results are recorded in docs/coaching.md.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { analyzeDeviation, compileDeviation } from '../server/src/core/coaching/deviation';
import { analyzeGoal, compileGoal } from '../server/src/core/coaching/goal';
import { joinHyphenated, type Pos, tokensOf, type Token, useTagger } from '../server/src/core/coaching/nlp';
import { analyzeWhy, compileWhy } from '../server/src/core/coaching/why';

const DIR = path.join(__dirname, '../test/coaching-eval');
type Item = { text?: string; tactic?: string; why?: string; label: string };
const load = (f: string): Item[] => parse(readFileSync(path.join(DIR, f), 'utf8')) as Item[];

const POS_OF: [string, Pos][] = [
  ['Auxiliary', 'AUX'],
  ['Copula', 'AUX'],
  ['Modal', 'AUX'],
  ['Negative', 'PART'],
  ['Determiner', 'DET'],
  ['Possessive', 'PRON'],
  ['Pronoun', 'PRON'],
  ['Preposition', 'ADP'],
  ['Conjunction', 'CCONJ'],
  ['Value', 'NUM'],
  ['Verb', 'VERB'],
  ['Adjective', 'ADJ'],
  ['Adverb', 'ADV'],
  ['ProperNoun', 'PROPN'],
  ['Noun', 'NOUN'],
];

function compromiseTagger(): (text: string) => Token[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nlp = require('compromise');
  return (text) => {
    const doc = nlp(text);
    doc.compute('root');
    const out: Token[] = [];
    let negated = false;
    let at = 0;
    for (const term of doc.json({ offset: true, terms: { offset: true } }).flatMap((s: { terms: unknown[] }) => s.terms) as {
      text: string;
      tags: string[];
      root?: string;
      normal: string;
      offset: { start: number };
    }[]) {
      const tags = new Set(term.tags);
      const pos = POS_OF.find(([t]) => tags.has(t))?.[1] ?? 'X';
      let value = term.text;
      let start = text.indexOf(value, at);
      if (start < 0) start = at;
      const push = (v: string, s: number, p: Pos, lemma: string) =>
        out.push({ text: v, lower: v.toLowerCase(), pos: p, lemma, negated, start: s, end: s + v.length });
      if (pos === 'PART' && tags.has('Negative')) negated = true;
      const possessive = /['’]s$/.exec(value);
      if (possessive && tags.has('Possessive') && pos !== 'PRON') {
        value = value.slice(0, -2);
        push(value, start, 'NOUN', (term.root ?? term.normal).replace(/['’]s$/, ''));
        push("'s", start + value.length, 'PART', "'s");
      } else push(value, start, pos, (term.root ?? term.normal).toLowerCase());
      // a hyphen between two terms becomes its own token, as the checks expect
      const after = text.slice(start + term.text.length, start + term.text.length + 1);
      if (after === '-')
        out.push({ text: '-', lower: '-', pos: 'PUNCT', lemma: '-', negated, start: start + term.text.length, end: start + term.text.length + 1 });
      if (/[.,;:!?]/.test(after)) negated = false;
      at = start + term.text.length;
    }
    return joinHyphenated(text, out);
  };
}

function evaluate(name: string): void {
  const goal = compileGoal();
  const dev = compileDeviation();
  const why = compileWhy();
  const rows: string[] = [];
  let texts = 0;
  const t0 = performance.now();
  for (const split of ['', 'held-out/']) {
    const score = (items: Item[], positive: string, fires: (x: Item) => boolean) => {
      let tp = 0,
        fp = 0,
        fn = 0;
      for (const x of items) {
        texts++;
        const f = fires(x);
        const e = x.label === positive;
        if (f && e) tp++;
        else if (f) fp++;
        else if (e) fn++;
      }
      return `P ${(tp / (tp + fp || 1)).toFixed(2)} R ${(tp / (tp + fn || 1)).toFixed(2)}`;
    };
    const label = split ? 'held-out' : 'tuning';
    rows.push(
      `${name} ${label}: goal ${score(load(`${split}goals.yaml`), 'activity', (x) => !!analyzeGoal(x.text!, goal))}; deviation ${score(load(`${split}deviations.yaml`), 'vague', (x) => !!analyzeDeviation(x.text!, dev))}; why ${score(load(`${split}whys.yaml`), 'restates', (x) => !!analyzeWhy(x.why!, x.tactic, why))}`,
    );
  }
  const evalMs = performance.now() - t0;
  // Speed: distinct sentences, each tagged once (the cache is cleared by useTagger).
  const sentences = [...load('goals.yaml'), ...load('held-out/goals.yaml'), ...load('deviations.yaml'), ...load('held-out/deviations.yaml')].map(
    (x) => x.text!,
  );
  const many = Array.from({ length: 3000 }, (_, i) => `${sentences[i % sentences.length]} ${i}`);
  const t1 = performance.now();
  for (const s of many) tokensOf(s);
  const perSentence = (performance.now() - t1) / many.length;
  console.log(rows.join('\n'));
  console.log(
    `${name}: ${texts} items judged in ${evalMs.toFixed(0)} ms (first load included); tagging ${(perSentence * 1000).toFixed(0)} µs per new sentence`,
  );
}

const t0 = performance.now();
tokensOf('Warm the wink model up.');
console.log(`wink-nlp load + first sentence: ${(performance.now() - t0).toFixed(0)} ms`);
evaluate('wink-nlp');
const t1 = performance.now();
const compromise = compromiseTagger();
compromise('Warm compromise up.');
console.log(`compromise load + first sentence: ${(performance.now() - t1).toFixed(0)} ms`);
useTagger(compromise);
evaluate('compromise');
