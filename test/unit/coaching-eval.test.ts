/**
 * Precision and recall of the coaching checks on the labelled evaluation set
 * in test/coaching-eval/, through the real core (analyzeText → ProjectIndex →
 * lintFile). Fails below precision 0.9 or recall 0.8 on the whole set, or below
 * precision 0.9 on the held-out part (prose written after the rules were final).
 * The figures are printed and recorded in each rule's docs page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { lintMemory, playbookWith, score, type Score } from '../coaching-eval/harness';
import { REPO_ROOT } from '../support/paths';

const DIR = path.join(REPO_ROOT, 'test/coaching-eval');
const MIN_PRECISION = 0.9;
const MIN_RECALL = 0.8;

interface Labelled {
  label: string;
  'held-out'?: boolean;
}
interface Goal extends Labelled {
  text: string;
}
interface Deviation extends Labelled {
  text: string;
}
interface Why extends Labelled {
  tactic: string;
  why: string;
}
interface TermCases {
  vocabulary: string;
  cases: { text: string; expected: string[] }[];
}

function load<T>(file: string): T {
  return parse(readFileSync(path.join(DIR, file), 'utf8')) as T;
}

function fires(playbook: string, ruleId: string): boolean {
  return lintMemory(playbook).diagnostics.some((d) => d.ruleId === ruleId);
}

const figures: string[] = [];

function fmt(s: Score): string {
  return `precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)} (TP ${s.tp}, FP ${s.fp}, FN ${s.fn}, TN ${s.tn})`;
}

function judge<T extends Labelled>(ruleId: string, items: T[], positive: string, negative: string, show: (x: T) => string, playbook: (x: T) => string): void {
  describe(ruleId, () => {
    it('has labels the rule understands', () => {
      for (const x of items) assert.ok(x.label === positive || x.label === negative, `unknown label "${x.label}" on ${show(x)}`);
    });

    const results = items.map((x) => ({ text: show(x), expected: x.label === positive, actual: fires(playbook(x), ruleId), heldOut: !!x['held-out'] }));
    const all = score(results);
    const heldOut = score(results.filter((r) => r.heldOut));
    figures.push(`${ruleId}: all ${items.length}: ${fmt(all)}; held out ${results.filter((r) => r.heldOut).length}: ${fmt(heldOut)}`);

    it(`has precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL} on the whole set`, () => {
      assert.ok(all.precision >= MIN_PRECISION, `precision ${all.precision.toFixed(3)}; false positives:\n  ${all.falsePositives.join('\n  ')}`);
      assert.ok(all.recall >= MIN_RECALL, `recall ${all.recall.toFixed(3)}; missed:\n  ${all.falseNegatives.join('\n  ')}`);
    });

    it(`has precision >= ${MIN_PRECISION} on the held-out examples`, () => {
      assert.ok(heldOut.tp + heldOut.fn > 0, 'the held-out part has positive examples');
      assert.ok(heldOut.precision >= MIN_PRECISION, `held-out precision ${heldOut.precision.toFixed(3)}; false positives:\n  ${heldOut.falsePositives.join('\n  ')}`);
    });
  });
}

describe('coaching checks: evaluation set', () => {
  after(() => {
    console.log(`\n    Measured on test/coaching-eval:\n      ${figures.join('\n      ')}\n`);
  });

  const goals = load<Goal[]>('goals.yaml');
  const deviations = load<Deviation[]>('deviations.yaml');
  const whys = load<Why[]>('whys.yaml');

  it('is as large as the issue asks: 50 goals (half each way), 30 deviations, 24 tactic/why pairs', () => {
    assert.ok(goals.length >= 50, `${goals.length} goals`);
    const activities = goals.filter((g) => g.label === 'activity').length;
    assert.ok(activities >= 25 && goals.length - activities >= 25, `${activities} activities, ${goals.length - activities} outcomes`);
    assert.ok(goals.some((g) => g.label === 'outcome' && /^agree with the /i.test(g.text)), 'imperative outcomes like "Agree with the economic buyer on …"');
    assert.ok(deviations.length >= 30, `${deviations.length} deviations`);
    assert.ok(whys.length >= 24, `${whys.length} pairs`);
  });

  judge('goal-is-activity', goals, 'activity', 'outcome', (g) => g.text, (g) => playbookWith({ goal: g.text }));
  judge('vague-deviation', deviations, 'vague', 'observable', (d) => d.text, (d) => playbookWith({ deviateWhen: d.text }));
  judge('why-restates-tactic', whys, 'restates', 'principle', (w) => `${w.tactic} / ${w.why.trim()}`, (w) => playbookWith({ tactic: w.tactic, why: w.why }));

  describe('unlinked-term', () => {
    const { vocabulary, cases } = load<TermCases>('terms.yaml');
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const c of cases) {
      const run = lintMemory(playbookWith({ tactic: c.text, why: 'x', deviateWhen: 'y' }), { vocabulary });
      const found = run.diagnostics
        .filter((d) => d.ruleId === 'unlinked-term')
        .map((d) => run.playbook.text.slice(run.playbook.lines.offset(d.range.start), run.playbook.lines.offset(d.range.end)));
      const expected = [...c.expected];
      for (const f of found) {
        const i = expected.indexOf(f);
        if (i >= 0) {
          tp++;
          expected.splice(i, 1);
        } else {
          fp++;
          wrong.push(`unexpected "${f}" in: ${c.text}`);
        }
      }
      for (const e of expected) {
        fn++;
        wrong.push(`missed "${e}" in: ${c.text}`);
      }
    }
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 1;
    figures.push(`unlinked-term: ${cases.length} texts, ${tp + fn} mentions: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (TP ${tp}, FP ${fp}, FN ${fn})`);

    it(`has precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL} on labelled mentions`, () => {
      assert.ok(precision >= MIN_PRECISION && recall >= MIN_RECALL, `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}:\n  ${wrong.join('\n  ')}`);
    });
  });
});
