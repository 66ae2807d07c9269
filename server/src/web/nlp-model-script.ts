/**
 * The coaching checks' language model for the web worker, as a script of its own
 * (dist/web-nlp-model.js, esbuild.mjs): the worker loads it with importScripts the first time
 * a coaching check reads a sentence (nlp-model-loader.ts), so the server's own script is a
 * quarter of the size and a workspace checked without the coaching rules never loads it.
 */
import { createReader } from '../core/coaching/nlp-model';
import { NLP_MODEL_GLOBAL } from './protocol';

(globalThis as unknown as Record<string, unknown>)[NLP_MODEL_GLOBAL] = { createReader };
