/**
 * core/coaching/nlp-model.ts as the web worker's bundle sees it (esbuild.mjs maps the import):
 * the model is not in dist/web-server.js but in dist/web-nlp-model.js, loaded on the first
 * sentence a coaching check reads. importScripts is synchronous, as that check is; the
 * client gives the script's location in the initialize request (worker-main.ts), before any
 * check can run.
 */
import { NLP_MODEL_GLOBAL } from './protocol';

declare function importScripts(...urls: string[]): void;

type Model = { createReader(): never };
let location: string | undefined;

export function setModelLocation(url: unknown): void {
  if (typeof url === 'string' && url) location = url;
}

export function createReader(): ReturnType<Model['createReader']> {
  const scope = globalThis as unknown as Record<string, Model | undefined>;
  if (!scope[NLP_MODEL_GLOBAL]) {
    if (!location) throw new Error('the coaching checks need their language model, and the client did not say where it is (initializationOptions.nlpModel)');
    importScripts(location);
  }
  const model = scope[NLP_MODEL_GLOBAL];
  if (!model) throw new Error(`${location} did not define the coaching checks' language model`);
  return model.createReader();
}
