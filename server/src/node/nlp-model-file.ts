/**
 * core/coaching/nlp-model.ts as the Node bundles see it (esbuild.mjs maps the import): the
 * model is dist/nlp-model.js, one file beside the bundle that the CLI, its lint worker and the
 * language server share, read here in 64 KB pieces and compiled as a CommonJS module.
 *
 * Why not `require`: Node reads a required file into a native buffer that doubles as it grows
 * (1 MB for this 0.9 MB file; 4 MB when it still held the model's table, now dist/nlp-model.json,
 * read in pieces too), and freeing a block that large raises glibc's trim threshold for the whole
 * process. After that, a language server's index workers left 15-20 MB of their
 * malloc arenas resident when they ended, and the server's memory after indexing swung by as much
 * from run to run (docs/performance.md, 2026-12-07). The pieces read here stay on the
 * JavaScript heap.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { compileFunction } from 'node:vm';

type ModelModule = { createReader(): never };

const PIECE_BYTES = 64 * 1024;
let model: ModelModule | undefined;

export function createReader(): ReturnType<ModelModule['createReader']> {
  model ??= loadCommonJs(path.join(__dirname, 'nlp-model.js')) as ModelModule;
  return model.createReader();
}

/** What `require(file)` gives, for a file with no dependencies but Node's own modules. */
export function loadCommonJs(file: string): unknown {
  const run = compileFunction(readText(file), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function readText(file: string): string {
  const fd = openSync(file, 'r');
  try {
    // Under glibc's initial mmap threshold (128 KB): served from the thread's heap, reused for every piece.
    const piece = Buffer.allocUnsafeSlow(PIECE_BYTES);
    const decoder = new StringDecoder('utf8');
    const parts: string[] = [];
    for (let n = readSync(fd, piece, 0, PIECE_BYTES, null); n > 0; n = readSync(fd, piece, 0, PIECE_BYTES, null)) {
      parts.push(decoder.write(piece.subarray(0, n)));
    }
    parts.push(decoder.end());
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}
