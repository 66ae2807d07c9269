/**
 * The differential soak of the language server: a real JSON-RPC client over
 * stdio (test/lsp/support/client.ts) drives `node dist/server.js --stdio` on a
 * temp workspace of two projects (samples/acme and samples/with-problems, two
 * workspace folders) with seeded random edits, and after every batch compares
 * the server's pushed diagnostics for every file with what the CLI
 * (`node dist/cli.js -f json`) reports on a scratch copy holding the same text.
 *
 * Diagnostics channel: push (`textDocument/publishDiagnostics`); the client
 * announces no pull support. File watching: the client accepts the server's
 * watcher registration and sends `workspace/didChangeWatchedFiles` itself for
 * every change it makes on disk (so the server's fallback poller never runs).
 *
 * Settled means: `playbook-lint/stats` reports no pending checks and no
 * indexing, and the server has sent nothing for a quiet period, twice in a row.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientCapabilities, Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { analyzeText } from '../../server/src/core/analyze';
import { fileKindOf } from '../../server/src/core/file-kind';
import type { FileAnalysis } from '../../server/src/core/model/model';
import { FULL_CAPABILITIES, LspClient, uriOf } from '../lsp/support/client';
import { CLI, SAMPLES } from '../support/paths';
import { Rng } from './rng';
import { endPosition, lineStarts, positionAt, safeOffset, splice } from './text';

/** Everything a full client announces, minus pull diagnostics: results come through publishDiagnostics. */
export const SOAK_CAPABILITIES: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined },
  workspace: { ...FULL_CAPABILITIES.workspace, diagnostics: undefined },
};

export const PROJECTS = ['acme', 'with-problems'] as const;

const FileChange = { Created: 1, Changed: 2, Deleted: 3 } as const;
const REQUEST_FAILED = -32803;

export interface SoakOptions {
  seed: number;
  /** Edits to apply (each didChange, and each file written, created or deleted on disk, counts as one). */
  edits: number;
  /** Edits between two comparisons with the CLI. */
  batchSize: number;
  /** Upper bound for any request (a hang otherwise). */
  requestTimeoutMs?: number;
  /** Upper bound for the server to settle after a batch. */
  settleTimeoutMs?: number;
  /** Quiet time (no server message, no pending check) that counts as settled. */
  quietMs?: number;
  /** Probability of a random request (hover, completion, …) after an operation. */
  requestRate?: number;
  /** Called with progress lines. */
  log?: (line: string) => void;
  /** Called with every operation and every notification sent (for replaying a failure by hand). */
  trace?: (line: string) => void;
  /** Called after each batch (for the long script's checkpoints, e.g. renames). */
  afterBatch?: (session: SoakSession, batch: number) => Promise<void>;
}

export interface Mismatch {
  batch: number;
  edits: number;
  file: string;
  expected: string[];
  actual: string[];
  /** The same file still differed after a second, longer wait (not a settling artefact). */
  persistent: boolean;
}

export interface SoakReport {
  seed: number;
  edits: number;
  batches: number;
  operations: Record<string, number>;
  requests: Record<string, number>;
  comparisons: number;
  filesCompared: number;
  mismatches: Mismatch[];
  anomalies: string[];
  fatal?: string;
  /** The server's memory: RSS as it is, and RSS / V8 heap right after a forced full GC (when the hook could be loaded). */
  rss: { afterWarmup?: MemorySample; end?: MemorySample; maxKb?: number; samples: MemorySample[] };
  durationMs: number;
  cliMs: number;
  settleMs: number;
}

export interface MemorySample {
  edits: number;
  /** VmRSS before anything is done to the server. */
  rssKb: number;
  /** RSS right after a forced full garbage collection. */
  gcRssKb?: number;
  /** V8 heap in use right after that collection. */
  heapUsedKb?: number;
}

const GC_HOOK = path.join(__dirname, 'gc-hook.cjs');

interface OpenDoc {
  path: string;
  text: string;
  version: number;
  /** Earlier texts, for undo-like reverts. */
  history: string[];
}

export class HangError extends Error {}
export class FatalError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ workspace

export interface SoakWorkspace {
  base: string;
  /** Parent of the two project folders (also the CLI's cwd in the scratch copy). */
  root: string;
  folders: string[];
  scratch: string;
  cleanup: () => void;
}

export function createWorkspace(): SoakWorkspace {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'pbl-soak-')));
  const root = path.join(base, 'ws');
  for (const p of PROJECTS) cpSync(path.join(SAMPLES, p), path.join(root, p), { recursive: true });
  return {
    base,
    root,
    folders: PROJECTS.map((p) => path.join(root, p)),
    scratch: path.join(base, 'scratch'),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Playbook and vocabulary files on disk under a folder (what the server and the CLI discover). */
export function listLintable(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(d, name);
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (name !== 'node_modules' && name !== '.git') walk(full);
      } else if (fileKindOf(full) && fileKindOf(full) !== 'config') out.push(full);
    }
  };
  walk(dir);
  return out;
}

// ------------------------------------------------------------------ text generation

const SNIPPETS = [
  'the buyer',
  ' champion',
  ' economic buyer',
  ' reframe',
  ' [[',
  ']]',
  '[[',
  ' [[pain]]',
  ': ',
  '- ',
  ' # note',
  '#',
  '\n',
  '\n          - ',
  '\n      - id: ',
  'é',
  'ü',
  '😀',
  '中文',
  '"',
  "'",
  '  ',
  'why: ',
  'deviate-when:',
  '{',
  '}',
  ',',
  ' >',
  '|',
  '*a',
  '&a',
  '!x ',
  '%',
  '@',
  '`',
  '\t',
  'When appropriate.',
  'Walk through pricing.',
  'because it is best practice',
  ' the [[economic buyer]] ',
  'see-also: [',
  'x',
  'e',
  'a',
  ' ',
  '\u200b',
  ' # playbook-lint-disable-next-line',
  '\n# playbook-lint-disable undefined-term\n',
  '# playbook-lint-enable\n',
  '---\n',
  '&x [a]',
  ' *x',
];

const UNKNOWN_TERMS = ['compelling event', 'soak thing', 'budget owner', 'reframeing', 'champ', 'econ buyer', 'MEDDIC', 'pilot', 'xq'];

const WORDS = ['buyer', 'value', 'renewal', 'pilot', 'signature', 'budget', 'quarter', 'risk', 'plan', 'team', 'call', 'scope'];

function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s + 'x';
  const i = rng.range(1, s.length - 2);
  switch (rng.int(4)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1); // drop a letter
    case 1:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // swap two
    case 2:
      return s.slice(0, i) + s[i] + s.slice(i); // double one
    default:
      return s.slice(0, Math.max(3, Math.ceil(s.length / 2))); // shortened
  }
}

function vary(rng: Rng, name: string): string {
  switch (rng.int(7)) {
    case 0:
      return name.toUpperCase();
    case 1:
      return name.toLowerCase();
    case 2:
      return name.replace(/ /g, '  ');
    case 3:
      return typo(rng, name);
    default:
      return name;
  }
}

// ------------------------------------------------------------------ the session

export class SoakSession {
  client!: LspClient;
  readonly docs = new Map<string, OpenDoc>();
  readonly rng: Rng;
  readonly ws: SoakWorkspace;
  /** Original sample texts (by path), to restore deleted files. */
  readonly originals = new Map<string, string>();
  readonly created = new Set<string>();
  readonly report: SoakReport;
  private counter = 0;
  private analyses = new Map<string, { text: string; analysis: FileAnalysis }>();
  private batchStartEdits = 0;
  /** The message of the last request the server refused (RequestFailed) where a refusal was allowed. */
  lastRefusal?: string;

  constructor(
    readonly options: SoakOptions,
    ws = createWorkspace(),
  ) {
    this.rng = new Rng(options.seed);
    this.ws = ws;
    this.report = {
      seed: options.seed,
      edits: 0,
      batches: 0,
      operations: {},
      requests: {},
      comparisons: 0,
      filesCompared: 0,
      mismatches: [],
      anomalies: [],
      rss: { samples: [] },
      durationMs: 0,
      cliMs: 0,
      settleMs: 0,
    };
    for (const f of ws.folders.flatMap((d) => listLintable(d))) this.originals.set(f, readFileSync(f, 'utf8'));
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private get memoryFile(): string {
    return path.join(this.ws.base, 'memory.json');
  }

  async start(): Promise<void> {
    // The server is started with a hook that collects garbage and reports memory on SIGUSR2 (test/soak/gc-hook.cjs).
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, SOAK_MEMORY_FILE: process.env.SOAK_MEMORY_FILE };
    process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --expose-gc --require "${GC_HOOK}"`.trim();
    process.env.SOAK_MEMORY_FILE = this.memoryFile;
    try {
      this.client = await LspClient.start({ folders: this.ws.folders, capabilities: SOAK_CAPABILITIES });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    await this.client.waitIndexed(60_000);
    await this.settle();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }

  get pid(): number | undefined {
    return this.client?.proc.pid;
  }

  /** The server's RSS in kB (from /proc), undefined where /proc is not available. */
  rssKb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** RSS now, then RSS and heap after a forced full GC in the server (bounded wait; undefined parts when unavailable). */
  async memory(): Promise<MemorySample | undefined> {
    const rssKb = this.rssKb();
    if (rssKb === undefined) return undefined;
    const sample: MemorySample = { edits: this.report.edits, rssKb };
    if (!existsSync(`${this.memoryFile}.ready`) || this.pid === undefined) return sample;
    rmSync(this.memoryFile, { force: true });
    try {
      process.kill(this.pid, 'SIGUSR2');
    } catch {
      return sample;
    }
    for (let i = 0; i < 100 && !existsSync(this.memoryFile); i++) await sleep(50);
    try {
      const m = JSON.parse(readFileSync(this.memoryFile, 'utf8')) as { gc: boolean; rss: number; heapUsed: number };
      if (m.gc) {
        sample.gcRssKb = Math.round(m.rss / 1024);
        sample.heapUsedKb = Math.round(m.heapUsed / 1024);
      }
    } catch {
      // no answer: the raw RSS is all there is
    }
    return sample;
  }

  /** The text the server sees: the open document's, else the disk's. */
  viewText(file: string): string | undefined {
    const doc = this.docs.get(file);
    if (doc) return doc.text;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Files the server reports on: every lintable file on disk plus open documents. */
  workspaceFiles(): string[] {
    const set = new Set(this.ws.folders.flatMap((d) => listLintable(d)));
    for (const p of this.docs.keys()) set.add(p);
    return [...set].sort();
  }

  analysisOf(file: string): FileAnalysis | undefined {
    const text = this.viewText(file);
    const kind = fileKindOf(file);
    if (text === undefined || !kind) return undefined;
    const cached = this.analyses.get(file);
    if (cached && cached.text === text) return cached.analysis;
    const analysis = analyzeText(file, kind, text);
    this.analyses.set(file, { text, analysis });
    if (this.analyses.size > 64) this.analyses.delete(this.analyses.keys().next().value!);
    return analysis;
  }

  private checkAlive(): void {
    if (this.client.exited !== undefined) throw new FatalError(`the server exited (code ${this.client.exited})\n${this.client.stderr.slice(-3000)}`);
  }

  // ---------------------------------------------------------------- requests

  /**
   * A request with a bounded wait. A hang or a crash is fatal; an error reply is an
   * anomaly, except RequestFailed where the service may legitimately refuse (rename).
   */
  async request<R>(method: string, params: unknown, allowRefusal = false): Promise<R | undefined> {
    this.checkAlive();
    this.report.requests[method] = (this.report.requests[method] ?? 0) + 1;
    const timeout = this.options.requestTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.client.request<R>(method, params),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new HangError(`${method} did not answer within ${timeout} ms (params ${JSON.stringify(params).slice(0, 300)})`)),
            timeout,
          );
        }),
      ]);
    } catch (error) {
      if (error instanceof HangError) throw error;
      this.checkAlive();
      const e = error as { code?: number; message?: string };
      if (allowRefusal && e.code === REQUEST_FAILED) {
        this.lastRefusal = e.message;
        return undefined;
      }
      this.anomaly(`${method} answered an error ${e.code}: ${e.message} (params ${JSON.stringify(params).slice(0, 400)})`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  anomaly(message: string): void {
    if (this.report.anomalies.length < 200) this.report.anomalies.push(`[edit ${this.report.edits}] ${message}`);
    this.log(`ANOMALY ${message}`);
  }

  private notify(method: string, params: unknown): Promise<void> {
    this.checkAlive();
    if (this.options.trace)
      this.options.trace(
        `  → ${method} ${JSON.stringify(params, (k, v) => (k === 'text' && typeof v === 'string' && v.length > 80 ? `<${v.length} chars>` : v)).replace(/file:\/\/[^"]*\/ws\//g, '')}`,
      );
    return this.client.connection.sendNotification(method, params);
  }

  // ---------------------------------------------------------------- document sync

  private count(op: string): void {
    this.report.operations[op] = (this.report.operations[op] ?? 0) + 1;
  }

  async open(file: string): Promise<void> {
    const text = readFileSync(file, 'utf8');
    this.docs.set(file, { path: file, text, version: 1, history: [] });
    await this.notify('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'yaml', version: 1, text } });
  }

  async close(file: string): Promise<void> {
    this.docs.delete(file);
    await this.notify('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** Sends changes (offsets into the text as it is before each change, applied in order) as one incremental didChange. */
  async change(doc: OpenDoc, changes: { start: number; end: number; text: string }[]): Promise<void> {
    const contentChanges: TextDocumentContentChangeEvent[] = [];
    let text = doc.text;
    for (const c of changes) {
      const start = safeOffset(text, c.start);
      const end = Math.max(start, safeOffset(text, c.end));
      contentChanges.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: c.text });
      text = splice(text, start, end, c.text);
    }
    doc.text = text;
    doc.version++;
    this.report.edits++;
    await this.notify('textDocument/didChange', { textDocument: { uri: uriOf(doc.path), version: doc.version }, contentChanges });
  }

  /** Replaces the whole text (an undo to an earlier state): a full-range change, or a change without a range. */
  async replaceAll(doc: OpenDoc, text: string): Promise<void> {
    const change: TextDocumentContentChangeEvent = this.rng.chance(0.6)
      ? { range: { start: { line: 0, character: 0 }, end: endPosition(doc.text) }, text }
      : { text };
    doc.text = text;
    doc.version++;
    this.report.edits++;
    await this.notify('textDocument/didChange', { textDocument: { uri: uriOf(doc.path), version: doc.version }, contentChanges: [change] });
  }

  private snapshot(doc: OpenDoc): void {
    if (doc.history[doc.history.length - 1] === doc.text) return;
    doc.history.push(doc.text);
    if (doc.history.length > 24) doc.history.splice(1, 1); // keep the first (the opened text)
  }

  /** Watched-file events held back (delivered with a later notification, as a busy file watcher does). */
  private deferred: { file: string; type: number }[] = [];

  /**
   * Tells the server about changes on disk, the way real watchers do: usually at once and
   * exactly, sometimes late (with the next events), twice, or with created and changed mixed
   * up (what VS Code's event coalescing produces). Deletions are never reported for files that
   * exist: the server has to trust those.
   */
  private async watched(changes: { file: string; type: number }[]): Promise<void> {
    const out = [...this.deferred];
    this.deferred = [];
    for (const c of changes) {
      const r = this.rng.next();
      if (r < 0.08) {
        this.deferred.push(c); // late
        continue;
      }
      if (r < 0.14 && c.type !== FileChange.Deleted) out.push({ file: c.file, type: c.type === FileChange.Created ? FileChange.Changed : FileChange.Created });
      else out.push(c);
      if (r > 0.95) out.push(c); // reported twice
    }
    if (out.length) await this.notify('workspace/didChangeWatchedFiles', { changes: out.map((c) => ({ uri: uriOf(c.file), type: c.type })) });
  }

  /** Delivers held-back watcher events (before any comparison: without them the server cannot know). */
  async flushWatcher(): Promise<void> {
    if (!this.deferred.length) return;
    const out = this.deferred;
    this.deferred = [];
    await this.notify('workspace/didChangeWatchedFiles', { changes: out.map((c) => ({ uri: uriOf(c.file), type: c.type })) });
  }

  // ---------------------------------------------------------------- operations

  /** Open playbooks and vocabularies (config documents are only edited by opConfig, and stay valid). */
  private openDocs(kind?: 'playbook' | 'vocabulary'): OpenDoc[] {
    return [...this.docs.values()].filter((d) => (kind ? fileKindOf(d.path) === kind : fileKindOf(d.path) !== 'config'));
  }

  private pickDoc(kind?: 'playbook' | 'vocabulary'): OpenDoc | undefined {
    const docs = this.openDocs(kind);
    return docs.length ? this.rng.pick(docs) : undefined;
  }

  /** Closed files on disk (ignored ones included: the server must not report them when opened). */
  private closedFiles(): string[] {
    return this.ws.folders.flatMap((d) => listLintable(d)).filter((f) => !this.docs.has(f));
  }

  /** Every term name and alias in the workspace (what [[…]] may name), plus near misses. */
  private termNames(): string[] {
    const out: string[] = [];
    for (const f of this.workspaceFiles()) {
      if (fileKindOf(f) !== 'vocabulary') continue;
      const a = this.analysisOf(f);
      if (a?.model.kind !== 'vocabulary') continue;
      for (const t of a.model.terms) {
        if (t.term?.value) out.push(t.term.value);
        for (const al of t.aliases) if (al.value) out.push(al.value);
      }
    }
    return out.length ? out : ['champion'];
  }

  private ids(): string[] {
    const out: string[] = [];
    for (const f of this.workspaceFiles()) {
      if (fileKindOf(f) !== 'playbook') continue;
      const a = this.analysisOf(f);
      if (a?.model.kind !== 'playbook') continue;
      for (const s of a.model.stages) {
        if (s.id?.value) out.push(s.id.value);
        for (const t of s.tactics) if (t.id?.value) out.push(t.id.value);
      }
    }
    return out.length ? out : ['first-call'];
  }

  private refName(): string {
    const r = this.rng.next();
    if (r < 0.65) return vary(this.rng, this.rng.pick(this.termNames()));
    if (r < 0.85) return this.rng.pick(UNKNOWN_TERMS);
    return `${this.rng.pick(WORDS)} ${this.rng.pick(WORDS)}`;
  }

  private freshId(): string {
    return `soak-${this.rng.pick(WORDS)}-${++this.counter}`;
  }

  private randomOffset(text: string): number {
    const starts = lineStarts(text);
    const line = this.rng.int(starts.length);
    const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    const r = this.rng.next();
    if (r < 0.55) return lineEnd; // typing at the end of a value
    if (r < 0.65) return starts[line];
    return safeOffset(text, starts[line] + this.rng.int(lineEnd - starts[line] + 1));
  }

  /** Types a snippet one keystroke at a time (one didChange each), sometimes asking for completion as an editor does. */
  private async opType(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    let offset = this.randomOffset(doc.text);
    const snippet = this.rng.chance(0.15) ? this.rng.pick(SNIPPETS) + this.rng.pick(SNIPPETS) : this.rng.pick(SNIPPETS);
    const keys = this.rng.chance(0.7) ? [...snippet] : [snippet]; // keystrokes, or one autocompleted chunk
    for (const key of keys.slice(0, 12)) {
      await this.change(doc, [{ start: offset, end: offset, text: key }]);
      offset += key.length;
      if ((key === '[' || key === ' ' || key === ',') && this.rng.chance(0.5)) {
        await this.request('textDocument/completion', {
          textDocument: { uri: uriOf(doc.path) },
          position: positionAt(doc.text, offset),
          context: { triggerKind: 2, triggerCharacter: key },
        });
      }
    }
  }

  private async opDelete(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    if (!doc.text.length) return;
    if (this.rng.chance(0.5)) {
      // Backspace a few times.
      let offset = this.randomOffset(doc.text);
      for (let i = this.rng.range(1, 6); i > 0 && offset > 0; i--) {
        const start = safeOffset(doc.text, offset - 1);
        await this.change(doc, [{ start, end: offset, text: '' }]);
        offset = start;
      }
    } else {
      // Select and delete.
      const start = this.rng.int(doc.text.length);
      await this.change(doc, [{ start, end: Math.min(doc.text.length, start + this.rng.range(1, 40)), text: '' }]);
    }
  }

  private async opTermRef(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    const a = this.analysisOf(doc.path);
    const refs = a?.termRefs ?? [];
    if (refs.length && this.rng.chance(0.5)) {
      // Retype the name inside an existing [[…]].
      const ref = this.rng.pick(refs);
      await this.change(doc, [{ start: ref.span.start + 2, end: ref.span.end - 2, text: this.refName() }]);
      return;
    }
    const lines = doc.text.split('\n');
    const candidates = lines
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => /^\s*(-\s+)?(goal|tactic|why|definition|example|name|summary)?:?\s*\S/.test(l) && !/[>|]\s*$/.test(l));
    if (!candidates.length) return this.opType(doc);
    const { i } = this.rng.pick(candidates);
    const at = lineStarts(doc.text)[i] + lines[i].length;
    await this.change(doc, [{ start: at, end: at, text: ` [[${this.refName()}]]` }]);
  }

  private async opPaste(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    const sources = [...this.openDocs().map((d) => d.text), ...this.originals.values()];
    const lines = this.rng.pick(sources).split('\n');
    const from = this.rng.int(lines.length);
    const chunk = lines.slice(from, from + this.rng.range(1, 8)).join('\n') + '\n';
    const starts = lineStarts(doc.text);
    const at = starts[this.rng.int(starts.length)];
    await this.change(doc, [{ start: at, end: at, text: chunk }]);
  }

  private async opCutLines(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    const starts = lineStarts(doc.text);
    const line = this.rng.int(starts.length);
    const count = this.rng.range(1, 4);
    const end = line + count < starts.length ? starts[line + count] : doc.text.length;
    await this.change(doc, [{ start: starts[line], end, text: '' }]);
  }

  /** Several changes in one didChange (multi-cursor typing). */
  private async opMultiCursor(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    const text = this.rng.pick(['x', ' ', '-', 'é', '😀', '#', '[[', '']);
    const offsets = [this.randomOffset(doc.text), this.randomOffset(doc.text), this.randomOffset(doc.text)].sort((a, b) => b - a);
    // Applied from the end backwards, each offset stays valid in the text the change applies to.
    await this.change(
      doc,
      offsets.map((o) => (text ? { start: o, end: o, text } : { start: Math.max(0, o - 1), end: o, text: '' })),
    );
  }

  private async opUndo(doc: OpenDoc): Promise<void> {
    if (!doc.history.length) return this.opType(doc);
    const i = this.rng.chance(0.6) ? doc.history.length - 1 : this.rng.int(doc.history.length);
    const text = doc.history[i];
    doc.history.length = i;
    if (!doc.history.length) doc.history.push(text);
    await this.replaceAll(doc, text);
  }

  /** Unsaved vocabulary edit: a term name or alias renamed, collided, misspelt; a term added or removed. */
  private async opVocabulary(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    const a = this.analysisOf(doc.path);
    const terms = a?.model.kind === 'vocabulary' ? a.model.terms : [];
    const r = this.rng.next();
    if (!terms.length || r < 0.15) {
      // Append a term entry.
      const name = this.rng.chance(0.3) ? this.rng.pick(this.termNames()) : `Soak term ${++this.counter}`;
      const entry = `\n  - term: ${name}\n    definition: Something the [[${this.refName()}]] agrees to.\n    aliases: [${name.toLowerCase()}s]\n`;
      await this.change(doc, [{ start: doc.text.length, end: doc.text.length, text: entry }]);
      return;
    }
    const term = this.rng.pick(terms);
    if (r < 0.25) {
      // Delete the whole entry.
      await this.change(doc, [{ start: term.span.start, end: term.span.end, text: '' }]);
      return;
    }
    const targets = [term.term, ...term.aliases, ...term.seeAlso].filter((s): s is NonNullable<typeof s> => !!s);
    if (!targets.length) return this.opType(doc);
    const target = this.rng.pick(targets);
    const names = this.termNames();
    const next = this.rng.weighted<() => string>([
      [() => `Soak term ${++this.counter}`, 3],
      [() => this.rng.pick(names), 2], // a duplicate or an existing name
      [() => typo(this.rng, target.value || 'term'), 2],
      [() => target.value.toUpperCase(), 1],
      [() => '', 1],
    ])();
    const quoted = /^["']/.test(doc.text.slice(target.span.start, target.span.start + 1));
    const start = quoted ? target.span.start + 1 : target.span.start;
    const end = quoted ? target.span.end - 1 : target.span.end;
    if (this.rng.chance(0.3)) {
      // Retyped by hand: delete, then type keystroke by keystroke.
      await this.change(doc, [{ start, end, text: '' }]);
      let at = start;
      for (const ch of [...next].slice(0, 10)) {
        await this.change(doc, [{ start: at, end: at, text: ch }]);
        at += ch.length;
      }
    } else {
      await this.change(doc, [{ start, end, text: next }]);
    }
  }

  /** A playbook id or see-also edited: duplicates, fresh ids, dangling references, bad ids. */
  private async opId(doc: OpenDoc): Promise<void> {
    this.snapshot(doc);
    const a = this.analysisOf(doc.path);
    if (a?.model.kind !== 'playbook') return this.opType(doc);
    const targets = a.model.stages
      .flatMap((s) => [s.id, ...s.seeAlso, ...s.tactics.flatMap((t) => [t.id, ...t.seeAlso])])
      .filter((s): s is NonNullable<typeof s> => !!s);
    if (!targets.length) return this.opPaste(doc);
    const target = this.rng.pick(targets);
    const ids = this.ids();
    const next = this.rng.weighted<() => string>([
      [() => this.rng.pick(ids), 3],
      [() => this.freshId(), 3],
      [() => typo(this.rng, target.value || 'id'), 2],
      [() => 'Bad_Id', 1],
    ])();
    const quoted = /^["']/.test(doc.text.slice(target.span.start, target.span.start + 1));
    await this.change(doc, [{ start: quoted ? target.span.start + 1 : target.span.start, end: quoted ? target.span.end - 1 : target.span.end, text: next }]);
  }

  private async opSave(doc: OpenDoc): Promise<void> {
    const existed = existsSync(doc.path);
    mkdirSync(path.dirname(doc.path), { recursive: true });
    writeFileSync(doc.path, doc.text);
    this.report.edits++;
    await this.notify('textDocument/didSave', { textDocument: { uri: uriOf(doc.path) } });
    await this.watched([{ file: doc.path, type: existed ? FileChange.Changed : FileChange.Created }]);
  }

  private playbookText(): string {
    const ids = this.ids();
    const id = () => (this.rng.chance(0.3) ? this.rng.pick(ids) : this.freshId());
    const n = ++this.counter;
    const tactic = (indent: string) =>
      [
        `${indent}- id: ${id()}`,
        `${indent}  tactic: Ask the [[${this.refName()}]] about the ${this.rng.pick(WORDS)}.`,
        ...(this.rng.chance(0.8)
          ? [`${indent}  why: ${this.rng.pick(['Because it is best practice.', `The ${this.rng.pick(WORDS)} shows what the buyer values.`, '   '])}`]
          : []),
        ...(this.rng.chance(0.8)
          ? [`${indent}  deviate-when:`, `${indent}    - ${this.rng.pick(['When appropriate.', 'The buyer has signed already.', 'The [[champion]] is away.'])}`]
          : []),
        ...(this.rng.chance(0.4) ? [`${indent}  see-also: [${this.rng.chance(0.7) ? this.rng.pick(ids) : this.freshId()}]`] : []),
      ].join('\n');
    return [
      `# Created by the soak (${n}).`,
      `playbook: Soak playbook ${n}`,
      'stages:',
      `  - id: ${id()}`,
      `    name: Stage ${n}`,
      `    goal: ${this.rng.pick(['Walk through pricing with the buyer.', 'The economic buyer agrees the plan.', `The [[${this.refName()}]] confirms the scope.`])}`,
      '    tactics:',
      tactic('      '),
      ...(this.rng.chance(0.5) ? [tactic('      ')] : []),
      '',
    ].join('\n');
  }

  private vocabularyText(): string {
    const n = ++this.counter;
    const names = this.termNames();
    const entries = Array.from({ length: this.rng.range(1, 3) }, () => {
      const name = this.rng.chance(0.3) ? this.rng.pick(names) : `Soak term ${++this.counter}`;
      return [
        `  - term: ${name}`,
        `    definition: A ${this.rng.pick(WORDS)} the [[${this.refName()}]] cares about.`,
        ...(this.rng.chance(0.5) ? [`    aliases: [${name.toLowerCase()} alias]`] : []),
        ...(this.rng.chance(0.3) ? [`    see-also: [${this.rng.pick(names)}]`] : []),
      ].join('\n');
    });
    return [`vocabulary: Soak vocabulary ${n}`, 'terms:', ...entries, ''].join('\n');
  }

  private async opCreate(): Promise<void> {
    const project = this.rng.pick(this.ws.folders);
    const vocab = this.rng.chance(0.25);
    const sub = this.rng.weighted([
      [vocab ? 'vocabulary' : 'playbooks', 6],
      ['extra', 2],
      ['extra/deeper', 1],
      ['ignored', 1],
    ] as const);
    const ext = this.rng.chance(0.2) ? 'yml' : 'yaml';
    const file = path.join(project, sub, `soak-${++this.counter}.${vocab ? 'vocabulary' : 'playbook'}.${ext}`);
    const text = vocab ? this.vocabularyText() : this.rng.chance(0.3) ? this.rng.pick([...this.originals.values()]) : this.playbookText();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    this.created.add(file);
    this.report.edits++;
    await this.watched([{ file, type: FileChange.Created }]);
    if (this.rng.chance(0.3)) await this.open(file);
  }

  private async opDeleteFile(): Promise<void> {
    const created = [...this.created].filter((f) => existsSync(f));
    const samples = [...this.originals.keys()].filter((f) => existsSync(f));
    const pool = created.length && this.rng.chance(0.75) ? created : samples;
    if (!pool.length) return this.opCreate();
    const file = this.rng.pick(pool);
    if (this.docs.has(file) && this.rng.chance(0.6)) await this.close(file);
    unlinkSync(file);
    this.report.edits++;
    await this.watched([{ file, type: FileChange.Deleted }]);
  }

  /** A folder of created files removed at once: one event for the folder, as VS Code's delete watcher sends. */
  private async opDeleteFolder(): Promise<void> {
    const folders = this.ws.folders.map((f) => path.join(f, 'extra')).filter((d) => existsSync(d));
    if (!folders.length) return this.opCreate();
    const dir = this.rng.pick(folders);
    for (const f of [...this.docs.keys()]) if (f.startsWith(`${dir}/`) && this.rng.chance(0.7)) await this.close(f);
    rmSync(dir, { recursive: true, force: true });
    this.report.edits++;
    await this.watched([{ file: dir, type: FileChange.Deleted }]);
  }

  private async opRestore(): Promise<void> {
    const missing = [...this.originals.keys()].filter((f) => !existsSync(f));
    if (!missing.length) return this.opExternal();
    const file = this.rng.pick(missing);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, this.originals.get(file)!);
    this.report.edits++;
    await this.watched([{ file, type: FileChange.Created }]);
  }

  /** A closed file changed on disk by something else (a git pull). */
  private async opExternal(): Promise<void> {
    const closed = this.closedFiles();
    if (!closed.length) return;
    const file = this.rng.pick(closed);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    let next: string;
    const r = this.rng.next();
    if (r < 0.3 && this.originals.has(file)) next = this.originals.get(file)!;
    else if (r < 0.6) {
      const i = this.rng.int(lines.length);
      lines.splice(i, this.rng.range(1, 3));
      next = lines.join('\n');
    } else {
      const i = this.rng.int(lines.length);
      lines[i] = `${lines[i]} [[${this.refName()}]]`;
      next = lines.join('\n');
    }
    writeFileSync(file, next);
    this.report.edits++;
    await this.watched([{ file, type: FileChange.Changed }]);
  }

  /** A project's config changed: rule severities, ignore globs, vocabulary scope (always valid: the CLI would exit 2 otherwise). */
  private async opConfig(): Promise<void> {
    const project = this.rng.pick(this.ws.folders);
    const file = path.join(project, '.playbook-lint.yaml');
    const severities = ['error', 'warning', 'info', 'off'];
    const rules = ['vague-deviation', 'tactic-missing-deviation', 'undefined-term', 'unlinked-term', 'unused-term', 'goal-is-activity', 'duplicate-id'];
    const lines = [`# Config rewritten by the soak (${++this.counter}).`];
    const picked = rules.filter(() => this.rng.chance(0.3));
    if (picked.length) lines.push('rules:', ...picked.map((r) => `  ${r}: ${this.rng.pick(severities)}`));
    else lines.push('rules: {}');
    // Globs that cover open documents, unsaved ones, and files that become ignored while open.
    if (this.rng.chance(0.3)) lines.push(`ignore: [${this.rng.pick(['"extra/**"', '"playbooks/soak-*"', '"**/*.yml"', '"ignored/**"'])}]`);
    else if (this.rng.chance(0.3)) lines.push('ignore: ["ignored/**"]');
    if (this.rng.chance(0.25))
      lines.push(
        `vocabulary: [${this.rng.pick(['"vocabulary/*.vocabulary.yaml"', '"vocabulary/sales.vocabulary.yaml"', '"vocabulary/coaching.vocabulary.yaml"', '"**/*.vocabulary.*"'])}]`,
      );
    if (this.rng.chance(0.15)) lines.splice(1); // back to the defaults
    const text = lines.join('\n') + '\n';
    const doc = this.docs.get(file);
    if (doc) {
      // Edited in the editor (unsaved), sometimes saved, sometimes closed.
      await this.replaceAll(doc, text);
      if (this.rng.chance(0.3)) await this.opSave(doc);
      if (this.rng.chance(0.3)) await this.close(file);
    } else if (this.rng.chance(0.4) && existsSync(file)) {
      await this.open(file);
      await this.replaceAll(this.docs.get(file)!, text);
    } else {
      writeFileSync(file, text);
      this.report.edits++;
      await this.watched([{ file, type: FileChange.Changed }]);
    }
  }

  /** A new file opened in the editor before it exists on disk (then saved, or discarded on close). */
  private async opNewUnsaved(): Promise<void> {
    const project = this.rng.pick(this.ws.folders);
    const vocab = this.rng.chance(0.25);
    if (this.docs.size >= 10) return this.opOpenClose();
    const file = path.join(project, vocab ? 'vocabulary' : 'playbooks', `unsaved-${++this.counter}.${vocab ? 'vocabulary' : 'playbook'}.yaml`);
    const text = vocab ? this.vocabularyText() : this.playbookText();
    this.docs.set(file, { path: file, text, version: 1, history: [] });
    this.created.add(file);
    await this.notify('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'yaml', version: 1, text } });
  }

  /** A closed file moved or renamed on disk: a deleted and a created event together. */
  private async opMove(): Promise<void> {
    const closed = this.closedFiles();
    if (!closed.length) return this.opCreate();
    const from = this.rng.pick(closed);
    const project = this.ws.folders.find((f) => from.startsWith(`${f}/`))!;
    const kind = fileKindOf(from)!;
    const dir = this.rng.pick([path.dirname(from), path.join(project, 'extra'), path.join(project, kind === 'vocabulary' ? 'playbooks' : 'vocabulary')]);
    const to = path.join(dir, `moved-${++this.counter}.${kind}.${this.rng.chance(0.3) ? 'yml' : 'yaml'}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(to, readFileSync(from));
    unlinkSync(from);
    this.created.add(to);
    this.report.edits++;
    await this.watched([
      { file: from, type: FileChange.Deleted },
      { file: to, type: FileChange.Created },
    ]);
  }

  /** The file under an open document changes on disk (a checkout under unsaved edits): the editor's text still wins until it is closed. */
  private async opExternalUnderOpen(): Promise<void> {
    const docs = this.openDocs().filter((d) => existsSync(d.path));
    if (!docs.length) return this.opExternal();
    const doc = this.rng.pick(docs);
    const original = this.originals.get(doc.path);
    writeFileSync(doc.path, original !== undefined && this.rng.chance(0.5) ? original : `${doc.text}\n# changed on disk ${++this.counter}\n`);
    this.report.edits++;
    await this.watched([{ file: doc.path, type: FileChange.Changed }]);
    if (this.rng.chance(0.4)) await this.close(doc.path);
  }

  /** A save through a temp file renamed over the target (how many editors and tools save). */
  private async opAtomicSave(doc: OpenDoc): Promise<void> {
    if (!existsSync(path.dirname(doc.path))) return this.opSave(doc);
    const existed = existsSync(doc.path);
    const tmp = `${doc.path}.soak-tmp`;
    writeFileSync(tmp, doc.text);
    renameSync(tmp, doc.path);
    this.report.edits++;
    await this.notify('textDocument/didSave', { textDocument: { uri: uriOf(doc.path) } });
    await this.watched([{ file: doc.path, type: existed ? (this.rng.chance(0.5) ? FileChange.Changed : FileChange.Created) : FileChange.Created }]);
  }

  private async opOpenClose(): Promise<void> {
    const closed = this.closedFiles();
    // Keep a handful open: an editor with dozens of tabs tests nothing more.
    if (closed.length && (this.docs.size < 3 || (this.docs.size < 10 && this.rng.chance(0.55)))) {
      await this.open(this.rng.pick(closed));
    } else if (this.docs.size > 1) {
      await this.close(this.rng.pick([...this.docs.keys()]));
    }
  }

  /** A well-formed request at a random place in an open document: must answer, without an error. */
  async randomRequest(): Promise<void> {
    const doc = this.pickDoc();
    if (!doc) return;
    const uri = uriOf(doc.path);
    const a = this.analysisOf(doc.path);
    let offset = this.rng.int(doc.text.length + 1);
    if (a && a.termRefs.length && this.rng.chance(0.4)) {
      const ref = this.rng.pick(a.termRefs);
      offset = this.rng.range(ref.span.start, ref.span.end);
    }
    offset = safeOffset(doc.text, offset);
    const position = positionAt(doc.text, offset);
    const kind = this.rng.weighted([
      ['hover', 5],
      ['completion', 4],
      ['codeAction', 4],
      ['definition', 2],
      ['references', 2],
      ['documentSymbol', 1],
      ['prepareRename', 1],
      ['workspaceSymbol', 1],
    ] as const);
    switch (kind) {
      case 'hover':
        return void (await this.request('textDocument/hover', { textDocument: { uri }, position }));
      case 'completion':
        return void (await this.request('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }));
      case 'definition':
        return void (await this.request('textDocument/definition', { textDocument: { uri }, position }));
      case 'references':
        return void (await this.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }));
      case 'documentSymbol':
        return void (await this.request('textDocument/documentSymbol', { textDocument: { uri } }));
      case 'workspaceSymbol':
        return void (await this.request('workspace/symbol', { query: this.rng.pick(['', 'ch', 'first', 'soak', 'é']) }));
      case 'prepareRename':
        return void (await this.request('textDocument/prepareRename', { textDocument: { uri }, position }, true));
      case 'codeAction': {
        // Draw from the PRNG whatever the server pushed (timing-dependent), so a seed replays the same operations.
        const onDiagnostic = this.rng.chance(0.7);
        const which = this.rng.int(1 << 30);
        const pushed = this.client.diagnosticsFor(doc.path) ?? [];
        if (pushed.length && onDiagnostic) {
          const d = pushed[which % pushed.length];
          return void (await this.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], triggerKind: 1 } }));
        }
        const end = positionAt(doc.text, safeOffset(doc.text, Math.min(doc.text.length, offset + this.rng.int(30))));
        return void (await this.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end }, context: { diagnostics: [] } }));
      }
    }
  }

  /** One random operation. */
  async step(): Promise<void> {
    const op = this.rng.weighted([
      ['type', 26],
      ['delete', 9],
      ['termRef', 10],
      ['paste', 6],
      ['cutLines', 5],
      ['multiCursor', 3],
      ['undo', 8],
      ['vocabulary', 9],
      ['id', 6],
      ['save', 4],
      ['create', 3],
      ['deleteFile', 3],
      ['deleteFolder', 0.5],
      ['restore', 1],
      ['external', 3],
      ['openClose', 4],
      ['config', 1],
      ['newUnsaved', 1],
      ['move', 1],
      ['externalUnderOpen', 1],
      ['atomicSave', 1.5],
    ] as const);
    this.count(op);
    this.options.trace?.(`op ${op} (edit ${this.report.edits})`);
    const doc =
      op === 'vocabulary' ? (this.pickDoc('vocabulary') ?? this.pickDoc()) : op === 'id' ? (this.pickDoc('playbook') ?? this.pickDoc()) : this.pickDoc();
    if (!doc && !['create', 'deleteFile', 'deleteFolder', 'restore', 'external', 'openClose', 'config', 'newUnsaved', 'move', 'externalUnderOpen'].includes(op))
      return this.opOpenClose();
    switch (op) {
      case 'type':
        return this.opType(doc!);
      case 'delete':
        return this.opDelete(doc!);
      case 'termRef':
        return this.opTermRef(doc!);
      case 'paste':
        return this.opPaste(doc!);
      case 'cutLines':
        return this.opCutLines(doc!);
      case 'multiCursor':
        return this.opMultiCursor(doc!);
      case 'undo':
        return this.opUndo(doc!);
      case 'vocabulary':
        return fileKindOf(doc!.path) === 'vocabulary' ? this.opVocabulary(doc!) : this.opType(doc!);
      case 'id':
        return this.opId(doc!);
      case 'save':
        return this.opSave(doc!);
      case 'create':
        return this.opCreate();
      case 'deleteFile':
        return this.opDeleteFile();
      case 'deleteFolder':
        return this.opDeleteFolder();
      case 'restore':
        return this.opRestore();
      case 'external':
        return this.opExternal();
      case 'openClose':
        return this.opOpenClose();
      case 'config':
        return this.opConfig();
      case 'newUnsaved':
        return this.opNewUnsaved();
      case 'move':
        return this.opMove();
      case 'externalUnderOpen':
        return this.opExternalUnderOpen();
      case 'atomicSave':
        return this.opAtomicSave(doc!);
    }
  }

  // ---------------------------------------------------------------- settle and compare

  /** Waits until the server has nothing pending and has been quiet for a while (bounded). */
  async settle(quietMs = this.options.quietMs ?? 250): Promise<void> {
    await this.flushWatcher();
    const t0 = Date.now();
    const timeout = this.options.settleTimeoutMs ?? 60_000;
    let seen = this.client.messages.length;
    let quietSince = -1;
    let quietPolls = 0;
    for (;;) {
      const stats = await this.request<{ indexing: boolean; ready: boolean; pendingChecks: number }>('playbook-lint/stats', {});
      const busy = !stats || stats.indexing || !stats.ready || stats.pendingChecks > 0 || this.client.messages.length !== seen;
      seen = this.client.messages.length;
      if (busy) {
        quietSince = -1;
        quietPolls = 0;
      } else {
        if (quietSince < 0) quietSince = Date.now();
        quietPolls++;
        if (quietPolls >= 2 && Date.now() - quietSince >= quietMs) break;
      }
      if (Date.now() - t0 > timeout) throw new HangError(`the server did not settle within ${timeout} ms (last stats ${JSON.stringify(stats)})`);
      await sleep(Math.max(30, Math.min(100, quietMs / 2)));
    }
    this.report.settleMs += Date.now() - t0;
  }

  /** The CLI's diagnostics on a scratch copy of the workspace holding the current text of every open document. */
  async cliDiagnostics(): Promise<Map<string, string[]>> {
    const { root, scratch } = this.ws;
    rmSync(scratch, { recursive: true, force: true });
    cpSync(root, scratch, { recursive: true });
    for (const doc of this.docs.values()) {
      const target = path.join(scratch, path.relative(root, doc.path));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, doc.text);
    }
    const t0 = Date.now();
    const { code, stdout, stderr } = await run(process.execPath, [CLI, '-f', 'json', ...PROJECTS], scratch, 120_000);
    this.report.cliMs += Date.now() - t0;
    if (code !== 0 && code !== 1) throw new FatalError(`the CLI failed on the scratch copy (exit ${code}): ${stderr.slice(0, 2000)}`);
    const json = JSON.parse(stdout) as {
      files: {
        path: string;
        diagnostics: { rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
      }[];
    };
    const out = new Map<string, string[]>();
    for (const f of json.files) {
      const file = path.join(root, f.path);
      out.set(file, f.diagnostics.map((d) => describe(d.rule, d.severity, d.line, d.column, d.endLine, d.endColumn, d.message)).sort());
    }
    return out;
  }

  /** The server's last pushed diagnostics per file under the workspace, 1-based like the CLI. */
  serverDiagnostics(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [uri, diagnostics] of this.client.pushed) {
      const file = fileURLToPath(uri);
      if (!file.startsWith(`${this.ws.root}/`)) continue;
      out.set(file, diagnostics.map(lspDescribe).sort());
    }
    return out;
  }

  private diff(expected: Map<string, string[]>): { file: string; expected: string[]; actual: string[] }[] {
    const actual = this.serverDiagnostics();
    const files = new Set([...expected.keys(), ...actual.keys()]);
    const out: { file: string; expected: string[]; actual: string[] }[] = [];
    for (const file of [...files].sort()) {
      const e = expected.get(file) ?? [];
      const a = actual.get(file) ?? [];
      if (e.length !== a.length || e.some((x, i) => x !== a[i])) out.push({ file, expected: e, actual: a });
    }
    this.report.filesCompared += files.size;
    return out;
  }

  /** Settles, runs the CLI on the same text and compares file by file. Returns the mismatches found. */
  async compare(batch: number): Promise<Mismatch[]> {
    await this.settle();
    const expected = await this.cliDiagnostics();
    this.report.comparisons++;
    const diffs = this.diff(expected);
    if (!diffs.length) return [];
    // Give the server a second, longer chance before calling it a mismatch.
    await sleep(1500);
    await this.settle(1000);
    const again = new Set(this.diff(expected).map((d) => d.file));
    const found: Mismatch[] = diffs.map((d) => ({ batch, edits: this.report.edits, ...d, persistent: again.has(d.file) }));
    for (const m of found) {
      if (this.report.mismatches.length < 100) this.report.mismatches.push(m);
      this.log(
        `MISMATCH batch ${batch} (edit ${m.edits})${m.persistent ? '' : ' [resolved after a longer wait]'} ${path.relative(this.ws.root, m.file)}\n${formatDiff(m.expected, m.actual)}`,
      );
    }
    return found;
  }

  /** Server log errors (window/logMessage or showMessage of type Error) since the last call become anomalies. */
  collectServerErrors(): void {
    for (const m of this.client.messages) {
      if ((m.method === 'window/logMessage' || m.method === 'window/showMessage') && (m.params as { type?: number })?.type === 1) {
        this.anomaly(`server logged an error: ${String((m.params as { message?: string }).message).slice(0, 600)}`);
      }
    }
    // Keep the client's memory flat over a long run: the log is not needed any more.
    this.client.messages.splice(0);
    this.client.pushLog.splice(0);
  }

  /** Opens the vocabularies and some playbooks (the soak's starting point). */
  async openInitial(): Promise<void> {
    for (const f of this.ws.folders.flatMap((d) => listLintable(d))) {
      if (fileKindOf(f) === 'vocabulary' || this.rng.chance(0.4)) await this.open(f);
    }
  }

  /** Random operations without comparisons (to make fuzzed files for other checks), then settles. */
  async fuzz(edits: number): Promise<void> {
    const until = this.report.edits + edits;
    while (this.report.edits < until) await this.step();
    await this.settle();
  }

  /** The whole soak: batches of random operations, each followed by a comparison with the CLI. */
  async run(): Promise<SoakReport> {
    const t0 = Date.now();
    try {
      await this.start();
      await this.openInitial();
      const warmupEdits = Math.min(this.options.edits, Math.max(this.options.batchSize * 2, Math.round(this.options.edits * 0.1)));
      let batch = 0;
      while (this.report.edits < this.options.edits) {
        batch++;
        this.batchStartEdits = this.report.edits;
        while (this.report.edits - this.batchStartEdits < this.options.batchSize && this.report.edits < this.options.edits) {
          await this.step();
          if (this.rng.chance(this.options.requestRate ?? 0.35)) await this.randomRequest();
        }
        const found = await this.compare(batch);
        this.collectServerErrors();
        this.report.batches = batch;
        const mem = this.rssKb();
        if (mem !== undefined) this.report.rss.maxKb = Math.max(this.report.rss.maxKb ?? 0, mem);
        if (this.report.rss.afterWarmup === undefined && this.report.edits >= warmupEdits) {
          this.report.rss.afterWarmup = await this.memory();
          if (this.report.rss.afterWarmup) this.report.rss.samples.push(this.report.rss.afterWarmup);
        } else if (batch % 10 === 0) {
          const sample = await this.memory();
          if (sample) this.report.rss.samples.push(sample);
        }
        this.log(
          `batch ${batch}: ${this.report.edits}/${this.options.edits} edits, ${this.docs.size} open, ${this.workspaceFiles().length} files, ${found.length} mismatching, rss ${mem === undefined ? '?' : kbText(mem)}${this.report.rss.samples.length ? ` (after GC ${kbText(this.report.rss.samples[this.report.rss.samples.length - 1].gcRssKb)} at edit ${this.report.rss.samples[this.report.rss.samples.length - 1].edits})` : ''}, ${Math.round((Date.now() - t0) / 1000)} s`,
        );
        await this.options.afterBatch?.(this, batch);
      }
      this.report.rss.end = await this.memory();
      if (this.report.rss.end) {
        this.report.rss.samples.push(this.report.rss.end);
        this.report.rss.maxKb = Math.max(this.report.rss.maxKb ?? 0, this.report.rss.end.rssKb);
      }
    } catch (error) {
      this.report.fatal = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
      this.log(`FATAL ${this.report.fatal}`);
    } finally {
      this.report.durationMs = Date.now() - t0;
    }
    return this.report;
  }
}

// ------------------------------------------------------------------ helpers

function describe(rule: string, severity: string, line: number, column: number, endLine: number, endColumn: number, message: string): string {
  return `${line}:${column}-${endLine}:${endColumn} ${severity} ${rule}: ${message}`;
}

const SEVERITY_NAMES: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function lspDescribe(d: Diagnostic): string {
  const message = typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
  return describe(
    String(d.code),
    SEVERITY_NAMES[d.severity ?? 1] ?? String(d.severity),
    d.range.start.line + 1,
    d.range.start.character + 1,
    d.range.end.line + 1,
    d.range.end.character + 1,
    message,
  );
}

export function formatDiff(expected: string[], actual: string[]): string {
  const missing = expected.filter((e) => !actual.includes(e));
  const extra = actual.filter((a) => !expected.includes(a));
  return (
    [...missing.map((m) => `    - CLI only:    ${m}`), ...extra.map((x) => `    + server only: ${x}`)].join('\n') || '    (same items, different multiplicity)'
  );
}

export function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new HangError(`${path.basename(args[0] ?? cmd)} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function summarize(report: SoakReport): string {
  const rss = report.rss;
  const g = memoryGrowth(report);
  return [
    `seed ${report.seed}: ${report.edits} edits in ${report.batches} batches, ${report.comparisons} comparisons with the CLI (${report.filesCompared} file results), ${(report.durationMs / 1000).toFixed(1)} s (CLI ${(report.cliMs / 1000).toFixed(1)} s, settling ${(report.settleMs / 1000).toFixed(1)} s)`,
    `operations: ${Object.entries(report.operations)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `requests: ${Object.entries(report.requests)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `server RSS: after warm-up (edit ${rss.afterWarmup?.edits ?? '?'}) ${kbText(rss.afterWarmup?.rssKb)}, end (edit ${rss.end?.edits ?? '?'}) ${kbText(rss.end?.rssKb)}, max ${kbText(rss.maxKb)}${g.rawKb !== undefined ? `, growth ${kbText(g.rawKb)}` : ''}`,
    `server after a forced GC: RSS ${kbText(rss.afterWarmup?.gcRssKb)} → ${kbText(rss.end?.gcRssKb)}${g.gcKb !== undefined ? ` (growth ${kbText(g.gcKb)})` : ''}, V8 heap used ${kbText(rss.afterWarmup?.heapUsedKb)} → ${kbText(rss.end?.heapUsedKb)}${g.heapKb !== undefined ? ` (growth ${kbText(g.heapKb)})` : ''}`,
    `mismatches: ${report.mismatches.length}${report.mismatches.length ? ` (${report.mismatches.filter((m) => m.persistent).length} persistent)` : ''}; anomalies: ${report.anomalies.length}${report.fatal ? `; FATAL: ${report.fatal}` : ''}`,
  ].join('\n');
}

const kbText = (kb: number | undefined) => (kb === undefined ? '?' : `${(kb / 1024).toFixed(1)} MB`);

/** Memory growth between warm-up and the end: raw RSS, RSS after a forced GC, V8 heap after it (kB; undefined when not measured). */
export function memoryGrowth(report: SoakReport): { rawKb?: number; gcKb?: number; heapKb?: number } {
  const a = report.rss.afterWarmup;
  const b = report.rss.end;
  if (!a || !b) return {};
  return {
    rawKb: b.rssKb - a.rssKb,
    gcKb: a.gcRssKb !== undefined && b.gcRssKb !== undefined ? b.gcRssKb - a.gcRssKb : undefined,
    heapKb: a.heapUsedKb !== undefined && b.heapUsedKb !== undefined ? b.heapUsedKb - a.heapUsedKb : undefined,
  };
}
