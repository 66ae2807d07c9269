// Bundles the CLI, the language server and the VS Code client into dist/ (no node_modules at run time).
import { build, context } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const IMPORT_META_SHIM = "var __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/**
 * The coaching checks' language model (3.7 MB) ships once for the Node builds: dist/nlp-model.js,
 * which the CLI, its lint worker and the server load at run time (the first time a coaching check
 * reads a sentence) instead of each carrying a copy. They load it through server/src/node/nlp-model-file.ts,
 * which reads it in pieces (why: read-in-pieces.ts); its table is dist/nlp-model.json (modelTableAsJson).
 */
const sharedModel = {
  name: 'shared-nlp-model',
  setup(b) {
    b.onResolve({ filter: /^\.\/nlp-model$/ }, (args) =>
      args.importer.endsWith(path.join('core', 'coaching', 'nlp.ts')) ? { path: path.resolve('server/src/node/nlp-model-file.ts') } : undefined,
    );
  },
};

/**
 * The model's loader deep-copies its 3.5 MB table (JSON.parse(JSON.stringify(…))) before unpacking it,
 * so that a second reader in the same thread would start from a clean table. nlp-model.ts creates one
 * reader per thread, ever, so the copy protects nothing and costs a quarter of the load, which every
 * CLI thread pays (measured: about 165 → 125 ms CPU). The build fails if the loader changes shape.
 */
const MODEL_COPY = 'JSON.parse(JSON.stringify(originalModel))';
/**
 * It also decodes its two base64 tables (1.4 MB) with atob and a loop over every character, in every
 * thread: where Node's Buffer is at hand, Buffer.from decodes the same bytes natively (about 14 → 2 ms
 * a thread), and its memory is the table's (no copy of 1.4 MB to free again); the browser keeps atob.
 */
const MODEL_BASE64 = 'bufferFromBase64=function(data){';
const NATIVE_BASE64 = `${MODEL_BASE64}if(typeof Buffer==="function"){const b=Buffer.from(data,"base64");return b.byteOffset===0&&b.byteLength===b.buffer.byteLength?b.buffer:b.buffer.slice(b.byteOffset,b.byteOffset+b.byteLength)}`;
/**
 * And it fills its word index (87,593 keys) one key at a time: where the model's JSON carries the index's table
 * (modelTableAsJson, lexemeTable), the index is read from it instead (server/src/node/lexeme-index.ts says why).
 */
const LEXEME_LOOP =
  'featuresData.lexeme.hash=Object.create(null);for(let k=0;k<featuresData.lexeme.list.length;k+=1)featuresData.lexeme.hash[featuresData.lexeme.list[k]]=k;';
const LEXEME_INDEX = path.resolve('server/src/node/lexeme-index.ts');
const LEXEME_FROM_TABLE = `if(model.lexemeTable){featuresData.lexeme.hash=require(${JSON.stringify(LEXEME_INDEX)}).lexemeIndex(featuresData.lexeme.list,new Uint32Array(bufferFromBase64(model.lexemeTable)));model.lexemeTable=void 0}else{${LEXEME_LOOP}}`;
const modelWithoutCopy = {
  name: 'model-without-copy',
  setup(b) {
    b.onLoad({ filter: /wink-eng-lite-web-model[\\/]dist[\\/]read-core-model\.js$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      for (const expected of [MODEL_COPY, MODEL_BASE64, LEXEME_LOOP])
        if (code.split(expected).length !== 2) throw new Error(`${args.path}: expected one ${expected}; check the model-without-copy plugin`);
      const contents = code.replace(MODEL_COPY, 'originalModel').replace(MODEL_BASE64, NATIVE_BASE64).replace(LEXEME_LOOP, LEXEME_FROM_TABLE);
      return { contents, loader: 'js' };
    });
  },
};

/** lexeme-index.ts's lexemeTableOf, for the build: the same code lays the table out as reads it. */
async function lexemeTableOf(list) {
  const { outputFiles } = await build({ entryPoints: [LEXEME_INDEX], bundle: true, format: 'cjs', platform: 'node', write: false });
  const module = { exports: {} };
  new Function('module', 'exports', outputFiles[0].text)(module, module.exports);
  return module.exports.lexemeTableOf(list);
}

/**
 * For dist/nlp-model.js, the Node builds' shared model script, the model's main table (a 3 MB JSON file) is a
 * file of its own beside the script, dist/nlp-model.json, that the script reads when the model loads, instead of
 * an object literal in the script. V8 scans and internalises every literal of a script it compiles (3 MB here, in
 * each thread that loads the model: the CLI and its lint worker each): loading the model took 93-100 ms of CPU
 * a thread with the table in the script and 73-82 with it read from its own file (alternating processes); and
 * parsing a literal that size made V8 allocate scratch blocks of 1 and 2 MB outside the JavaScript heap, which
 * raised glibc's trim threshold (see server/src/node/read-in-pieces.ts, which reads the file here too). Written
 * in ASCII (\u escapes, as the bundles are). The browser's model script keeps the literal (one file to load).
 */
const MODEL_TABLE = 'nlp-model.json';
const READ_IN_PIECES = path.resolve('server/src/node/read-in-pieces.ts');
const modelTableAsJson = {
  name: 'model-table-as-json',
  setup(b) {
    b.onLoad({ filter: /wink-eng-lite-web-model[\\/].*[\\/]eng-core-web-model\.json$/ }, async (args) => {
      const model = JSON.parse(readFileSync(args.path, 'utf8'));
      model.lexemeTable = Buffer.from((await lexemeTableOf(model.features.lexeme.list)).buffer).toString('base64');
      const table = JSON.stringify(model).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const dir = path.dirname(b.initialOptions.outfile);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, MODEL_TABLE), table);
      const read = `require(${JSON.stringify(READ_IN_PIECES)}).readInPieces(require('path').join(__dirname, ${JSON.stringify(MODEL_TABLE)}))`;
      return { contents: `module.exports = JSON.parse(${read});`, loader: 'js', resolveDir: path.dirname(READ_IN_PIECES) };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // ESM dependencies (fdir) read import.meta.url; in a CJS bundle it is this file's URL.
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__importMetaUrl' },
  // yaml's ESM build (the same code as its CommonJS one): bundled as ES modules, calls into it are direct
  // instead of going through esbuild's getters for a CommonJS module (a tenth of the CLI's time went there).
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  banner: { js: IMPORT_META_SHIM },
  plugins: [modelWithoutCopy],
};

/**
 * Node bundles written in ASCII only. esbuild escapes non-ASCII characters in strings but keeps them in
 * comments and regular expressions, and one such character makes V8 hold the whole script's source (kept
 * for the program's life) as a two-byte string: dist/nlp-model.js cost 8 MB instead of 4 in every thread
 * that loads it, dist/server.js 2.7 instead of 1.3. Each UTF-16 unit becomes its \u escape, which means the
 * same in a string, a regular expression (with or without the u flag) and a comment; an identity escape in
 * front of it (a backslash before a curly apostrophe) goes with it. A source map's columns shift on the few
 * lines concerned.
 */
const asciiOutput = {
  name: 'ascii-output',
  setup(b) {
    b.onEnd((result) => {
      const file = b.initialOptions.outfile;
      if (result.errors.length || !file) return;
      const code = readFileSync(file, 'utf8');
      if (!/[^\x00-\x7f]/.test(code)) return;
      const escape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
      writeFileSync(
        file,
        code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => slashes.slice(slashes.length % 2) + escape(c)),
      );
    });
  },
};

const nodeEntry = { plugins: [modelWithoutCopy, sharedModel, asciiOutput] };
const entries = [
  { ...nodeEntry, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${IMPORT_META_SHIM}` } },
  { ...nodeEntry, entryPoints: ['server/src/lsp/bin.ts'], outfile: 'dist/server.js', banner: { js: `#!/usr/bin/env node\n${IMPORT_META_SHIM}` } },
  { ...nodeEntry, entryPoints: ['server/src/node/lint-worker.ts'], outfile: 'dist/lint-worker.js' },
  { entryPoints: ['server/src/core/coaching/nlp-model.ts'], outfile: 'dist/nlp-model.js', plugins: [modelWithoutCopy, modelTableAsJson, asciiOutput] },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The extension-host test suite (test/vscode): loaded by @vscode/test-electron or by the code-server
  // launcher in test/e2e. mocha stays external so a launcher can hook the same Mocha the suite runs.
  { entryPoints: ['test/vscode/suite/index.ts'], outfile: 'dist/test/vscode/suite/index.js', external: ['vscode', 'mocha'] },
  ...webEntries(),
].filter((e) => {
  try {
    readFileSync(e.entryPoints[0]);
    return true;
  } catch {
    return false; // an entry not written yet
  }
});

/**
 * The browser build (vscode.dev, github.dev): the client for the web worker extension host and the
 * language server as a web worker script. No Node module reaches these bundles: `path` is
 * path-browserify (posix); test/lsp/web-server.test.ts checks the output.
 */
function webEntries() {
  const web = {
    platform: 'browser',
    target: 'es2022',
    banner: {},
    define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
    alias: { ...common.alias, path: 'path-browserify', 'node:path': 'path-browserify' },
  };
  // The worker's language model is a script of its own, loaded on the first sentence a coaching check reads
  // (server/src/web/nlp-model-loader.ts): the worker starts without parsing it.
  const modelLoader = {
    name: 'web-nlp-model-loader',
    setup(b) {
      b.onResolve({ filter: /^\.\/nlp-model$/ }, (args) =>
        args.importer.endsWith(path.join('core', 'coaching', 'nlp.ts')) ? { path: path.resolve('server/src/web/nlp-model-loader.ts') } : undefined,
      );
    },
  };
  return [
    { ...web, entryPoints: ['client/src/browser.ts'], outfile: 'dist/web.js', format: 'cjs', external: ['vscode'] },
    { ...web, entryPoints: ['server/src/web/worker-main.ts'], outfile: 'dist/web-server.js', format: 'iife', plugins: [modelLoader] },
    { ...web, entryPoints: ['server/src/web/nlp-model-script.ts'], outfile: 'dist/web-nlp-model.js', format: 'iife' },
  ];
}

if (watch) {
  for (const e of entries) await (await context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
}
