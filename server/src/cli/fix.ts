import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { applySafeFixes, MAX_FIX_PASSES, safeFixesOf } from '../core/apply-fixes';
import type { LintConfig } from '../core/config';
import { decodeBytes } from '../core/decode';
import type { FileResult } from '../core/types';
import { ProjectTexts } from '../node/lint-texts';
import { readRegularFile } from '../node/read-analysis';

/** One fix applied (or, for --fix-dry-run, that would be): where it starts, in the text it was applied to. */
export interface AppliedFix {
  path: string;
  line: number;
  character: number;
  title: string;
}

export interface FixOutcome {
  applied: AppliedFix[];
  /** Files whose fixes were not written, and why (changed during the run, not writable). */
  skipped: { path: string; reason: string }[];
  /** The fixed files' diagnostics after fixing (in memory), for --fix-dry-run's report. */
  after: FileResult[];
  /** True when the pass bound was reached with fixes still applying. */
  bounded: boolean;
}

interface Original {
  text: string;
  bom: boolean;
}

/** The file's text as the lint reads it (BOM stripped, remembered so a write keeps it), or undefined when unreadable. */
function readOriginal(path: string): Original | undefined {
  try {
    const bytes = readRegularFile(path);
    const decoded = decodeBytes(bytes);
    if (!decoded.ok) return undefined;
    return { text: decoded.text, bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename: a reader never sees half a file; the mode is kept. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.playbook-lint-fix-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    chmodSync(temporary, statSync(path).mode & 0o7777);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The fixes of one project worked out in memory: the texts as read, and as fixed. */
export interface FixPlan extends FixOutcome {
  originals: Map<string, Original>;
  texts: Map<string, string>;
}

/**
 * Applies the safe fixes of the files of one project that have any (per the
 * run's `results`) in memory, to a fixed point: a fix can enable another, and
 * colliding fixes wait for the next pass. Nothing is written.
 */
export function planFixes(config: LintConfig, results: readonly FileResult[]): FixPlan {
  const plan: FixPlan = { applied: [], skipped: [], after: [], bounded: false, originals: new Map(), texts: new Map() };
  for (const r of results) {
    if (!safeFixesOf(r.path, r.diagnostics).length) continue;
    const original = readOriginal(r.path);
    if (original) plan.originals.set(r.path, original);
  }
  if (!plan.originals.size) return plan;
  const texts = plan.texts;
  for (const [path, o] of plan.originals) texts.set(path, o.text);
  const project = new ProjectTexts(config);
  let after = project.lint(texts, plan.originals.keys());
  for (let pass = 0; ; pass++) {
    let changed = false;
    for (const r of after) {
      const step = applySafeFixes(r.path, texts.get(r.path)!, r.diagnostics);
      if (!step.applied.length) continue;
      for (const fix of step.applied) {
        const at = fix.edits[0].range.start;
        plan.applied.push({ path: r.path, line: at.line, character: at.character, title: fix.title });
      }
      texts.set(r.path, step.text);
      changed = true;
    }
    if (!changed) break;
    after = project.lint(texts, plan.originals.keys());
    if (pass + 1 >= MAX_FIX_PASSES) {
      plan.bounded = after.some((r) => safeFixesOf(r.path, r.diagnostics).length > 0);
      break;
    }
  }
  plan.after = after;
  return plan;
}

/**
 * Writes each file the plan changed, but only if its content on disk is still
 * what the plan read: a file that changed during the run is left alone and
 * reported in `skipped`, as is one that cannot be written.
 */
export function writeFixes(plan: FixPlan): void {
  for (const [path, original] of plan.originals) {
    const text = plan.texts.get(path)!;
    if (text === original.text) continue;
    const now = readOriginal(path);
    if (!now || now.text !== original.text || now.bom !== original.bom) {
      plan.skipped.push({ path, reason: 'it changed on disk during the run, so its fixes were not written (run again)' });
      continue;
    }
    try {
      writeAtomically(path, (original.bom ? '\uFEFF' : '') + text);
    } catch (error) {
      plan.skipped.push({ path, reason: `could not write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    }
  }
}
