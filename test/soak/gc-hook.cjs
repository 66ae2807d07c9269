/**
 * Preloaded into the language server by the soak (NODE_OPTIONS="--expose-gc
 * --require <this file>"), so memory can be measured after a full garbage
 * collection rather than whenever V8 last felt like collecting. It does
 * nothing until the soak sends SIGUSR2: then it collects garbage and writes
 * process.memoryUsage() (plus the RSS read right after) to $SOAK_MEMORY_FILE.
 */
'use strict';
const fs = require('node:fs');

const file = process.env.SOAK_MEMORY_FILE;
if (file && process.argv.some((a) => /server\.js$/.test(a))) {
  try {
    fs.writeFileSync(`${file}.ready`, String(process.pid));
  } catch {
    // the soak then only reads /proc
  }
  process.on('SIGUSR2', () => {
    try {
      if (typeof global.gc === 'function') {
        global.gc();
        global.gc();
      }
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ gc: typeof global.gc === 'function', ...process.memoryUsage() }));
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // measuring must never disturb the server
    }
  });
}
