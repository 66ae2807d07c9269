/**
 * Diagnostics delivery. Each file is reported through exactly one channel at
 * a time, so nothing is ever shown twice:
 * - push (`textDocument/publishDiagnostics`) for clients without pull support,
 *   and for closed files until the client starts pulling the workspace;
 * - pull (`textDocument/diagnostic` for open documents, `workspace/diagnostic`
 *   once the client asks for it) when the client announces pull support.
 * When a file moves from push to pull its pushed diagnostics are cleared.
 *
 * When files are re-checked is the check queue's business (check-queue.ts); this
 * module checks one file when asked and delivers the result.
 */
import type { Connection, Diagnostic as LspDiagnostic, DocumentDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { DocumentDiagnosticReportKind } from 'vscode-languageserver';
import type { Diagnostic } from '../core/types';
import type { Workspace } from '../services/workspace';
import { CheckQueue, type CheckQueueOptions } from './check-queue';
import { toLspDiagnostic } from './convert';
import { customizedSeverity, type Customization } from './user-settings';

export interface DiagnosticsOptions extends CheckQueueOptions {
  /** The client pulls diagnostics of open documents (and can be told to refresh). */
  pull: boolean;
  relatedInformation: boolean;
  /** Drop yaml-syntax problems the YAML extension beside us already reports. */
  yamlSyntaxReportedElsewhere: boolean;
  uriOf: (path: string) => string;
  /** The user's severities on top of the project's (playbookLint.rules.customizations). */
  customizations: () => readonly Customization[];
  /** `run: onSave`: an open document whose edits wait for a save keeps its last result. */
  heldUntilSave: (path: string) => boolean;
}

interface Result {
  /**
   * Undefined once pushed to a client that cannot pull: nothing asks for them again, and
   * thousands of files' diagnostics are memory the server need not hold.
   */
  items?: LspDiagnostic[];
  count: number;
  /** A digest of the items: equal keys, equal diagnostics (kept for every file, so not the JSON itself). */
  key: string;
  resultId: string;
  /** Made by early(), with these customizations: the file's check keeps it when it still stands (see process). */
  early?: readonly Customization[];
}

/** A fingerprint of a file's diagnostics (two 32-bit FNV-1a lanes: a collision would hide a change). Pure JS: it runs in the browser too. */
function keyOf(items: LspDiagnostic[]): string {
  if (!items.length) return '';
  const json = JSON.stringify(items);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ json.length;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${json.length.toString(36)}.${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/** How often the first pass's results are delivered after the first ones (see sendEarly). */
const EARLY_INTERVAL_MS = 400;

export class DiagnosticsEngine {
  private readonly results = new Map<string, Result>();
  private readonly pushed = new Map<string, string>();
  private nextResultId = 1;
  private workspacePull = false;
  private refreshTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Early results not delivered yet (see sendEarly). */
  private readonly earlyQueue = {
    partial: [] as WorkspaceDocumentDiagnosticReport[],
    push: [] as string[],
    last: 0,
    timer: undefined as NodeJS.Timeout | undefined,
  };
  /** Open documents' early results (see early): the version each was made of. */
  private readonly earlyVersions = new Map<string, number>();
  /** Sends partial results of the workspace pull waiting for the first pass (see early). */
  private partial?: (reports: WorkspaceDocumentDiagnosticReport[]) => void;
  /** Results that changed while the client was not asking (pull mode): it must be told to refresh. */
  private changedUnasked = false;
  /** How often each file was linted (exposed for tests and troubleshooting through `playbook-lint/stats`). */
  readonly lintCounts = new Map<string, number>();
  /** The one queue from an edit or a disk event to a check (see check-queue.ts). */
  readonly queue: CheckQueue;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly options: DiagnosticsOptions,
  ) {
    this.queue = new CheckQueue(
      workspace,
      (path) => this.process(path),
      options,
      () => this.maybeRefresh(),
    );
  }

  /** Initial indexing is done: start reporting (nothing before, or every term would look undefined). */
  start(): void {
    this.queue.start();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.earlyQueue.timer);
    this.queue.stop();
    clearTimeout(this.refreshTimer);
  }

  get isReady(): boolean {
    return this.queue.isReady;
  }

  /** Re-checks one file and delivers the result through its channel. */
  process(path: string, asked = false): Result | undefined {
    this.workspace.dirty.delete(path);
    const held = this.results.get(path);
    if (held && this.options.heldUntilSave(path)) return held;
    if (this.workspace.isPending(path)) return this.results.get(path);
    this.lintCounts.set(path, (this.lintCounts.get(path) ?? 0) + 1);
    const prev = this.results.get(path);
    if (prev?.early && this.earlyStands(path, prev)) {
      this.deliver(path);
      if (!this.options.pull) prev.items = undefined;
      return prev;
    }
    const diagnostics = this.workspace.lint(path);
    let result: Result | undefined;
    if (diagnostics === undefined) {
      this.results.delete(path);
      if (prev) this.noteChange(path, asked);
    } else {
      const items = this.filter(diagnostics).map((d) => toLspDiagnostic(d, this.options));
      const key = keyOf(items);
      if (prev && prev.key === key) {
        result = prev;
        result.items ??= items;
      } else {
        result = { items, count: items.length, key, resultId: String(this.nextResultId++) };
        this.results.set(path, result);
        this.noteChange(path, asked);
      }
    }
    this.deliver(path);
    if (result && !this.options.pull) result.items = undefined;
    return result;
  }

  /**
   * A file's check after the first pass, when its early result was made: the result stands
   * when the workspace says the lint would give the same problems and the user's customizations
   * are the ones it was made with. Then nothing is converted or sent again (after a first pass
   * that shows each file's problems as it goes, this is most files: the pass's tail is only the
   * files the project rules add to).
   */
  private earlyStands(path: string, early: Result): boolean {
    const made = early.early;
    early.early = undefined;
    return made === this.options.customizations() && this.workspace.earlyProblemsStand(path);
  }

  /**
   * A closed file's problems from the first pass, before the workspace is checked (a platform
   * that reads files while indexing: see Workspace.onEarlyProblems). The problems no other
   * playbook can change; its check after the pass sends the file again only when the project
   * rules add to them.
   */
  early(files: readonly { path: string; diagnostics: Diagnostic[] }[]): void {
    for (const { path, diagnostics } of files) {
      if (this.stopped || this.isReady || this.results.has(path)) continue;
      const doc = this.workspace.docs.get(path);
      const pulled = this.channel(path) === 'pull';
      if (pulled && !doc && !this.partial) continue;
      const items = this.filter(diagnostics).map((d) => toLspDiagnostic(d, this.options));
      const result: Result = { items, count: items.length, key: keyOf(items), resultId: String(this.nextResultId++), early: this.options.customizations() };
      this.results.set(path, result);
      // An open document's pull takes it (pullDocument), for the version it was made of.
      if (pulled && doc) this.earlyVersions.set(path, doc.version);
      else if (pulled) this.earlyQueue.partial.push(this.report(path, result));
      else this.earlyQueue.push.push(path);
    }
    this.sendEarly();
  }

  /**
   * The first files' results go out at once, later ones a few hundred ms at a time: each delivery
   * costs the editor's window a round of marker updates, and while the files are being read
   * that window also carries the reads (in the browser, every workspace.fs read passes it).
   */
  private sendEarly(): void {
    if (this.earlyQueue.timer) return;
    const wait = this.earlyQueue.last + EARLY_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.earlyQueue.timer = setTimeout(() => {
        this.earlyQueue.timer = undefined;
        this.sendEarly();
      }, wait);
      return;
    }
    this.earlyQueue.last = Date.now();
    const reports = this.earlyQueue.partial.splice(0);
    if (reports.length) this.partial?.(reports);
    for (const path of this.earlyQueue.push.splice(0)) {
      const result = this.results.get(path);
      if (!result?.items) continue; // sent by its check meanwhile
      this.deliver(path);
      if (!this.options.pull) result.items = undefined;
    }
  }

  private report(path: string, result: Result): WorkspaceDocumentDiagnosticReport {
    return { kind: DocumentDiagnosticReportKind.Full, uri: this.options.uriOf(path), version: null, resultId: result.resultId, items: result.items ?? [] };
  }

  private filter(diagnostics: Diagnostic[]): Diagnostic[] {
    return this.customize(this.options.yamlSyntaxReportedElsewhere ? withoutParseErrors(diagnostics) : diagnostics);
  }

  /** The user's severities (playbookLint.rules.customizations); `off` hides the problem in this editor only. */
  private customize(diagnostics: Diagnostic[]): Diagnostic[] {
    const customizations = this.options.customizations();
    if (!customizations.length) return diagnostics;
    const out: Diagnostic[] = [];
    for (const d of diagnostics) {
      const severity = customizedSeverity(d.ruleId, d.severity, customizations);
      if (severity !== 'off') out.push(severity === d.severity ? d : { ...d, severity });
    }
    return out;
  }

  private noteChange(path: string, asked: boolean): void {
    if (this.channel(path) === 'pull' && !asked) this.changedUnasked = true;
  }

  private channel(path: string): 'push' | 'pull' {
    return this.options.pull && (this.workspace.docs.has(path) || this.workspacePull) ? 'pull' : 'push';
  }

  /** Sends or clears pushed diagnostics so the file is reported only through its current channel. */
  deliver(path: string): void {
    if (this.stopped) return;
    const result = this.results.get(path);
    const sent = this.pushed.get(path);
    if (this.channel(path) === 'push') {
      const key = result && result.count ? result.key : undefined;
      if (key === sent) return;
      if (result && !result.items) {
        // Dropped after an earlier push (see Result.items): check the file again, which sends it.
        this.workspace.dirty.add(path);
        this.queue.schedule();
        return;
      }
      const doc = this.workspace.docs.get(path);
      void this.connection.sendDiagnostics({ uri: this.options.uriOf(path), version: doc?.version, diagnostics: result?.items ?? [] });
      if (key) this.pushed.set(path, key);
      else this.pushed.delete(path);
    } else if (sent !== undefined) {
      void this.connection.sendDiagnostics({ uri: this.options.uriOf(path), diagnostics: [] });
      this.pushed.delete(path);
    }
  }

  private maybeRefresh(): void {
    if (!this.changedUnasked || this.refreshTimer || this.stopped) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.changedUnasked) return;
      this.changedUnasked = false;
      this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, 20);
  }

  // ------------------------------------------------------------------ pull

  /** textDocument/diagnostic */
  async pullDocument(path: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    // Before the first pass ends: the document's early result, if it is of this version (the pass's end refreshes it).
    const early = () => this.earlyVersions.has(path) && this.earlyVersions.get(path) === this.workspace.docs.get(path)?.version;
    await this.waitReady(early);
    const earlyResult = !this.isReady && this.results.get(path);
    if (earlyResult) return { kind: DocumentDiagnosticReportKind.Full, resultId: earlyResult.resultId, items: earlyResult.items ?? [] };
    this.workspace.flush(path);
    let result = this.results.get(path);
    if (!result || this.workspace.dirty.has(path)) result = this.process(path, true);
    if (!result) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (previousResultId === result.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: result.resultId, items: result.items ?? [] };
  }

  /**
   * workspace/diagnostic: every reported file whose result the client does not have yet. Asked
   * before the first pass ends, it sends the files' early results (see early) as partial results.
   */
  async pullWorkspace(
    previous: { uri: string; value: string }[],
    isCancelled: () => boolean,
    partial?: (reports: WorkspaceDocumentDiagnosticReport[]) => void,
  ): Promise<WorkspaceDocumentDiagnosticReport[]> {
    // What this request sent as partial results: the client has those, the final answer leaves them out.
    const sent = new Map<string, string | undefined>();
    const report =
      partial &&
      ((reports: WorkspaceDocumentDiagnosticReport[]) => {
        for (const r of reports) sent.set(r.uri, r.resultId);
        partial(reports);
      });
    if (!this.isReady && report) this.partial = report;
    if (!this.workspacePull) {
      this.workspacePull = true;
      // Shown early through the push channel: sent as partial results before the pushes are cleared.
      const shown = [...this.pushed.keys()];
      const reports = shown.flatMap((path) => {
        const result = this.results.get(path);
        return result?.items ? [this.report(path, result)] : [];
      });
      if (report && reports.length) report(reports);
      for (const path of shown) this.deliver(path);
    }
    await this.waitReady();
    if (this.partial === report) this.partial = undefined;
    this.workspace.flushAll();
    // Closed files still waiting for a re-check are checked now (in slices).
    if (!(await this.queue.checkAllNow((path) => this.process(path, true), isCancelled))) return [];
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    const reports: WorkspaceDocumentDiagnosticReport[] = [];
    const reported = new Set<string>();
    for (const path of this.workspace.reportedPaths()) {
      let result = this.results.get(path);
      if (!result) result = this.process(path, true);
      if (!result) continue;
      const uri = this.options.uriOf(path);
      reported.add(uri);
      if (known.get(uri) === result.resultId || sent.get(uri) === result.resultId) continue;
      reports.push({
        kind: DocumentDiagnosticReportKind.Full,
        uri,
        version: this.workspace.docs.get(path)?.version ?? null,
        resultId: result.resultId,
        items: result.items ?? [],
      });
    }
    // Files the client still holds results for but that are gone: clear them.
    for (const [uri] of known) {
      if (!reported.has(uri)) reports.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
    }
    return reports;
  }

  private waitReady(orWhen?: () => boolean): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (this.isReady || this.stopped || orWhen?.() ? resolve() : setTimeout(check, 10));
      check();
    });
  }

  /** A document opened or closed: its channel may have changed. */
  channelChanged(path: string): void {
    if (!this.isReady) return;
    this.deliver(path);
  }
}

/**
 * The YAML extension reports parse errors itself; ours would be the same problem twice.
 * Problems it cannot know about (unreadable, binary, several documents, alias bombs) stay.
 */
function withoutParseErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.ruleId !== 'yaml-syntax' || !/^YAML syntax: /.test(d.message) || /second YAML document|alias|nests too deeply/.test(d.message),
  );
}
