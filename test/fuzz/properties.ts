/**
 * The properties every input must satisfy, shared by `npm test` (a few hundred
 * cases) and `npm run fuzz` (as many as asked for):
 *
 *  - analysing, indexing and linting a small in-memory project never throws and
 *    takes at most CASE_TIME_LIMIT_MS;
 *  - every diagnostic (and related location) lies inside its file: 0 ≤ line <
 *    lineCount, character ≤ that line's length in UTF-16 code units, start ≤
 *    end, never inside a CRLF pair or a surrogate pair;
 *  - every fix edit lies inside its target file; a fix's edits do not overlap;
 *    applying them changes only their target span (a replacement in the
 *    diagnostic's file replaces the diagnostic's own text or an empty value;
 *    every insertion is whole lines or inside the diagnostic), keeps every
 *    comment (found through the yaml CST), and leaves a file that had no YAML
 *    errors without YAML errors.
 *
 * The project is samples/acme (its vocabulary and config) with the mutated file
 * in place of, or next to, the original.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { Parser } from 'yaml';
import { analyzeBytes, analyzeText } from '../../server/src/core/analyze';
import { configFromAnalysis, defaultConfig, type LintConfig } from '../../server/src/core/config';
import { lintFile } from '../../server/src/core/lint';
import type { FileAnalysis } from '../../server/src/core/model/model';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { RULES } from '../../server/src/core/rules';
import type { Diagnostic, FileKind, Fix, Position, Range, TextEdit } from '../../server/src/core/types';
import { applyByteMutations, applyMutations, fuzzCaseArbitrary, loadSamples, type FuzzCase, type Sample } from './mutations';

export const CASE_TIME_LIMIT_MS = 2000;
export const PROJECT_ROOT = '/fuzz-project';
const BASE_PROJECT = 'acme/';

/** One file to check: a sample's place in the project and its damaged content. */
export interface Input {
  rel: string;
  kind: FileKind;
  text?: string;
  bytes?: Uint8Array;
}

export class PropertyViolation extends Error {
  override name = 'PropertyViolation';
}

function fail(message: string): never {
  throw new PropertyViolation(message);
}

/** Where a sample lives in the in-memory project: acme files in place, others beside them. */
export function projectPath(rel: string): string {
  return rel.startsWith(BASE_PROJECT) ? `${PROJECT_ROOT}/${rel.slice(BASE_PROJECT.length)}` : `${PROJECT_ROOT}/other/${rel}`;
}

function sampleByRel(rel: string): Sample {
  const s = loadSamples().find((x) => x.rel === rel);
  if (!s) throw new Error(`unknown sample ${rel}`);
  return s;
}

export function materialize(c: FuzzCase): Input {
  const sample = sampleByRel(c.sample);
  const text = applyMutations(sample.text, c.mutations);
  return c.bytes?.length ? { rel: sample.rel, kind: sample.kind, bytes: applyByteMutations(text, c.bytes) } : { rel: sample.rel, kind: sample.kind, text };
}

// --- the base project ---------------------------------------------------------------------

interface Base {
  analyses: Map<string, FileAnalysis>;
  configPath: string;
}

let base: Base | undefined;

function baseProject(): Base {
  if (!base) {
    const analyses = new Map<string, FileAnalysis>();
    let configPath = '';
    for (const s of loadSamples()) {
      if (!s.rel.startsWith(BASE_PROJECT)) continue;
      const p = projectPath(s.rel);
      analyses.set(p, analyzeText(p, s.kind, s.text));
      if (s.kind === 'config') configPath = p;
    }
    if (!configPath) throw new Error('samples/acme has no .playbook-lint.yaml');
    base = { analyses, configPath };
  }
  return base;
}

/** Rules that are off by default still run in the fuzzer: every check is exercised. */
function everyRuleOn(config: LintConfig): LintConfig {
  const rules = { ...config.rules };
  for (const rule of RULES) {
    const setting = rules[rule.id];
    if ((setting?.severity ?? rule.defaultSeverity) === 'off') rules[rule.id] = { settings: setting?.settings ?? {}, severity: 'info' };
  }
  return { ...config, rules };
}

export interface Project {
  files: Map<string, FileAnalysis>;
  index: ProjectIndex;
  config: LintConfig;
  diagnostics: Map<string, Diagnostic[]>;
}

/** Analyse (the changed files), index, lint every file. Throws whatever the core throws. */
export function runProject(overrides: Map<string, FileAnalysis>, lintOnly?: ReadonlySet<string>): Project {
  const { analyses, configPath } = baseProject();
  const files = new Map(analyses);
  for (const [p, a] of overrides) files.set(p, a);
  const configAnalysis = files.get(configPath)!;
  const fromFile = configFromAnalysis(PROJECT_ROOT, configAnalysis);
  const config = everyRuleOn(fromFile.problems.length ? defaultConfig(PROJECT_ROOT) : fromFile.config);
  // A config that itself was damaged: loading it must not throw either, whatever it holds.
  for (const a of overrides.values()) if (a.kind === 'config' && a.path !== configPath) configFromAnalysis(PROJECT_ROOT, a);
  const index = new ProjectIndex(() => true);
  for (const a of files.values()) if (a.kind !== 'config') index.set(exportsOf(a));
  const diagnostics = new Map<string, Diagnostic[]>();
  for (const [p, a] of files) if (!lintOnly || lintOnly.has(p)) diagnostics.set(p, lintFile(a, index, config));
  return { files, index, config, diagnostics };
}

// --- positions --------------------------------------------------------------------------------

/** LSP's view of a text: line starts and each line's length without its terminator. */
export class Lines {
  readonly starts: number[] = [0];
  readonly lengths: number[] = [];

  constructor(readonly text: string) {
    const re = /\r\n|\r|\n/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      this.lengths.push(m.index - last);
      last = m.index + m[0].length;
      this.starts.push(last);
    }
    this.lengths.push(text.length - last);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset of a position that has been checked to be inside the text. */
  offset(p: Position): number {
    return this.starts[p.line] + p.character;
  }
}

function show(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function checkPosition(lines: Lines, p: Position, what: string): void {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) fail(`${what}: position ${JSON.stringify(p)} is not integral`);
  if (p.line < 0 || p.line >= lines.lineCount) fail(`${what}: line ${p.line} is outside the file (${lines.lineCount} lines)`);
  if (p.character < 0 || p.character > lines.lengths[p.line])
    fail(`${what}: character ${p.character} is outside line ${p.line} (length ${lines.lengths[p.line]})`);
  const o = lines.offset(p);
  if (o > 0 && o < lines.text.length && isHigh(lines.text.charCodeAt(o - 1)) && isLow(lines.text.charCodeAt(o))) {
    fail(`${what}: position ${p.line}:${p.character} splits a surrogate pair`);
  }
}

/** Inside the text, start ≤ end, not splitting a line break or a surrogate pair. Returns offsets. */
export function checkRange(lines: Lines, r: Range, what: string): { start: number; end: number } {
  checkPosition(lines, r.start, `${what} ${show(r)} start`);
  checkPosition(lines, r.end, `${what} ${show(r)} end`);
  const start = lines.offset(r.start);
  const end = lines.offset(r.end);
  if (start > end) fail(`${what}: range ${show(r)} ends before it starts`);
  return { start, end };
}

// --- comments through the CST ----------------------------------------------------------------

export interface CstComment {
  start: number;
  end: number;
  source: string;
}

/** Every `#` comment token of the yaml CST (iterative: nesting depth is untrusted). */
export function cstComments(text: string): CstComment[] {
  const out: CstComment[] = [];
  const stack: unknown[] = Array.from(new Parser().parse(text));
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    const token = node as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ start: token.offset, end: token.offset + token.source.length, source: token.source });
      continue;
    }
    for (const key of ['start', 'key', 'sep', 'value', 'items', 'props', 'end'] as const) {
      const child = (node as Record<string, unknown>)[key];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function countBy(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

// --- fixes --------------------------------------------------------------------------------------

/** A value a stub may overwrite: after its `:`, nothing but blanks, empty quotes, null or a bare block header. */
function isEmptyValueText(removed: string): boolean {
  const rest = removed.replace(/^:/, '');
  // An anchor with nothing after it (`why: &a`) is an empty value too: "Fill in the empty why" replaces it (see core.fuzz.test.ts).
  return /^\s*(?:&[^\s,[\]{}]+\s*)?(?:""|''|"\s*"|'\s*'|null|Null|NULL|~|[|>][1-9]?[+-]?|[|>][+-]?[1-9]?)?\s*$/.test(rest);
}

interface Placed {
  edit: TextEdit;
  start: number;
  end: number;
}

export function applyEdits(text: string, placed: Placed[]): string {
  let out = '';
  let at = 0;
  for (const p of placed) {
    out += text.slice(at, p.start) + p.edit.newText;
    at = p.end;
  }
  return out + text.slice(at);
}

function checkFix(project: Project, d: Diagnostic, fix: Fix, what: string): void {
  if (!fix.edits.length) fail(`${what}: a fix with no edits`);
  const byPath = new Map<string, TextEdit[]>();
  const fixed = new Map<string, FileAnalysis>();
  for (const e of fix.edits) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
  const dLines = new Lines(project.files.get(d.path)!.text);
  const dSpan = { start: dLines.offset(d.range.start), end: dLines.offset(d.range.end) };
  for (const [p, edits] of byPath) {
    const file = project.files.get(p);
    if (!file) fail(`${what}: edits ${p}, which is not a file of the project`);
    const text = file.text;
    const lines = new Lines(text);
    const placed = edits
      .map((edit, k) => ({ edit, k, ...checkRange(lines, edit.range, `${what} edit ${k} on ${p}`) }))
      .sort((a, b) => a.start - b.start || a.end - b.end || a.k - b.k);
    for (let k = 1; k < placed.length; k++) {
      if (placed[k].start < placed[k - 1].end) fail(`${what}: edits ${show(placed[k - 1].edit.range)} and ${show(placed[k].edit.range)} overlap`);
    }
    const comments = cstComments(text);
    for (const e of placed) {
      const removed = text.slice(e.start, e.end);
      const inDiagnostic = p === d.path && e.start >= dSpan.start && e.end <= dSpan.end;
      if (e.start < e.end) {
        // A replacement touches only the diagnostic's own text, or an empty value a stub fills.
        if (!inDiagnostic && !(p === d.path && isEmptyValueText(removed))) {
          fail(`${what}: replaces ${JSON.stringify(removed)} at ${show(e.edit.range)}, outside the diagnostic's span ${show(d.range)}`);
        }
      } else if (!inDiagnostic && e.start !== 0 && e.start !== text.length && !/[\r\n]/.test(text[e.start - 1])) {
        // An insertion elsewhere adds whole lines.
        fail(`${what}: inserts ${JSON.stringify(e.edit.newText)} in the middle of line ${e.edit.range.start.line}`);
      }
      for (const c of comments) {
        const touches = e.start < e.end ? e.start < c.end && e.end > c.start : e.start > c.start && e.start < c.end;
        if (touches) fail(`${what}: edit ${show(e.edit.range)} touches the comment ${JSON.stringify(c.source)}`);
      }
    }
    const result = applyEdits(text, placed);
    // Outside the edited spans the text is byte-identical: re-derive each gap from the result.
    let from = 0;
    let shift = 0;
    for (const e of placed) {
      if (result.slice(from + shift, e.start + shift) !== text.slice(from, e.start)) fail(`${what}: text before ${show(e.edit.range)} changed`);
      shift += e.edit.newText.length - (e.end - e.start);
      from = e.end;
    }
    if (result.slice(from + shift) !== text.slice(from)) fail(`${what}: text after the last edit changed`);

    const before = countBy(comments.map((c) => c.source));
    const after = countBy(cstComments(result).map((c) => c.source));
    for (const [source, n] of before) {
      if ((after.get(source) ?? 0) < n) fail(`${what}: the comment ${JSON.stringify(source)} is gone after the fix (${JSON.stringify(fix.title)})`);
    }
    const reparsed = analyzeText(p, file.kind, result);
    if (file.syntaxProblems.length === 0 && reparsed.syntaxProblems.length) {
      fail(
        `${what}: ${JSON.stringify(fix.title)} turns valid YAML into invalid YAML: ${reparsed.syntaxProblems[0].message}\n--- result ---\n${excerpt(result, placed[0].start)}`,
      );
    }
    fixed.set(p, reparsed);
  }
  // The fix does what it says: on a file that parsed, the problem it fixes is reported less in that file
  // (the same rule with the same message). What the fix reveals is another problem: a stub ("TODO: …")
  // is then reported as a placeholder, and a renamed key's value is judged by what the key expects.
  if ([...byPath.keys()].every((p) => project.files.get(p)!.syntaxProblems.length === 0)) {
    const after = runProject(new Map([...overridesOf(project), ...fixed]), new Set([d.path]));
    const count = (diagnostics: Diagnostic[] | undefined) => (diagnostics ?? []).filter((x) => x.ruleId === d.ruleId && x.message === d.message).length;
    if (count(after.diagnostics.get(d.path)) >= count(project.diagnostics.get(d.path))) {
      fail(`${what}: after applying ${JSON.stringify(fix.title)}, ${d.ruleId} still reports as much in ${d.path}`);
    }
  }
}

/** The files of a project that differ from the base project. */
function overridesOf(project: Project): Map<string, FileAnalysis> {
  const { analyses } = baseProject();
  return new Map([...project.files].filter(([p, a]) => analyses.get(p) !== a));
}

function excerpt(text: string, at: number): string {
  const from = Math.max(0, text.lastIndexOf('\n', Math.max(0, at - 200)));
  return text.slice(from, at + 300);
}

// --- one case -------------------------------------------------------------------------------------

export interface CaseResult {
  ms: number;
  diagnostics: number;
  fixes: number;
}

/** Runs the whole pipeline on one input and checks every property; throws PropertyViolation (or the core's own error). */
export function checkInput(input: Input, timeLimitMs = CASE_TIME_LIMIT_MS): CaseResult {
  const p = projectPath(input.rel);
  // CPU time, not wall time: other processes on a busy machine must not fail a case, a loop must.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const analysis = input.bytes ? analyzeBytes(p, input.kind, input.bytes) : analyzeText(p, input.kind, input.text ?? '');
  const project = runProject(new Map([[p, analysis]]));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (cpuMs > timeLimitMs) fail(`analysing and linting took ${Math.round(cpuMs)} ms of CPU (${Math.round(ms)} ms wall; limit ${timeLimitMs} ms)`);

  let diagnostics = 0;
  let fixes = 0;
  const linesOf = new Map<string, Lines>();
  const lines = (path: string): Lines => {
    let l = linesOf.get(path);
    if (!l) {
      const f = project.files.get(path);
      if (!f) fail(`a location names ${path}, which is not a file of the project`);
      l = new Lines(f.text);
      linesOf.set(path, l);
    }
    return l;
  };
  for (const [path, list] of project.diagnostics) {
    for (const d of list) {
      diagnostics++;
      const what = `${d.ruleId} on ${path} at ${show(d.range)} ("${d.message.slice(0, 80)}")`;
      if (d.path !== path) fail(`${what}: diagnostic path ${d.path} differs from the linted file`);
      checkRange(lines(path), d.range, what);
      for (const r of d.related ?? []) checkRange(lines(r.location.path), r.location.range, `${what} related ${r.location.path}`);
      (d.fixes ?? []).forEach((fix, k) => {
        fixes++;
        checkFix(project, d, fix, `${what} fix ${k} "${fix.title}"`);
      });
    }
  }
  return { ms, diagnostics, fixes };
}

// --- fast-check wiring ----------------------------------------------------------------------------

export interface FuzzOptions {
  runs: number;
  seed?: number;
  path?: string;
  /** Called after each case that passed (progress reporting). */
  onCase?: (n: number, result: CaseResult) => void;
  /** Called before each case with the case as JSON (so a case that hangs can be named). */
  onStart?: (input: string) => void;
}

export function newSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

export function reproduceCommand(seed: number, path: string | null | undefined): string {
  return `npm run fuzz -- --seed ${seed}${path ? ` --path "${path}"` : ''}`;
}

/** The property over mutated samples. */
export function fuzzProperty(onCase?: FuzzOptions['onCase'], onStart?: FuzzOptions['onStart']): fc.IPropertyWithHooks<[FuzzCase]> {
  let n = 0;
  return fc.property(fuzzCaseArbitrary(), (c) => {
    onStart?.(JSON.stringify(c));
    const result = checkInput(materialize(c));
    onCase?.(++n, result);
  });
}

export interface FuzzOutcome {
  failed: boolean;
  seed: number;
  numRuns: number;
  report: string;
  counterexample?: FuzzCase;
  path?: string | null;
}

/** Runs the property; on failure, a report with the seed, the minimal case and the command that replays it. */
export function runFuzz(options: FuzzOptions): FuzzOutcome {
  const seed = options.seed ?? newSeed();
  const details = fc.check(fuzzProperty(options.onCase, options.onStart), {
    numRuns: options.runs,
    seed,
    path: options.path,
    endOnFailure: false,
  });
  if (!details.failed) return { failed: false, seed, numRuns: details.numRuns, report: '' };
  const counterexample = details.counterexample?.[0];
  const lines = [
    `fuzz: property failed after ${details.numRuns} case(s) (seed ${seed}, shrunk ${details.numShrinks} time(s))`,
    `error: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
    `minimal counterexample: ${JSON.stringify(counterexample)}`,
  ];
  if (counterexample) {
    const input = materialize(counterexample);
    const content = input.bytes ? `bytes (base64) ${Buffer.from(input.bytes).toString('base64')}` : `text ${JSON.stringify(input.text)}`;
    lines.push(`mutated ${input.kind} ${input.rel}: ${content.length > 4000 ? `${content.slice(0, 4000)}…` : content}`);
  }
  if (details.errorInstance instanceof Error && !(details.errorInstance instanceof PropertyViolation) && details.errorInstance.stack) {
    lines.push(`stack: ${details.errorInstance.stack}`);
  }
  lines.push(`reproduce: ${reproduceCommand(seed, details.counterexamplePath)}`);
  return { failed: true, seed, numRuns: details.numRuns, report: lines.join('\n'), counterexample, path: details.counterexamplePath };
}

export interface DistinctFailure {
  signature: string;
  count: number;
  firstCase: number;
  message: string;
  input: FuzzCase;
}

/** What a failure is, without its numbers: one entry per kind of bug, not per case. */
export function failureSignature(error: unknown): string {
  const message = error instanceof Error ? `${error.name === 'PropertyViolation' ? '' : `${error.name}: `}${error.message}` : String(error);
  const normal = message
    .split('\n')[0]
    .replace(/\/fuzz-project\/\S+/g, 'FILE')
    .replace(/ \(".*?"\)(?= |$)/g, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, 'N');
  // The rule, the fix and the kind of violation; not the parser's wording of the resulting error.
  const violation = /^(.*? (?:fix N "…"|at N:N-N:N)[^:]*: [^:(]*)/.exec(normal)?.[1] ?? normal;
  return violation.trim().slice(0, 200);
}

/**
 * Keeps going past failures: every case of the seed is checked (no shrinking),
 * and failures are grouped by signature, each with its first case, so one run
 * shows every kind of bug rather than the first one only.
 */
export function exploreFuzz(options: FuzzOptions): { seed: number; runs: number; failures: DistinctFailure[] } {
  const seed = options.seed ?? newSeed();
  const failures = new Map<string, DistinctFailure>();
  const cases = fc.sample(fuzzCaseArbitrary(), { numRuns: options.runs, seed });
  cases.forEach((c, i) => {
    options.onStart?.(JSON.stringify(c));
    try {
      const result = checkInput(materialize(c));
      options.onCase?.(i + 1, result);
    } catch (error) {
      const signature = failureSignature(error);
      const known = failures.get(signature);
      if (known) known.count++;
      else failures.set(signature, { signature, count: 1, firstCase: i + 1, message: error instanceof Error ? error.message : String(error), input: c });
      options.onCase?.(i + 1, { ms: 0, diagnostics: 0, fixes: 0 });
    }
  });
  return { seed, runs: cases.length, failures: [...failures.values()] };
}

/** Checks one case given as JSON (as printed by a failure or by --keep-going). */
export function checkCaseJson(json: string): CaseResult {
  return checkInput(materialize(JSON.parse(json) as FuzzCase));
}
