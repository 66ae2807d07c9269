// Runs dist/web-server.js (the browser build of the language server) in a Node worker thread
// with the one thing it takes from a browser worker's global scope: a message port
// (onmessage, postMessage, addEventListener). Nothing else of the browser is provided, so
// the bundle must bring everything it needs (no fs, no worker_threads: it cannot reach them).
const { parentPort, workerData } = require('node:worker_threads');

globalThis.postMessage = (message) => parentPort.postMessage(message);
globalThis.addEventListener = () => undefined;
parentPort.on('message', (data) => globalThis.onmessage?.({ data }));
require(workerData.bundle);
