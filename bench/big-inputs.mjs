#!/usr/bin/env node
// The language server against the CLI on two big inputs (issue #11), every rule at its default:
//
//   node bench/big-inputs.mjs [--json FILE] [--dist DIR]
//
// 1. one playbook whose goal holds 200,000 `[[x]]` references (x is undefined);
// 2. one vocabulary with 50,000 terms, and a small playbook that uses a few of them.
// For each: the CLI on the folder (spawn → exit, GNU time's peak RSS), and the server with the
// big file OPEN (spawn → initialize → didOpen of its text right away → the first
// publishDiagnostics for it; VmHWM read then). Target: server wall ≤ 1.5 × the CLI's.
// Prints one JSON object (or writes --json FILE).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { measureProcess, peakRss } from './lib/measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
export const SERVER_VS_CLI_TARGET = 1.5;

function parseArgs(argv) {
  const a = { json: undefined, dist: path.join(REPO, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') a.json = path.resolve(argv[++i]);
    else if (argv[i] === '--dist') a.dist = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

/** The two inputs: name → { file (relative), files: { relative path → text } }. */
function inputs() {
  const refs = Array.from({ length: 200_000 }, () => '[[x]]').join(' ');
  const terms = Array.from({ length: 50_000 }, (_, i) => `  - term: term number ${i}\n    definition: The meaning of term ${i}.\n`).join('');
  return {
    '200,000 [[x]] in one scalar': {
      file: 'refs.playbook.yaml',
      files: { 'refs.playbook.yaml': `playbook: Refs\nstages:\n  - id: s\n    name: S\n    goal: "${refs}"\n` },
    },
    'a vocabulary of 50,000 terms': {
      file: 'big.vocabulary.yaml',
      files: {
        'big.vocabulary.yaml': `vocabulary: Big\nterms:\n${terms}`,
        'uses.playbook.yaml': 'playbook: Uses\nstages:\n  - id: s\n    name: S\n    goal: The buyer agrees on [[term number 7]] and [[term number 49999]].\n',
      },
    },
  };
}

/** Spawn → didOpen right after initialize → the first publishDiagnostics for the file. */
function serverRun(server, dir, file, text) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const uri = pathToFileURL(path.join(dir, file)).href;
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      conn.dispose();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ error: 'no diagnostics in 300 s' }), 300_000);
    conn.onNotification('textDocument/publishDiagnostics', (p) => {
      if (p.uri !== uri) return;
      finish({ wallMs: performance.now() - t0, peakRssBytes: peakRss(proc.pid), diagnostics: p.diagnostics.length });
    });
    conn.onNotification(() => {});
    conn.onRequest(() => null);
    proc.on('exit', () => finish({ error: 'server exited' }));
    conn.listen();
    const folder = { uri: pathToFileURL(dir).href, name: path.basename(dir) };
    conn
      .sendRequest('initialize', {
        processId: process.pid,
        rootUri: folder.uri,
        workspaceFolders: [folder],
        capabilities: { textDocument: { publishDiagnostics: {} }, workspace: { workspaceFolders: true } },
      })
      .then(() => conn.sendNotification('initialized', {}))
      .then(() => conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } }))
      .catch((error) => finish({ error: String(error) }));
  });
}

export async function runBigInputs(dist) {
  const cli = path.join(dist, 'cli.js');
  const server = path.join(dist, 'server.js');
  const base = path.join(HERE, '.runs');
  mkdirSync(base, { recursive: true });
  const out = {};
  for (const [name, input] of Object.entries(inputs())) {
    const dir = mkdtempSync(path.join(base, 'big-input-'));
    try {
      for (const [rel, text] of Object.entries(input.files)) writeFileSync(path.join(dir, rel), text);
      const report = path.join(dir, 'report.json');
      const c = await measureProcess(process.execPath, [cli, '.', '--format', 'json', '--output-file', report], { cwd: dir });
      const s = await serverRun(server, dir, input.file, input.files[input.file]);
      out[name] = {
        cli: { wallMs: Math.round(c.wallMs), peakRssBytes: c.peakRssBytes, exitCode: c.exitCode },
        server: s.error ? s : { ...s, wallMs: Math.round(s.wallMs) },
        ratio: s.error ? undefined : Math.round((s.wallMs / c.wallMs) * 100) / 100,
      };
      process.stderr.write(`[big] ${name}: CLI ${Math.round(c.wallMs)} ms, server ${s.error ?? `${Math.round(s.wallMs)} ms`}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const result = await runBigInputs(args.dist);
  const json = JSON.stringify(result, null, 2);
  if (args.json) writeFileSync(args.json, `${json}\n`);
  process.stdout.write(`${json}\n`);
}
