#!/usr/bin/env node
// The parse floor: one process that reads every playbook and vocabulary file under a
// folder and calls `yaml`'s parseDocument on each, nothing else (no toJS, no checks).
//
//   node bench/floor.mjs DIR            parseDocument (the floor the CLI is held to)
//   node bench/floor.mjs DIR --lexer    the yaml Lexer only (a reference point, not a target)
//
// Prints one JSON line: { files, bytes, errors, ms }.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Lexer, parseDocument } from 'yaml';

const args = process.argv.slice(2);
const lexerOnly = args.includes('--lexer');
const root = path.resolve(args.find((a) => !a.startsWith('--')) ?? '.');
const LINTABLE = /\.(playbook|vocabulary)\.ya?ml$/i;

const t0 = performance.now();
const files = readdirSync(root, { recursive: true })
  .filter((f) => LINTABLE.test(f) && !/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(f))
  .sort();
let bytes = 0;
let errors = 0;
let tokens = 0;
for (const rel of files) {
  const text = readFileSync(path.join(root, rel), 'utf8');
  bytes += Buffer.byteLength(text);
  if (lexerOnly) {
    // A fresh Lexer per file: one instance appends every source to its buffer.
    for (const _ of new Lexer().lex(text)) tokens++;
  } else {
    errors += parseDocument(text).errors.length;
  }
}
process.stdout.write(
  JSON.stringify({ mode: lexerOnly ? 'lexer' : 'parseDocument', files: files.length, bytes, errors, tokens, ms: Math.round(performance.now() - t0) }) + '\n',
);
