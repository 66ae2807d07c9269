/**
 * A file's text read 64 KB at a time into the JavaScript heap. Used for the coaching checks'
 * language model (dist/nlp-model.js by node/nlp-model-file.ts, and its table dist/nlp-model.json,
 * which esbuild.mjs has that script read with this function): `readFileSync` would read a file of
 * megabytes into one native block, and freeing a block that large raises glibc's trim threshold for
 * the whole process, after which a language server's index workers left 15-20 MB of their malloc
 * arenas resident when they ended (docs/performance.md, 2026-12-07).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export function readInPieces(file: string): string {
  const fd = openSync(file, 'r');
  try {
    // 64 KB: under glibc's initial mmap threshold (128 KB), so served from the thread's heap, and reused for every piece.
    const piece = Buffer.allocUnsafeSlow(65536);
    const decoder = new StringDecoder('utf8');
    const parts: string[] = [];
    for (let n = readSync(fd, piece, 0, piece.length, null); n > 0; n = readSync(fd, piece, 0, piece.length, null)) {
      parts.push(decoder.write(piece.subarray(0, n)));
    }
    parts.push(decoder.end());
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}
