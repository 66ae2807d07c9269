/**
 * Imports go one way between the layers of server/src (docs/architecture.md):
 *
 *   core  <-  services  <-  node  <-  cli, lsp  <-  web
 *
 * core and services are platform-free (no Node built-ins, no file system, no LSP): the services
 * also run in a browser worker with files read through the client. node/ plugs Node's file system
 * and threads into them; cli/ and lsp/ are adapters and never import each other. The test reads
 * every source file's imports, so a new file that breaks the order fails here, naming it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.join(__dirname, '..', '..', 'server', 'src');
// web/ is the language server's browser entry: it starts lsp/ over a platform that reads files through the client.
const RANK: Record<string, number> = { core: 0, services: 1, node: 2, cli: 3, lsp: 3, web: 4 };
/** Packages the platform-free layers may use: pure JavaScript that runs anywhere. */
const PORTABLE_PACKAGES = new Set(['yaml', 'fastest-levenshtein', 'ajv', 'wink-nlp', 'wink-eng-lite-web-model']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : /\.ts$/.test(e.name) ? [full] : [];
  });
}

/** Every module a file imports or re-exports (static, dynamic and require). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

function layerOf(file: string): string | undefined {
  const rel = path.relative(ROOT, file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(path.sep)[0];
}

/** What is wrong with one import of one file, or undefined. */
function violation(file: string, spec: string): string | undefined {
  const from = layerOf(file)!;
  if (spec.startsWith('.')) {
    const target = path.resolve(path.dirname(file), spec);
    const to = layerOf(target);
    if (to === undefined) return target.includes(`${path.sep}schemas${path.sep}`) ? undefined : 'imports from outside server/src';
    if (!(to in RANK)) return `imports the unknown layer ${to}`;
    if (RANK[to] > RANK[from]) return `${from}/ imports ${to}/ (a higher layer)`;
    if (RANK[to] === RANK[from] && to !== from) return `${from}/ imports ${to}/ (adapters do not import each other)`;
    return undefined;
  }
  if (RANK[from] <= RANK.services) {
    if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) return `${from}/ uses the Node built-in ${spec} (platform-free layer)`;
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!PORTABLE_PACKAGES.has(pkg)) return `${from}/ uses the package ${spec} (platform-free layer: only ${[...PORTABLE_PACKAGES].join(', ')})`;
  }
  return undefined;
}

describe('layers: imports go one way (core <- services <- node <- cli, lsp)', () => {
  it('finds the imports it checks (the scanner reads every form used here)', () => {
    assert.deepEqual(
      importsOf(
        `import a from './a';\nimport type { B } from "../b";\nexport { c } from './c';\nimport './d';\nconst e = require('./e');\nconst f = await import('./f');\nimport {\n  g,\n} from './g';`,
      ).sort(),
      ['../b', './a', './c', './d', './e', './f', './g'],
    );
    const file = path.join(ROOT, 'core', 'x.ts');
    assert.match(violation(file, '../services/workspace') ?? '', /core\/ imports services\//);
    assert.match(violation(file, 'node:fs') ?? '', /Node built-in/);
    assert.match(violation(path.join(ROOT, 'cli', 'x.ts'), '../lsp/server') ?? '', /adapters/);
    assert.equal(violation(path.join(ROOT, 'lsp', 'x.ts'), '../node/node-host'), undefined);
  });

  it('every file of server/src imports only its own layer and the layers below', () => {
    const files = sources(ROOT);
    assert.ok(files.length > 50, `read ${files.length} files`);
    const problems: string[] = [];
    for (const file of files) {
      const layer = layerOf(file)!;
      if (!(layer in RANK)) {
        problems.push(`${path.relative(ROOT, file)}: not in a known layer (${Object.keys(RANK).join(', ')})`);
        continue;
      }
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const v = violation(file, spec);
        if (v) problems.push(`${path.relative(ROOT, file)}: '${spec}': ${v}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
