// Runs dist/web-server.js (the browser build of the language server) in a Node worker thread
// with the one thing it takes from a browser worker's global scope: a message port
// (onmessage, postMessage, addEventListener). Nothing else of the browser is provided, so
// the bundle must bring everything it needs (no fs, no worker_threads: it cannot reach them),
// except the language model, which a browser worker loads with importScripts (given here for
// file: URLs: the script runs in this global scope, as in a browser worker).
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { fileURLToPath } = require('node:url');
const vm = require('node:vm');

globalThis.importScripts = (...urls) => {
  for (const url of urls) vm.runInThisContext(readFileSync(fileURLToPath(url), 'utf8'), { filename: url });
};

globalThis.postMessage = (message) => parentPort.postMessage(message);
globalThis.addEventListener = () => undefined;
parentPort.on('message', (data) => globalThis.onmessage?.({ data }));
require(workerData.bundle);
