import { distance } from 'fastest-levenshtein';

/**
 * "Did you mean": names a reader would take for the one written. Near misses
 * that count, nearest first:
 *  - the same name in other letter case (ids and rule ids are case-sensitive);
 *  - typos: a small edit distance scaled to the length, a swap of two
 *    neighbouring letters counting as one edit;
 *  - shortened forms: a prefix of the name (`champ` → Champion), an acronym
 *    (`MAP` → Mutual action plan), the start of each word in order
 *    (`econ buyer` → Economic buyer, `missing-why` → tactic-missing-why),
 *    or one whole word of a longer name (`sponsor` → Executive sponsor).
 * Far-off words get nothing: a wrong suggestion is worse than none.
 */
export function suggest(written: string, candidates: Iterable<string>, max = 3): string[] {
  return suggester(candidates)(written, max);
}

interface Candidate {
  name: string;
  normal: string;
  words: string[];
}

/**
 * Prepares candidates once for many look-ups (a rule asking about every
 * unknown reference in a file): each name is normalised and split once.
 */
export function suggester(candidates: Iterable<string>): (written: string, max?: number) => string[] {
  const prepared: Candidate[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    const c = normal(name);
    if (c) prepared.push({ name, normal: c, words: words(c) });
  }
  return (written, max = 3) => {
    const w = normal(written);
    if (!w) return [];
    const ww = words(w);
    const scored: { name: string; score: number }[] = [];
    for (const c of prepared) {
      if (c.name === written) continue;
      const score = nearness(w, ww, c);
      if (score !== undefined) scored.push({ name: c.name, score });
    }
    scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
    return scored.slice(0, max).map((x) => x.name);
  };
}

function normal(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Words of a name: white space, hyphens and underscores separate them (terms and kebab-case ids alike). */
function words(s: string): string[] {
  return s.split(/[\s_-]+/).filter(Boolean);
}

/** Edits a typo may have, by length: short words get one, and only with the right first letter. */
function allowedEdits(length: number): number {
  return length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

/** Lower is nearer; undefined when a reader would not connect the two. */
function nearness(w: string, ww: string[], candidate: Candidate): number | undefined {
  const c = candidate.normal;
  const cw = candidate.words;
  if (w === c) return 0;
  const allowed = allowedEdits(w.length);
  if (allowed > 0 && Math.abs(w.length - c.length) <= allowed) {
    const d = editDistance(w, c, allowed);
    if (d <= allowed && (w.length > 5 || w[0] === c[0])) return d;
  }
  if (w.length >= 3 && c.startsWith(w)) return 1 + (c.length - w.length) / c.length;
  // An acronym: MAP → Mutual action plan.
  if (ww.length === 1 && cw.length >= 2 && w.length === cw.length && /^[a-z]+$/.test(w) && cw.every((x, i) => x[0] === w[i])) return 1.5;
  // The start of each word, in order: "econ buyer" → "economic buyer", "missing-why" → "tactic-missing-why".
  if (ww.length >= 2 && ww.every((x) => x.length >= 2) && wordsInOrder(ww, cw)) return ww.length === cw.length ? 2 : 2.2;
  // A typo in a longer, multi-word name: compare against the same length of the name.
  if (w.length >= 5 && c.length > w.length && cw.length > 1 && editDistance(w, c.slice(0, w.length), 1) <= 1) return 2.5;
  // One whole word of a longer name: "sponsor" → "executive sponsor".
  if (ww.length === 1 && w.length >= 4 && cw.length >= 2 && cw.includes(w)) return 2.8;
  return undefined;
}

/** Each written word is the start of a name word, in the name's order. */
function wordsInOrder(written: string[], name: string[]): boolean {
  let j = 0;
  for (const part of written) {
    while (j < name.length && !name[j].startsWith(part)) j++;
    if (j === name.length) return false;
    j++;
  }
  return true;
}

/**
 * Levenshtein distance where swapping two neighbouring letters is one edit
 * (optimal string alignment). Gives up early past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const plain = distance(a, b);
  if (plain <= 1 || plain > limit + 1) return plain;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(plain, prev[m]);
}
