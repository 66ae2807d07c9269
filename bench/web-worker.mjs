#!/usr/bin/env node
// The browser build's language server (dist/web-server.js) in a real web worker of Debian's
// chromium, driven like the browser extension drives it: no disk, every file listed and read
// through the client's requests (playbook-lint/listFiles, playbook-lint/readFiles).
//
//   node bench/web-worker.mjs [--size 200] [--edits 100] [--json FILE]
//
// 1. a page on a local HTTP server starts the worker; the corpus (bench/corpus/<size>, made by
//    generate-corpus.mjs) lives in the page's memory, as a vscode-vfs:// workspace folder
//    (github.dev's scheme), and is handed out as Uint8Arrays when the server asks;
// 2. first diagnostics: initialize → the first publishDiagnostics, and → every file with a
//    planted problem published (the whole workspace checked); counts checked against the
//    generator's expected.json;
// 3. typing: the ~30 KB playbook is opened and typed into like bench/lsp.mjs does (keystrokes
//    inside [[references]] in a `why`, each changing the file's diagnostics); each timed in the
//    page from postMessage(didChange) to the publishDiagnostics of that version: p50/p95.
// All timing happens in the page (performance.now), none through the driver.
// Needs chromium (bash test/e2e/setup.sh installs it) and playwright-core (a devDependency).

import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generateCorpus } from './generate-corpus.mjs';
import { keystrokes } from './lib/keystrokes.mjs';
import { percentile } from './lib/measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const CHROMIUM = process.env.PLAYBOOK_E2E_CHROMIUM || '/usr/bin/chromium';
const FOLDER_URI = 'vscode-vfs://github/acme/playbooks';
const round = (n, d = 0) => (n === undefined || Number.isNaN(n) ? undefined : Math.round(n * 10 ** d) / 10 ** d);
const log = (m) => process.stderr.write(`[web-worker] ${m}\n`);

function parseArgs(argv) {
  const a = { size: 200, edits: 100, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--size') a.size = Number(argv[++i]);
    else if (argv[i] === '--edits') a.edits = Number(argv[++i]);
    else if (argv[i] === '--json') a.json = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

function filesOf(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(playbook|vocabulary)\.ya?ml$|^\.playbook-lint\.yaml$/.test(e.name))
        out[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Runs in the page: a minimal LSP client over postMessage, answering the server's file requests from memory. */
async function drive({ folderUri, files, targetUri, problemUris, strokes }) {
  const enc = new TextEncoder();
  const worker = new Worker('/web-server.js');
  const pending = new Map();
  const diags = new Map();
  const waiters = new Set();
  let nextId = 1;
  let firstPublishAt;
  const t0 = performance.now();
  const send = (m) => worker.postMessage({ jsonrpc: '2.0', ...m });
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ id, method, params });
    });
  const answer = (m) => {
    if (m.method === 'playbook-lint/listFiles') {
      const prefix = m.params.folder.replace(/\/?$/, '/');
      return { files: Object.keys(files).filter((u) => u.startsWith(prefix)), unreadable: [] };
    }
    if (m.method === 'playbook-lint/readFiles')
      return { files: m.params.uris.map((uri) => (uri in files ? { uri, bytes: enc.encode(files[uri]) } : { uri, error: 'EntryNotFound (FileSystemError)' })) };
    return null;
  };
  worker.onmessage = async (e) => {
    const m = e.data;
    if (m.id !== undefined && !m.method) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
    } else if (m.id !== undefined) {
      send({ id: m.id, result: await answer(m) });
    } else if (m.method === 'textDocument/publishDiagnostics') {
      const at = performance.now();
      firstPublishAt ??= at;
      diags.set(m.params.uri, { at, version: m.params.version, count: m.params.diagnostics.length, codes: m.params.diagnostics.map((d) => d.code) });
      for (const w of [...waiters]) if (w(m.params, at)) waiters.delete(w);
    }
  };
  worker.onerror = (e) => console.error(`worker error: ${e.message}`);
  await request('initialize', {
    processId: null,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'playbooks' }],
    // As the extension does: where the worker can importScripts the language model from.
    initializationOptions: { clientFileAccess: true, nlpModel: new URL('/web-nlp-model.js', location.href).href },
    capabilities: {
      window: { workDoneProgress: false },
      workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
  });
  send({ method: 'initialized', params: {} });
  const waitUntil = (pred, ms) =>
    new Promise((resolve) => {
      const started = performance.now();
      const tick = () => (pred() || performance.now() - started > ms ? resolve(pred()) : setTimeout(tick, 10));
      tick();
    });
  const allPublished = await waitUntil(() => problemUris.every((u) => diags.has(u)), 120000);
  const lastAt = Math.max(...problemUris.filter((u) => diags.has(u)).map((u) => diags.get(u).at));
  const counts = {};
  for (const d of diags.values()) for (const c of d.codes) counts[c] = (counts[c] ?? 0) + 1;
  const index = { firstDiagnosticsMs: firstPublishAt - t0, allDiagnosticsMs: lastAt - t0, allPublished, filesPublished: diags.size, counts };

  // Typing into the ~30 KB playbook.
  let text = files[targetUri];
  let version = 1;
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri: targetUri, languageId: 'yaml', version, text } } });
  await new Promise((r) => setTimeout(r, 300));
  const times = [];
  let timeouts = 0;
  for (const s of strokes) {
    version++;
    const before = text.slice(0, s.offset);
    const lines = before.split('\n');
    const pos = { line: lines.length - 1, character: lines[lines.length - 1].length };
    text = before + s.text + text.slice(s.offset);
    const v = version;
    const done = s.timed
      ? new Promise((resolve) => {
          const w = (params, at) => (params.uri === targetUri && params.version >= v ? (resolve(at), true) : false);
          waiters.add(w);
          setTimeout(() => waiters.delete(w) && resolve(undefined), 5000);
        })
      : undefined;
    const sentAt = performance.now();
    send({
      method: 'textDocument/didChange',
      params: { textDocument: { uri: targetUri, version: v }, contentChanges: [{ range: { start: pos, end: pos }, text: s.text }] },
    });
    if (!done) {
      await new Promise((r) => setTimeout(r, 30));
      continue;
    }
    const at = await done;
    if (at === undefined) timeouts++;
    else times.push(at - sentAt);
  }
  worker.terminate();
  return { index, times, timeouts };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const bundle = path.join(REPO, 'dist/web-server.js');
  // The coaching checks' language model, which the worker loads only when a coaching check reads a sentence.
  const model = path.join(REPO, 'dist/web-nlp-model.js');
  if (!existsSync(bundle) || !existsSync(model)) throw new Error('dist/web-server.js or dist/web-nlp-model.js is missing: npm run build first');
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (bash test/e2e/setup.sh installs it; or set PLAYBOOK_E2E_CHROMIUM)`);
  const dir = path.join(HERE, 'corpus', String(args.size));
  const expected = generateCorpus({ size: args.size, dir, log });
  const rel = filesOf(dir);
  const files = Object.fromEntries(Object.entries(rel).map(([r, t]) => [`${FOLDER_URI}/${r}`, t]));
  const problemUris = Object.entries(expected.perFile ?? {})
    .filter(([, c]) => Object.values(c).some((n) => n > 0))
    .map(([r]) => `${FOLDER_URI}/${r.split(path.sep).join('/')}`)
    .filter((u) => u in files);
  const targetRel = expected.lspTarget.path;
  const strokes = keystrokes(rel[targetRel], rel['vocabulary/sales.vocabulary.yaml'], args.edits);

  const http = createServer((req, res) => {
    if (req.url === '/web-server.js' || req.url === '/web-nlp-model.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end(readFileSync(req.url === '/web-server.js' ? bundle : model));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>playbook-lint web worker bench</title>');
    }
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  const { chromium } = createRequire(path.join(REPO, 'package.json'))('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && log(`page: ${m.text()}`));
    await page.goto(`http://127.0.0.1:${http.address().port}/`);
    log(
      `${Object.keys(files).length} files (${(Object.values(rel).reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6).toFixed(1)} MB) in the page; starting the worker`,
    );
    const r = await page.evaluate(drive, { folderUri: FOLDER_URI, files, targetUri: `${FOLDER_URI}/${targetRel}`, problemUris, strokes });
    const countsMatch = Object.entries(expected.rules).every(([rule, n]) => (r.index.counts[rule] ?? 0) === n);
    const result = {
      size: args.size,
      files: Object.keys(files).length,
      bundleBytes: readFileSync(bundle).length,
      modelBytes: readFileSync(model).length,
      firstDiagnosticsMs: round(r.index.firstDiagnosticsMs),
      allDiagnosticsMs: round(r.index.allDiagnosticsMs),
      filesPublished: r.index.filesPublished,
      allProblemFilesPublished: r.index.allPublished,
      countsMatch,
      counts: r.index.counts,
      expectedCounts: expected.rules,
      target: { path: targetRel, bytes: Buffer.byteLength(rel[targetRel]) },
      edits: {
        count: r.times.length + r.timeouts,
        p50Ms: round(percentile(r.times, 50), 2),
        p95Ms: round(percentile(r.times, 95), 2),
        maxMs: round(Math.max(...r.times), 2),
        timeouts: r.timeouts,
      },
    };
    log(
      `first diagnostics ${result.firstDiagnosticsMs} ms, every file checked ${result.allDiagnosticsMs} ms (counts ${countsMatch ? 'ok' : 'MISMATCH'}); didChange → diagnostics p50 ${result.edits.p50Ms} ms, p95 ${result.edits.p95Ms} ms over ${r.times.length} edits`,
    );
    const out = `${JSON.stringify(result, null, 2)}\n`;
    if (args.json) writeFileSync(args.json, out);
    else process.stdout.write(out);
    if (!countsMatch || !result.allProblemFilesPublished || r.timeouts) process.exitCode = 1;
  } finally {
    await browser.close();
    http.close();
  }
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exitCode = 1;
});
