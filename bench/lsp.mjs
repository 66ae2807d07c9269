#!/usr/bin/env node
// Language-server side of the benchmark, over stdio like an editor.
//
//   node bench/lsp.mjs [--corpus bench/corpus/2000] [--server dist/server.js] [--edits 100]
//                      [--requests 100] [--index-timeout 300] [--json FILE] [--cpu-prof DIR]
//                      [--default-rules]
//   (--default-rules: every rule at its default, what users run: the corpus is copied to a
//   temporary folder whose .playbook-lint.yaml is the generator's .playbook-lint.defaults.yaml,
//   and the counts are checked against expected.defaultRules)
//   (--cpu-prof DIR: run the server under node --cpu-prof; then node bench/profile.mjs --analyze DIR/<file>)
//
// 1. spawns `node dist/server.js --stdio`, initializes with the corpus as the workspace folder;
// 2. indexing time: initialize → the later of the server's workDoneProgress `end` and the
//    publishDiagnostics of every file with a planted problem (bounded by --index-timeout);
//    checks the diagnostics it published against the generator's expected counts;
// 3. server RSS after indexing (/proc/PID/status VmRSS, with any child processes);
// 4. opens the ~30 KB playbook the generator picked and types 100 keystrokes (one incremental
//    didChange each) inside [[references]] in a `why`, so that every keystroke changes the file's
//    diagnostics, timing each until the publishDiagnostics for that URI and version (or, without
//    versions, the next one for the URI);
// 5. 100 hovers on [[term]] positions and 100 completions just after `[[`: p50/p95.
// Prints progress to stderr and one JSON object to stdout (or --json FILE).

import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { keystrokes } from './lib/keystrokes.mjs';
import { peakRss, percentile, processCpuSeconds, treeRss } from './lib/measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

/**
 * One keystroke after another in the open document, each followed at once by the preview
 * request (the edit is then still pending in the server): from sending the change to having
 * the page of that version. Undefined when the server has no preview request.
 */
async function timePreview(conn, uri, edits, type) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < edits; i++) {
    const t0 = performance.now();
    const version = type(i % 10 === 9 ? ' ' : 'x');
    let page;
    try {
      page = await conn.sendRequest('playbook-lint/preview', { textDocument: { uri } });
    } catch (error) {
      if (i === 0) return undefined;
      throw error;
    }
    times.push(performance.now() - t0);
    if (!page || page.version !== version) throw new Error(`preview of version ${version} answered version ${page?.version}`);
    bytes = page.body.length + page.styles.length;
  }
  return {
    count: times.length,
    p50Ms: round(percentile(times, 50), 2),
    p95Ms: round(percentile(times, 95), 2),
    maxMs: round(Math.max(...times), 2),
    kb: Math.round(bytes / 1000),
  };
}

function parseArgs(argv) {
  const a = {
    corpus: path.join(HERE, 'corpus/2000'),
    server: path.join(REPO, 'dist/server.js'),
    edits: 100,
    requests: 100,
    indexTimeout: 300,
    json: undefined,
    prof: undefined,
    defaultRules: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--corpus') a.corpus = path.resolve(v());
    else if (k === '--server') a.server = path.resolve(v());
    else if (k === '--edits') a.edits = Number(v());
    else if (k === '--requests') a.requests = Number(v());
    else if (k === '--index-timeout') a.indexTimeout = Number(v());
    else if (k === '--json') a.json = path.resolve(v());
    else if (k === '--cpu-prof') a.prof = path.resolve(v());
    else if (k === '--default-rules') a.defaultRules = true;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

const log = (...m) => process.stderr.write(`[lsp] ${m.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 1) => (x === undefined || Number.isNaN(x) ? undefined : Math.round(x * 10 ** d) / 10 ** d);

/** Offset → LSP position (UTF-16 code units; JS strings already are). */
function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function emit(result, file) {
  const json = JSON.stringify(result, null, 2);
  if (file) writeFileSync(file, json + '\n');
  process.stdout.write(json + '\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const result = { server: path.relative(REPO, args.server), corpus: path.relative(REPO, args.corpus) };
  if (!existsSync(args.server)) {
    log(`server not built (${result.server} missing): skipped`);
    return emit({ ...result, skipped: 'server not built' }, args.json);
  }
  const expected = JSON.parse(readFileSync(path.join(args.corpus, 'expected.json'), 'utf8'));
  if (!expected.perFile || !Object.keys(expected.perFile).length) {
    log(`${path.relative(REPO, args.corpus)}/expected.json is from an older generator: run node bench/generate-corpus.mjs --size ${expected.size}`);
    process.exit(2);
  }
  let cleanup = () => {};
  if (args.defaultRules) {
    const copy = mkdtempSync(path.join(tmpdir(), 'bench-lsp-default-rules-'));
    cpSync(args.corpus, copy, { recursive: true });
    copyFileSync(path.join(copy, '.playbook-lint.defaults.yaml'), path.join(copy, '.playbook-lint.yaml'));
    args.corpus = copy;
    cleanup = () => rmSync(copy, { recursive: true, force: true });
    result.defaultRules = true;
  }
  process.on('exit', () => cleanup());
  const lintable = readdirSync(args.corpus, { recursive: true }).filter((f) => /\.(playbook|vocabulary)\.ya?ml$/i.test(f));
  const rootUri = pathToFileURL(args.corpus).href;
  const uriOf = (rel) => pathToFileURL(path.join(args.corpus, rel)).href;
  const expectedUris = new Set(lintable.map(uriOf));
  // A server may publish only for files that have problems: those are the files indexing must reach.
  const problemUris = new Set(Object.keys(expected.perFile ?? {}).map(uriOf));

  mkdirSync(path.join(HERE, '.runs'), { recursive: true });
  const serverLog = createWriteStream(path.join(HERE, '.runs/lsp-server-stderr.log'));
  const tSpawn = performance.now();
  const phases = {};
  const mark = (name) => (phases[name] = Math.round(performance.now() - tSpawn));
  const nodeArgs = args.prof ? ['--cpu-prof', '--cpu-prof-dir', args.prof] : [];
  const proc = spawn(process.execPath, [...nodeArgs, args.server, '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stderr.pipe(serverLog);
  let exited = false;
  const exitedP = new Promise((resolve) =>
    proc.on('exit', (code, signal) => {
      exited = true;
      log(`server exited (${code ?? signal})`);
      resolve();
    }),
  );
  const orExit = (promise, what) =>
    Promise.race([promise, exitedP.then(() => Promise.reject(new Error(`server exited during ${what} (see bench/.runs/lsp-server-stderr.log)`)))]);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));

  // --- what the server tells us ---
  const progress = new Map(); // token -> { title, begin, end }
  const diags = new Map(); // uri -> { at, version, diagnostics }
  const waiters = new Set(); // (uri, params, at) => boolean (true: done)
  let lastPublishAt = 0;
  conn.onNotification('$/progress', ({ token, value }) => {
    const now = performance.now();
    const p = progress.get(token) ?? {};
    if (value?.kind === 'begin') Object.assign(p, { title: value.title, begin: now });
    if (value?.kind === 'end') p.end = now;
    progress.set(token, p);
  });
  conn.onNotification('textDocument/publishDiagnostics', (params) => {
    const now = performance.now();
    lastPublishAt = now;
    diags.set(params.uri, { at: now, version: params.version, diagnostics: params.diagnostics });
    for (const w of [...waiters]) if (w(params, now)) waiters.delete(w);
  });
  conn.onNotification('window/logMessage', (p) => serverLog.write(`[logMessage] ${p.message}\n`));
  conn.onNotification('window/showMessage', (p) => log(`server says: ${p.message}`));
  conn.onNotification(() => {});
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('client/unregisterCapability', () => null);
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('workspace/workspaceFolders', () => [{ uri: rootUri, name: path.basename(args.corpus) }]);
  conn.onRequest(() => null);
  conn.listen();

  const tInit = performance.now();
  const init = await orExit(
    conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'playbook-lint-bench' },
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(args.corpus) }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { workspaceFolders: true, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { contextSupport: true, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        },
      },
    }),
    'initialize',
  );
  const tInitialized = performance.now();
  conn.sendNotification('initialized', {});
  result.startupMs = round(tInitialized - tSpawn);
  const sync = init.capabilities?.textDocumentSync;
  const syncKind = typeof sync === 'number' ? sync : (sync?.change ?? 1);
  result.textDocumentSync = syncKind === 2 ? 'incremental' : syncKind === 1 ? 'full' : 'none';

  // --- indexing ---
  log(`initialized in ${result.startupMs} ms; waiting for the workspace index (${expectedUris.size} files, ${problemUris.size} with problems) …`);
  const deadline = tInit + args.indexTimeout * 1000;
  let progressEnd;
  for (;;) {
    const now = performance.now();
    const ends = [...progress.values()].filter((p) => p.begin !== undefined && p.end !== undefined);
    const open = [...progress.values()].filter((p) => p.begin !== undefined && p.end === undefined);
    if (ends.length && open.length === 0) progressEnd = Math.max(...ends.map((p) => p.end));
    const publishedProblemFiles = [...problemUris].filter((u) => diags.has(u)).length;
    if (publishedProblemFiles === problemUris.size && (progress.size === 0 || progressEnd !== undefined)) break;
    // Progress finished and nothing published for 5 s: the server does not publish for every file.
    if (progressEnd !== undefined && now - Math.max(progressEnd, lastPublishAt) > 5000) break;
    // No progress reported at all: settle when publishing has been quiet for 5 s.
    if (progress.size === 0 && lastPublishAt && now - lastPublishAt > 5000) break;
    if (now > deadline || exited) {
      result.indexTimedOut = !exited;
      break;
    }
    await sleep(20);
  }
  if (exited) return emit({ ...result, error: 'server exited during indexing (see bench/.runs/lsp-server-stderr.log)' }, args.json);
  const published = [...expectedUris].filter((u) => diags.has(u));
  // When the last file's diagnostics (as finally published) arrived.
  const lastFileDiagAt = Math.max(0, ...published.map((u) => diags.get(u).at));
  result.progress = [...progress.values()].map((p) => ({
    title: p.title,
    ms: p.end !== undefined && p.begin !== undefined ? round(p.end - p.begin) : undefined,
  }));
  result.indexProgressEndMs = progressEnd !== undefined ? round(progressEnd - tInit) : undefined;
  result.allDiagnosticsMs = published.length ? round(lastFileDiagAt - tInit) : undefined;
  result.filesPublished = published.length;
  result.filesInWorkspace = expectedUris.size;
  result.filesWithProblems = problemUris.size;
  result.problemFilesPublished = [...problemUris].filter((u) => diags.has(u)).length;
  result.indexMs = round(Math.max(progressEnd ?? 0, lastFileDiagAt) - tInit);
  phases.indexStart = Math.round(tInit - tSpawn);
  phases.indexEnd = Math.round(Math.max(progressEnd ?? 0, lastFileDiagAt) - tSpawn);
  const counts = {};
  for (const u of published) for (const d of diags.get(u).diagnostics) counts[d.code ?? '(no code)'] = (counts[d.code ?? '(no code)'] ?? 0) + 1;
  result.diagnosticCounts = counts;
  // The server's CPU (main thread and index workers) when the index is done: less load-sensitive than the wall time.
  result.cpuAtIndexEndS = processCpuSeconds(proc.pid);
  // Default rules: exact for the rules the generator predicts (others, such as the coaching checks, are counted, not predicted).
  const expectedCounts = args.defaultRules ? expected.defaultRules : expected.rules;
  result.expectedCounts = expectedCounts;
  result.countsMatch =
    Object.entries(expectedCounts).every(([rule, n]) => (counts[rule] ?? 0) === n) &&
    (args.defaultRules || Object.keys(counts).every((r) => r in expectedCounts));
  await sleep(500); // let the heap settle for a moment before reading RSS
  result.rssAfterIndexBytes = treeRss(proc.pid);
  result.peakRssBytes = peakRss(proc.pid);
  log(
    `indexed in ${result.indexMs} ms (progress end ${result.indexProgressEndMs ?? '—'} ms, ${published.length}/${expectedUris.size} files published), RSS ${(result.rssAfterIndexBytes / 1e6).toFixed(0)} MB, server CPU ${result.cpuAtIndexEndS ?? '—'} s`,
  );

  // --- one ~30 KB playbook: open, then type ---
  const targetRel = expected.lspTarget.path;
  const uri = uriOf(targetRel);
  let text = readFileSync(path.join(args.corpus, targetRel), 'utf8');
  let version = 1;
  result.target = { path: targetRel, bytes: Buffer.byteLength(text) };

  const waitForDiagnostics = (v, timeoutMs) =>
    new Promise((resolve) => {
      const sentAt = performance.now();
      const w = (params, at) => {
        if (params.uri !== uri) return false;
        if (params.version !== undefined && params.version !== null && params.version < v) return false;
        clearTimeout(timer);
        resolve({ ms: at - sentAt, versioned: params.version !== undefined && params.version !== null, count: params.diagnostics.length });
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(w);
        resolve({ ms: undefined, timedOut: true });
      }, timeoutMs);
      waiters.add(w);
    });

  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  // The document is what is on disk, so the server may rightly publish nothing new: just settle.
  await sleep(300);

  // Typing: the keystrokes of bench/lib/keystrokes.mjs (inside [[references]] of a why, so each
  // timed one changes the diagnostics), each timed from didChange to that version's diagnostics.
  const vocabText = readFileSync(path.join(args.corpus, 'vocabulary/sales.vocabulary.yaml'), 'utf8');
  const editTimes = [];
  let timeouts = 0;
  let versioned = true;
  let untimed = 0;
  // Where the typing stopped: the preview below types there.
  let offset = 0;
  const send = (at, insert) => {
    version++;
    const pos = positionAt(text, at);
    text = text.slice(0, at) + insert + text.slice(at);
    const change = syncKind === 2 ? { range: { start: pos, end: pos }, text: insert } : { text };
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  };
  mark('editsStart');
  for (const stroke of keystrokes(text, vocabText, args.edits)) {
    const wait = stroke.timed ? waitForDiagnostics(version + 1, 5000) : undefined;
    send(stroke.offset, stroke.text);
    offset = stroke.offset + (stroke.text === ' [[]]' ? 3 : stroke.text.length);
    if (!wait) {
      untimed++;
      await sleep(30);
      continue;
    }
    const r = await wait;
    if (r.timedOut) timeouts++;
    else {
      editTimes.push(r.ms);
      versioned &&= r.versioned;
    }
  }
  mark('editsEnd');
  result.edits = {
    count: editTimes.length + timeouts,
    untimed,
    p50Ms: round(percentile(editTimes, 50), 2),
    p95Ms: round(percentile(editTimes, 95), 2),
    maxMs: round(Math.max(...editTimes), 2),
    timeouts,
    matchedByVersion: versioned,
  };
  log(`didChange → publishDiagnostics: p50 ${result.edits.p50Ms} ms, p95 ${result.edits.p95Ms} ms over ${editTimes.length} edits (${timeouts} timeouts)`);

  // --- hover and completion on [[term]] positions of the (edited) document ---
  const refs = [];
  for (const m of text.matchAll(/\[\[([^[\]]*)\]\]/g)) refs.push(m.index);
  const timeRequests = async (method, paramsAt) => {
    const times = [];
    let nonEmpty = 0;
    let errors = 0;
    for (let i = 0; i < args.requests; i++) {
      const start = refs[(i * 7) % refs.length];
      const t0 = performance.now();
      try {
        const res = await conn.sendRequest(method, paramsAt(start));
        times.push(performance.now() - t0);
        const items = Array.isArray(res) ? res : res?.items;
        if (items ? items.length > 0 : res) nonEmpty++;
      } catch {
        errors++;
      }
    }
    return {
      count: args.requests,
      p50Ms: round(percentile(times, 50), 2),
      p95Ms: round(percentile(times, 95), 2),
      maxMs: round(Math.max(...times), 2),
      nonEmpty,
      errors,
    };
  };
  if (refs.length) {
    mark('hoverStart');
    result.hover = await timeRequests('textDocument/hover', (start) => ({ textDocument: { uri }, position: positionAt(text, start + 4) }));
    mark('completionStart');
    result.completion = await timeRequests('textDocument/completion', (start) => ({
      textDocument: { uri },
      position: positionAt(text, start + 2),
      context: { triggerKind: 2, triggerCharacter: '[' },
    }));
    mark('completionEnd');
    log(
      `hover p95 ${result.hover.p95Ms} ms (${result.hover.nonEmpty} non-empty), completion p95 ${result.completion.p95Ms} ms (${result.completion.nonEmpty} non-empty)`,
    );
  }
  // --- the live preview: a keystroke, then the preview request (what the editor's webview sends), timed together ---
  mark('previewStart');
  result.preview = await timePreview(conn, uri, args.edits, (insert) => {
    send(offset, insert);
    return version;
  });
  mark('previewEnd');
  if (result.preview)
    log(
      `edit → preview page: p50 ${result.preview.p50Ms} ms, p95 ${result.preview.p95Ms} ms over ${result.preview.count} edits (${result.preview.kb} KB of HTML)`,
    );
  result.rssAfterEditsBytes = treeRss(proc.pid);
  result.phasesMsSinceSpawn = phases;
  result.peakRssBytes = peakRss(proc.pid) ?? result.peakRssBytes;

  // --- shut down ---
  try {
    await Promise.race([conn.sendRequest('shutdown'), sleep(3000)]);
    conn.sendNotification('exit');
  } catch {
    /* already gone */
  }
  await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(3000)]);
  if (!exited) proc.kill('SIGKILL');
  conn.dispose();
  emit(result, args.json);
}

main().catch((error) => {
  log(`failed: ${error?.stack ?? error}`);
  process.stdout.write(JSON.stringify({ error: String(error?.message ?? error) }) + '\n');
  process.exit(1);
});
