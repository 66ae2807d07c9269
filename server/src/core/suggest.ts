import { distance } from 'fastest-levenshtein';

/**
 * "Did you mean": names a reader would take for the one written. Two kinds of
 * near miss count: typos (small edit distance, scaled to length) and
 * shortened forms (a prefix of the name, or of each of its words).
 */
export function suggest(written: string, candidates: Iterable<string>, max = 3): string[] {
  const w = written.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!w) return [];
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    const c = name.toLowerCase().replace(/\s+/g, ' ').trim();
    if (!c || c === w || seen.has(c)) continue;
    seen.add(c);
    const score = nearness(w, c);
    if (score !== undefined) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** Lower is nearer; undefined when a reader would not connect the two. */
function nearness(w: string, c: string): number | undefined {
  const allowed = w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
  const d = distance(w, c);
  if (d <= allowed) return d;
  if (w.length >= 3 && c.startsWith(w)) return 1 + (c.length - w.length) / c.length;
  const ww = w.split(' ');
  const cw = c.split(' ');
  if (ww.length === cw.length && ww.length > 1 && ww.every((part, i) => part.length >= 2 && cw[i].startsWith(part))) return 2;
  // A typo in a longer, multi-word name: compare against the same length of the name.
  if (w.length >= 5 && c.length > w.length && distance(w, c.slice(0, w.length)) <= 1) return 2.5;
  return undefined;
}
