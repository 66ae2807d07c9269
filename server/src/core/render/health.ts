import type { FileAnalysis, TacticModel } from '../model/model';
import type { TermEntry } from '../project/exports';
import type { ProjectIndex } from '../project/project-index';
import { RULES } from '../rules';
import { byPosition } from '../lint';
import type { Diagnostic } from '../types';
import { PlacedProblems } from './problems';

/** The judgement rules (those with an explanation): their findings are the coaching findings. */
const COACHING_RULES = new Set(RULES.filter((r) => r.explanation).map((r) => r.id));

export interface PlaybookHealth {
  path: string;
  title: string;
  stages: number;
  tactics: number;
  /** Tactics whose why has text and draws no why-restates-tactic finding. */
  realWhy: number;
  /** Tactics with at least one deviate-when entry and no vague-deviation finding. */
  observableDeviation: number;
  /** Findings of the coaching rules, in file order. */
  coaching: Diagnostic[];
  counts: { error: number; warning: number; info: number };
  /** Vocabulary terms the playbook references (canonical names, sorted). */
  termsUsed: string[];
  /** [[names]] that resolve to no term (sorted, once each). */
  termsUndefined: string[];
}

/** A file that could not be read or parsed: listed with its problems, no page. */
export interface BrokenFile {
  path: string;
  problems: Diagnostic[];
}

export interface ProjectHealth {
  playbooks: PlaybookHealth[];
  broken: BrokenFile[];
  /** Terms of the vocabularies in scope, and those no playbook references. */
  terms: string[];
  unusedTerms: string[];
}

/** True when a file has syntax problems: its model is empty or partial, so it gets no page. */
export function isBroken(file: FileAnalysis): boolean {
  return file.syntaxProblems.length > 0;
}

/**
 * The health of one playbook, from its model and the lint's findings on it
 * (with the project's config: a rule turned off finds nothing, so it does not
 * lower the shares).
 */
export function playbookHealth(index: ProjectIndex, file: FileAnalysis, diagnostics: readonly Diagnostic[], title: string): PlaybookHealth {
  const h: PlaybookHealth = {
    path: file.path,
    title,
    stages: 0,
    tactics: 0,
    realWhy: 0,
    observableDeviation: 0,
    coaching: [],
    counts: { error: 0, warning: 0, info: 0 },
    termsUsed: [],
    termsUndefined: [],
  };
  for (const d of diagnostics) {
    h.counts[d.severity]++;
    if (COACHING_RULES.has(d.ruleId)) h.coaching.push(d);
  }
  // Only these two rules' findings lower the shares: placing just them skips placing every other finding.
  const placed = new PlacedProblems(
    file,
    diagnostics.filter((d) => d.ruleId === 'why-restates-tactic' || d.ruleId === 'vague-deviation'),
  );
  const found = (tactic: TacticModel, ruleId: string) => placed.of(tactic).some((d) => d.ruleId === ruleId);
  if (file.model.kind === 'playbook') {
    h.stages = file.model.stages.length;
    for (const stage of file.model.stages) {
      for (const tactic of stage.tactics) {
        h.tactics++;
        if (tactic.why?.value?.value.trim() && !found(tactic, 'why-restates-tactic')) h.realWhy++;
        if (tactic.deviateWhen?.value.some((d) => d.value.trim()) && !found(tactic, 'vague-deviation')) h.observableDeviation++;
      }
    }
  }
  const used = new Set<string>();
  const undefinedNames = new Set<string>();
  // A playbook references a few dozen terms 90 times on average: each key looked up once.
  const defined = new Map<string, boolean>();
  for (const ref of file.termRefs) {
    let isDefined = defined.get(ref.key);
    if (isDefined === undefined) {
      const entry = index.lookupTerm(ref.key);
      isDefined = entry !== undefined;
      defined.set(ref.key, isDefined);
      if (entry) used.add(entry.term);
    }
    if (!isDefined) undefinedNames.add(ref.name);
  }
  h.termsUsed = inOrder(index, used);
  h.termsUndefined = sortedText(undefinedNames);
  return h;
}

/** A playbook's health with findings that came later (the project rules'): counted, and coaching ones listed in file order. */
export function addFindings(health: PlaybookHealth, later: readonly Diagnostic[]): void {
  if (later.length === 0) return;
  for (const d of later) {
    health.counts[d.severity]++;
    if (COACHING_RULES.has(d.ruleId)) health.coaching.push(d);
  }
  health.coaching.sort(byPosition);
}

/** Terms in scope and the ones no playbook references, by name. */
export function termUsage(index: ProjectIndex): { terms: string[]; unusedTerms: string[] } {
  const terms: string[] = [];
  const unusedTerms: string[] = [];
  for (const v of index.vocabularies()) {
    for (const t of v.terms) {
      if (t.isAlias) continue;
      terms.push(t.term);
      if (index.playbookUses(t.termKey).length === 0) unusedTerms.push(t.term);
    }
  }
  return { terms: sortedText(terms), unusedTerms: sortedText(unusedTerms) };
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

/**
 * The terms' names of `used` (each a name of the index's terms) in sortedText's order: the order of all of them,
 * sorted once per term table, filtered (a site's playbooks each use a few dozen of the same terms).
 */
const termOrders = new WeakMap<ReadonlyMap<string, readonly TermEntry[]>, string[]>();
function inOrder(index: ProjectIndex, used: ReadonlySet<string>): string[] {
  const table = index.terms();
  let order = termOrders.get(table);
  if (!order) {
    const names = new Set<string>();
    for (const list of table.values()) for (const t of list) names.add(t.term);
    termOrders.set(table, (order = sortedText(names)));
  }
  return order.filter((name) => used.has(name));
}

/** By lowercase text, then by text: each text lowered once, not at every comparison. */
function sortedText(texts: Iterable<string>): string[] {
  const keyed = Array.from(texts, (text) => ({ text, lower: text.toLowerCase() }));
  keyed.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return keyed.map((k) => k.text);
}
