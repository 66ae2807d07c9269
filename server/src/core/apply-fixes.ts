import { LineIndex } from './line-index';
import type { Diagnostic, Fix, TextSpan } from './types';
import { minOf, pushAll } from './arrays';

/**
 * Applying the safe fixes of one file (`playbook-lint --fix`, the editor's
 * `source.fixAll`): one shared definition of what gets applied and how, so the
 * CLI and the editor never disagree. Only fixes marked `safe` by their rule,
 * only edits to this file; every byte outside the edits is kept.
 */

export interface SafeFixResult {
  /** The text after applying; the same string when nothing applied. */
  text: string;
  /** The fixes applied, in text order. */
  applied: Fix[];
}

/** The safe fixes of these diagnostics that edit only `path` (a safe fix never edits another file). */
export function safeFixesOf(path: string, diagnostics: readonly Diagnostic[]): Fix[] {
  const out: Fix[] = [];
  for (const d of diagnostics) {
    if (d.path !== path) continue;
    for (const fix of d.fixes ?? []) {
      if (fix.safe && fix.edits.length > 0 && fix.edits.every((e) => e.path === path)) out.push(fix);
    }
  }
  return out;
}

interface PlannedFix {
  fix: Fix;
  spans: (TextSpan & { newText: string })[];
}

/** Two edits collide when they share a character, or are insertions at the same place (their order would be a guess). */
function overlaps(a: TextSpan, b: TextSpan): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies, in one pass, every safe fix of `path` among `diagnostics` (computed
 * on exactly this `text`) whose edits collide with no fix taken before it, in
 * text order. A fix is taken whole or not at all; the same fix reported twice
 * is applied once. The fixes left out are found again by the next lint.
 */
export function applySafeFixes(path: string, text: string, diagnostics: readonly Diagnostic[]): SafeFixResult {
  const lines = new LineIndex(text);
  const planned: PlannedFix[] = safeFixesOf(path, diagnostics).map((fix) => ({
    fix,
    spans: fix.edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText })),
  }));
  planned.sort((a, b) => minOf(a.spans.map((s) => s.start)) - minOf(b.spans.map((s) => s.start)));
  const taken: PlannedFix[] = [];
  const seen = new Set<string>();
  for (const p of planned) {
    const key = JSON.stringify(p.spans);
    if (seen.has(key)) continue;
    if (p.spans.some((s, i) => p.spans.some((o, j) => i !== j && overlaps(s, o)))) continue;
    if (taken.some((t) => t.spans.some((s) => p.spans.some((o) => overlaps(s, o))))) continue;
    seen.add(key);
    taken.push(p);
  }
  if (!taken.length) return { text, applied: [] };
  const edits = taken.flatMap((t) => t.spans).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied: taken.map((t) => t.fix) };
}

export interface FixedPointResult extends SafeFixResult {
  /** The diagnostics of the final text (what is left to do by hand). */
  remaining: Diagnostic[];
  /** Lint passes that applied something. */
  passes: number;
  /** True when the bound was reached while fixes still applied (fixes that undo each other). */
  bounded: boolean;
}

/** More passes than any real file needs: each pass applies every fix that does not collide. */
export const MAX_FIX_PASSES = 10;

/**
 * Lints, applies the safe fixes, and lints again until no safe fix applies (a
 * fix can make another one possible, or two fixes collided), at most
 * `maxPasses` times. `lint` lints the given text as the file at `path`.
 */
export function fixToFixedPoint(path: string, text: string, lint: (text: string) => Diagnostic[], maxPasses = MAX_FIX_PASSES): FixedPointResult {
  const applied: Fix[] = [];
  let current = text;
  let diagnostics = lint(current);
  for (let pass = 0; pass < maxPasses; pass++) {
    const step = applySafeFixes(path, current, diagnostics);
    if (!step.applied.length) return { text: current, applied, remaining: diagnostics, passes: pass, bounded: false };
    pushAll(applied, step.applied);
    current = step.text;
    diagnostics = lint(current);
  }
  const more = safeFixesOf(path, diagnostics).length > 0;
  return { text: current, applied, remaining: diagnostics, passes: maxPasses, bounded: more };
}
