// undefined-term: every [[term]] in any string value names a term or alias of the
// vocabulary (case-insensitive, any run of white space is one space). The vocabulary is
// parsed once per project root and cached for the life of the process.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const REF = /\[\[([^[\]]*)\]\]/g;
const key = (s) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
const cache = new Map();
const filesOfDir = new Map();

function vocabularyFiles(source) {
  if (process.env.PLAYBOOK_BENCH_VOCABULARY) return process.env.PLAYBOOK_BENCH_VOCABULARY.split(path.delimiter);
  const start = path.dirname(path.resolve(source ?? '.'));
  let files = filesOfDir.get(start);
  if (!files) filesOfDir.set(start, (files = findVocabularies(start)));
  return files;
}

function findVocabularies(start) {
  let dir = start;
  while (!existsSync(path.join(dir, '.playbook-lint.yaml')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.vocabulary\.ya?ml$/i.test(f) && !/node_modules|\.git/.test(f))
    .map((f) => path.join(dir, f));
}

function termsFor(source) {
  const files = vocabularyFiles(source);
  const id = files.join('\n');
  let keys = cache.get(id);
  if (!keys) {
    keys = new Set();
    for (const file of files) {
      const doc = parse(readFileSync(file, 'utf8'));
      for (const t of doc?.terms ?? []) {
        if (typeof t?.term === 'string') keys.add(key(t.term));
        for (const a of Array.isArray(t?.aliases) ? t.aliases : []) if (typeof a === 'string') keys.add(key(a));
      }
    }
    cache.set(id, keys);
  }
  return keys;
}

export default (root, _options, context) => {
  const defined = termsFor(context.document.source);
  const results = [];
  // Iterative walk over every string value (keys excluded), keeping the JSON path.
  const stack = [[root, []]];
  while (stack.length) {
    const [node, at] = stack.pop();
    if (typeof node === 'string') {
      if (!node.includes('[[')) continue;
      REF.lastIndex = 0;
      for (let m = REF.exec(node); m; m = REF.exec(node)) {
        const name = m[1].replace(/\s+/g, ' ').trim();
        if (name && !defined.has(key(name))) {
          // The offset keeps two identical references in one value apart (Spectral de-duplicates by path + message).
          results.push({ message: `"${name}" is not defined in any vocabulary (at ${m.index})`, path: at });
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push([v, [...at, i]]));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) stack.push([v, [...at, k]]);
    }
  }
  return results;
};
