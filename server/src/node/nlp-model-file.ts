/**
 * core/coaching/nlp-model.ts as the Node bundles see it (esbuild.mjs maps the import): the
 * model is dist/nlp-model.js, one file beside the bundle that the CLI, its lint worker and the
 * language server share, read in pieces (read-in-pieces.ts says why not `require`, which reads
 * a file into one native block) and compiled as a CommonJS module.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { compileFunction } from 'node:vm';
import { readInPieces } from './read-in-pieces';

type ModelModule = { createReader(): never };

let model: ModelModule | undefined;

export function createReader(): ReturnType<ModelModule['createReader']> {
  model ??= loadCommonJs(path.join(__dirname, 'nlp-model.js')) as ModelModule;
  return model.createReader();
}

/** What `require(file)` gives, for a file with no dependencies but Node's own modules. */
export function loadCommonJs(file: string): unknown {
  const run = compileFunction(readInPieces(file), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
