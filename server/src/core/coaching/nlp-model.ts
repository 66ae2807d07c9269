/**
 * wink-nlp and its English lite model, the only module that names them. The
 * Node bundles (dist/cli.js, dist/lint-worker.js, dist/server.js) do not carry
 * this module: esbuild.mjs builds it once as dist/nlp-model.js (its main table
 * beside it as dist/nlp-model.json, read with JSON.parse) and they load that
 * file at run time through node/nlp-model-file.ts, so the 3.7 MB model ships
 * once. The browser's dist/web-server.js bundles it (a web worker loads one script).
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

let reader: ReturnType<typeof winkNLP> | undefined;

/**
 * The thread's one reader, with only the pipes the coaching checks use (part of speech with lemmas,
 * negation). One, ever: the bundled model is unpacked in place (esbuild.mjs, model-without-copy).
 */
export function createReader(): ReturnType<typeof winkNLP> {
  reader ??= winkNLP(model, ['pos', 'negation']);
  return reader;
}
