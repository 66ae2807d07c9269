import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import type { LintConfig } from '../core/config';
import { fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic, FileResult } from '../core/types';
import { type BesideCandidates, listProjectFiles, matchGlobs } from './discover';
import { hashOf, type LintCache } from './lint-cache';
import type { AnalyzeResponse, HandOverResponse, WorkerRequest, WorkerResponse } from './lint-protocol';
import { besideResults } from './folder-results';
import { readAnalysis } from './read-analysis';
import { unpackExports, type PackedExports } from '../core/project/lean-exports';
import { PhasedLinter, mergePhases, phase2Needed, projectReadsOn, projectRulesOn, type AnalyzeShare, type AnalyzedShare } from '../core/two-phase-lint';
import { WorkerPool, shareOut, workerScript } from './worker-pool';
import { byPath } from '../core/arrays';

export type { FileResult };

export interface EngineOptions {
  /**
   * Threads to use; 1 lints in this thread. Default: the machine's parallelism,
   * and only for projects big enough to pay for starting workers. A number given
   * here is used whatever the size (tests force the parallel path this way).
   */
  threads?: number;
  cache?: LintCache;
  /** The project's files when the caller has just listed them (listProjectFiles(root, ignore)). */
  files?: string[];
  /** What the same walk found beside them (folders named like playbooks, misnamed-file candidates). */
  beside?: BesideCandidates;
  /** Workers started before the files were listed (startWorkersEarly): used if the project is big enough, else closed. */
  pool?: LintPool;
}

export type LintPool = WorkerPool<WorkerRequest, WorkerResponse>;

/** Below this many bytes of playbooks, starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 2_000_000;

/**
 * Lints one project, fast: vocabularies in this thread (few, and unused-term
 * needs every use), playbooks across worker threads in two phases (analyse →
 * exports → one project index → lint), skipping files whose content and
 * dependencies match the cache.
 */
export async function lintProjectFast(config: LintConfig, only: ReadonlySet<string> | undefined, options: EngineOptions = {}): Promise<FileResult[]> {
  const files = options.files ?? listProjectFiles(config.root, config.ignore);
  const inScope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  const cache = options.cache;
  const hashes = cache ? new Map(files.map((f) => [f, cache.contentHash(f)])) : undefined;
  const digest = hashes && projectDigest(config, inScope, hashes);
  const whole = !only || files.every((f) => only.has(f));
  // Folders named like playbooks and misnamed files: a walk of the project, taken before the results wait for it.
  const besideFiles = () => besideResults(config, files, only, new ProjectIndex(), options.beside);
  const withFolders = (results: FileResult[], beside = besideFiles()) => [...results, ...beside].sort(byPath);
  // Nothing changed since the last whole run: its results, without reading a single export.
  const known = digest ? cache!.projectResults(config.root, digest) : undefined;
  if (known) {
    void options.pool?.close();
    return withFolders(only ? known.filter((r) => only.has(r.path)) : known);
  }

  const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined);
  const { vocabularies, playbooks } = readVocabularies(files, index);

  // Without a project rule on playbooks their phase-1 results are final; without any project
  // rule (or cache) nobody reads their exports, and files outside the run need no parse.
  const keep = projectRulesOn('playbook', config);
  const wantExports = !!cache || keep || projectRulesOn('vocabulary', config);
  const wanted = wantExports || !only ? playbooks : playbooks.filter((p) => only.has(p.path));

  // Cache: a playbook whose content is unchanged contributes its cached exports without a parse.
  const cached = new Map<string, { diagnostics?: Diagnostic[]; dependencyKey?: string }>();
  let toAnalyze = wanted;
  if (cache) {
    toAnalyze = [];
    for (const p of wanted) {
      p.hash = hashes!.get(p.path);
      const entry = p.hash ? cache.get(p.path, p.hash) : undefined;
      if (entry) {
        index.set(entry.exports);
        cached.set(p.path, entry);
      } else toAnalyze.push(p);
    }
  }

  const script = workerScript();
  const workers = script ? workerCount(options.threads, toAnalyze) : 0;
  const pool = poolFor(workers, options.pool, script, 'lint worker');
  const local = new PhasedLinter((file) => readAnalysis(file, 'playbook'));
  const scopeList = inScope ? [...inScope] : null;
  const vocabularyExports = vocabularies.map((v) => index.get(v.path)!);
  const share = (files: string[]): AnalyzeShare => ({
    config,
    vocabularyInScope: scopeList,
    vocabularies: vocabularyExports,
    files,
    keep,
    exports: wantExports,
    context: 1,
  });
  local.prepare(share([])); // phase 2 runs here even when the workers took every batch
  try {
    const fresh = new Map<string, Diagnostic[]>(); // final results
    const provisional = new Map<string, Diagnostic[]>(); // phase 1's, when project rules follow (AnalyzedShare)
    const controlled = new Set<string>();
    const holder = new Map<string, number>(); // who keeps a file's slim copy: 0 this thread, h > 0 worker h - 1
    // Phase 1 over some playbooks, shared out between this thread and the workers in batches;
    // exports go into the one project index as each batch is done.
    const absorb = (answer: AnalyzedShare | AnalyzeResponse, h: number) => {
      for (const e of answer.exports) index.set(unpackExports(e));
      for (const r of answer.results) fresh.set(r.path, r.diagnostics);
      for (const r of answer.provisional) {
        provisional.set(r.path, r.diagnostics);
        holder.set(r.path, h);
      }
      for (const path of answer.controlled) controlled.add(path);
    };
    const phase1 = (files: { path: string; size: number }[], exports: boolean) =>
      shareOut<AnalyzedShare | AnalyzeResponse>(files, workers, {
        local: (batch) => local.analyze({ ...share(batch), exports }),
        remote: (w, batch) => pool!.request<AnalyzeResponse>(w, { type: 'analyze', ...share(batch), exports }),
        done: absorb,
      });
    // The tables the project rules read (and the cache's ids) follow the exports as batches come in, rather than being built after the last.
    if (cache) index.ids();
    if (wantExports) index.follow(projectReadsOn(config));
    const beside = besideFiles(); // while the workers start
    await phase1(toAnalyze, wantExports);

    // Each wanted playbook's results: final from phase 1 (a file no project rule could report on
    // included), from the cache, or from phase 2; cached files whose results are stale go through
    // phase 1 first (their exports are known).
    const keys = cache ? dependencyKeys(config, index) : undefined;
    const results: FileResult[] = [];
    const toFinish: string[] = [];
    const settle = (path: string): boolean => {
      const early = provisional.get(path);
      if (early && !phase2Needed(controlled.has(path), index.get(path), index, config)) fresh.set(path, early);
      const done = fresh.get(path);
      if (done) results.push({ path, diagnostics: done });
      else if (early) toFinish.push(path);
      return !!(done || early);
    };
    const stale: { path: string; size: number }[] = [];
    for (const p of wanted) {
      if ((only && !only.has(p.path)) || settle(p.path)) continue;
      const hit = cached.get(p.path);
      if (hit?.diagnostics && hit.dependencyKey === keys!.of(p.path)) results.push({ path: p.path, diagnostics: hit.diagnostics });
      else stale.push(p);
    }
    if (stale.length) {
      await phase1(stale, false);
      for (const p of stale) settle(p.path);
    }

    // Phase 2 in this thread, which holds the project's index: the workers hand over the slim
    // copies of the files the project rules could change (one index, one "did you mean" list).
    const lintVocabularies = () => {
      for (const v of vocabularies) if (!only || only.has(v.path)) results.push({ path: v.path, diagnostics: lintFile(v, index, config) });
    };
    const finish = (files: string[]) => {
      for (const r of local.finishWith(index, files)) {
        const diagnostics = mergePhases(provisional.get(r.path)!, r.diagnostics);
        results.push({ path: r.path, diagnostics });
        fresh.set(r.path, diagnostics);
      }
    };
    if (toFinish.length) {
      const byHolder: string[][] = Array.from({ length: workers + 1 }, () => []);
      for (const f of toFinish) byHolder[holder.get(f)!].push(f);
      const handed = byHolder.slice(1).map((files, w) => (files.length ? pool!.request<HandOverResponse>(w, { type: 'hand-over', files }) : undefined));
      // This thread's own files and the vocabularies while the workers pack theirs.
      finish(byHolder[0]);
      lintVocabularies();
      for (const h of await Promise.all(handed)) if (h) local.adopt(h.files);
      // Nothing more for the workers: their threads end (their heaps freed) while this one finishes, not after.
      void pool?.close();
      finish(byHolder.slice(1).flat());
    } else {
      void pool?.close();
      lintVocabularies();
    }

    if (cache) {
      for (const p of wanted) {
        const exports = index.get(p.path);
        if (!p.hash || !exports) continue;
        const diagnostics = fresh.get(p.path) ?? cached.get(p.path)?.diagnostics;
        cache.set(p.path, { contentHash: p.hash, exports, dependencyKey: diagnostics ? keys!.of(p.path) : undefined, diagnostics });
      }
      if (digest && whole)
        cache.setProjectResults(
          config.root,
          digest,
          playbooks.map((p) => p.path),
          results.filter((r) => fileKindOf(r.path) === 'vocabulary'),
        );
    }
    // The workers were told to end above; the caller writes its report while their threads free their heaps
    // (tens of milliseconds for a large project), instead of waiting for that here.
    return withFolders(results, beside);
  } catch (error) {
    await pool?.close();
    throw error;
  }
}

/**
 * A project's files split: its vocabularies read and put in the index here (few, and every
 * playbook needs them), its playbooks listed with their sizes for sharing out.
 */
export function readVocabularies(
  files: readonly string[],
  index: ProjectIndex,
): { vocabularies: FileAnalysis[]; playbooks: { path: string; size: number; hash?: string }[] } {
  const vocabularies: FileAnalysis[] = [];
  const playbooks: { path: string; size: number; hash?: string }[] = [];
  for (const file of files) {
    const kind = fileKindOf(file);
    if (kind === 'vocabulary') {
      const analysis = readAnalysis(file, kind);
      vocabularies.push(analysis);
      index.set(exportsOf(analysis));
    } else if (kind === 'playbook') playbooks.push({ path: file, size: sizeOf(file) });
  }
  return { vocabularies, playbooks };
}

/**
 * Worker threads to start for these playbooks (the main thread takes a share too: one worker
 * fewer to start and to feed). `threads` given: that many threads whatever the size (tests
 * force the parallel path this way); else the machine's parallelism, for big enough projects.
 */
export function workerCount(threads: number | undefined, playbooks: readonly { size: number }[]): number {
  const parallel = Math.max(1, threads ?? availableParallelism());
  const bytes = playbooks.reduce((n, p) => n + p.size, 0);
  const bigEnough = threads !== undefined || bytes >= PARALLEL_MIN_BYTES;
  return parallel > 1 && bigEnough ? Math.min(parallel, playbooks.length) - 1 : 0;
}

/**
 * V8 runs each young-generation collection on helper threads as well as on the thread that collects ("parallel
 * scavenge"). When a run gives every core a JavaScript thread, the helpers only take cores from the other threads
 * and add their synchronisation. Measured on the 2-core bench machine (2026-12-08, alternating runs of the
 * 2,000-file corpus): renders faster in five pairs of five (median 5.77 → 5.34 s), lints in five of six (3.53 →
 * 3.40 s). The flag is the process's (worker threads share it): set once, before the workers start, and only
 * where the run uses every core (PLAYBOOK_LINT_THREADS may ask for fewer threads than cores).
 */
function collectOnOwnThreadsWhenCoresAreBusy(threads: number | undefined): void {
  if ((threads ?? availableParallelism()) >= availableParallelism()) setFlagsFromString('--no-parallel-scavenge');
}

/**
 * A CLI command's run with its workers started before it lists and reads anything (`early`: startWorkersEarly; the
 * lint with --cache starts none). `takeEarly` gives them to the first project's run (which uses them, grows them or
 * closes them) and nothing to the later ones, which start their own; they are closed once the run is over, however
 * it ends (closing twice is harmless).
 */
export async function withEarlyWorkers<T>(
  name: string,
  threads: number | undefined,
  early: boolean,
  run: (takeEarly: () => LintPool | undefined) => Promise<T>,
): Promise<T> {
  collectOnOwnThreadsWhenCoresAreBusy(threads);
  let unclaimed = early ? startWorkersEarly(name, threads) : undefined;
  const started = unclaimed;
  try {
    return await run(() => {
      const pool = unclaimed;
      unclaimed = undefined;
      return pool;
    });
  } finally {
    void started?.close();
  }
}

/**
 * At most this many workers start early: a small project closes them unused, and on a machine with many cores
 * starting one per core for every small run would cost more than it saves; a big project's run starts the rest.
 */
const EARLY_WORKERS = 2;

/**
 * Worker threads started before a run lists and reads its project, so that they have loaded their code by the
 * time the first batches are handed out: started after the listing, as before, the one worker of the 2,000-file
 * benchmark began linting about 300 ms after this thread. As many as workerCount would start for a big project,
 * up to EARLY_WORKERS (none on one core); the run takes them (EngineOptions.pool, poolFor) and starts any more it
 * needs, or closes them when the project is too small for workers. Until taken they do not keep the process alive.
 */
function startWorkersEarly(name: string, threads?: number): LintPool | undefined {
  const script = workerScript();
  const count = Math.min(EARLY_WORKERS, Math.max(1, threads ?? availableParallelism()) - 1);
  if (!script || count < 1) return undefined;
  const pool = new WorkerPool<WorkerRequest, WorkerResponse>(script, count, { name });
  pool.holdProcess(false);
  return pool;
}

/** The pool for `workers` workers: the one started early, grown to as many if it has fewer (its other lanes stay idle), or a new one; none for no worker. */
export function poolFor(workers: number, early: LintPool | undefined, script: string | undefined, name: string): LintPool | undefined {
  if (workers < 1 || !script) {
    void early?.close();
    return undefined;
  }
  if (!early) return new WorkerPool<WorkerRequest, WorkerResponse>(script, workers, { name });
  early.growTo(workers);
  early.holdProcess(true);
  return early;
}

/** A file's size in bytes (0 when it cannot be read: reading it reports the problem). */
export function sizeOf(file: string): number {
  try {
    return lstatSync(file).size; // lstat: a file swapped for a link is never followed, not even to look
  } catch {
    return 0;
  }
}

/**
 * Everything a whole project run reads, as one hash: the config, the vocabulary
 * scope and every file's content (the tool version keys the cache itself).
 * Undefined when a file cannot be read (it must be reported afresh).
 */
function projectDigest(config: LintConfig, inScope: Set<string> | undefined, hashes: Map<string, string | undefined>): string | undefined {
  const parts: string[] = [];
  for (const [file, hash] of hashes) {
    if (!hash) return undefined;
    parts.push(`${file}\0${hash}`);
  }
  return hashOf(JSON.stringify([config, inScope ? [...inScope].sort() : null, parts.sort()]));
}

/**
 * What a playbook's diagnostics depend on besides its own text: the tool and
 * config, the vocabularies in scope, the entries of the ids it defines or
 * names, and — when it names an id nobody defines — the set of all ids
 * (the "did you mean" list).
 */
function dependencyKeys(config: LintConfig, index: ProjectIndex): { of(path: string): string } {
  const base = hashOf(JSON.stringify([config, index.vocabularies()]));
  let allIds: string | undefined;
  return {
    of(path: string): string {
      const e = index.get(path);
      if (!e) return '';
      const ids = index.ids();
      const named = [...e.ids.map((i) => i.id), ...e.seeAlso];
      const entries = named.map((id) => ids.get(id) ?? null);
      const unresolved = e.seeAlso.some((id) => !ids.has(id));
      if (unresolved) allIds ??= hashOf([...ids.keys()].sort().join('\n'));
      return hashOf(base + JSON.stringify(entries) + (unresolved ? allIds : ''));
    },
  };
}
