// test/e2e/ext-host-shim.cjs — loaded INSIDE code-server's extension host as the
// `extensionTestsPath` by run-extension-tests.mjs. Do not run it directly.
//
// It loads the real test entry (a module exporting `run()` or `run(testsRoot, cb)`,
// exactly what @vscode/test-electron expects), hooks mocha to record each test, and
// reports out of band, because no exit code comes back from code-server's extension host:
//
//   env PLAYBOOK_E2E_TESTS    absolute path of the real tests index.js (required)
//   env PLAYBOOK_E2E_RESULTS  absolute path of the results JSON to write (required)
//
// Results JSON (rewritten atomically after every test, so a timeout still shows progress):
//   { "status": "running" | "done", "ok": boolean | null,
//     "passed": n, "failed": n, "pending": n,
//     "tests": [ { "title": "suite test", "state": "passed"|"failed"|"pending",
//                  "durationMs": n, "error": "message\nstack" } ],
//     "error": "set when run() itself threw/rejected or mocha could not be hooked",
//     "running": "title of the test in progress (null between tests)",
//     "startedAt": iso, "finishedAt": iso, "mochaHooked": boolean }
//
// Per-test rows need the suite to use a `mocha` package resolvable from the tests folder,
// the extension folder or this repository (the normal case). If the suite bundles its own
// mocha, only the overall outcome of run() is reported (mochaHooked: false).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const resultsPath = process.env.PLAYBOOK_E2E_RESULTS;
const testsPath = process.env.PLAYBOOK_E2E_TESTS;

const results = {
  status: 'running',
  ok: null,
  passed: 0,
  failed: 0,
  pending: 0,
  tests: [],
  error: null,
  startedAt: new Date().toISOString(),
  finishedAt: null,
  mochaHooked: false,
  running: null,
};

function write() {
  if (!resultsPath) return;
  const tmp = `${resultsPath}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, resultsPath);
}

function errText(err) {
  if (!err) return '';
  const msg = err.message || String(err);
  const stack = String(err.stack || '');
  const at = stack.search(/\n\s+at /);
  const frames = at >= 0 ? stack.slice(at + 1).split('\n').slice(0, 8).map((l) => `  ${l.trim()}`).join('\n') : '';
  let diff = '';
  if (err.showDiff && err.code !== 'ERR_ASSERTION' && ('expected' in err || 'actual' in err)) {
    try { diff = `\n  expected: ${JSON.stringify(err.expected)}\n  actual:   ${JSON.stringify(err.actual)}`; } catch { /* ignore */ }
  }
  return msg + diff + (frames ? `\n${frames}` : '');
}

function patchMochaClass(Mocha) {
  if (!Mocha || !Mocha.prototype || typeof Mocha.prototype.run !== 'function' || Mocha.prototype.run.__e2ePatched) return false;
  const origRun = Mocha.prototype.run;
  Mocha.prototype.run = function patchedRun(...args) {
    const runner = origRun.apply(this, args);
    const start = new Map();
    const took = (t) => t.duration ?? Date.now() - (start.get(t) || Date.now());
    runner.on('test', (t) => {
      start.set(t, Date.now());
      results.running = t.fullTitle();
      write();
    });
    runner.on('test end', () => { results.running = null; });
    runner.on('pass', (t) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: took(t) });
      write();
    });
    runner.on('fail', (t, err) => {
      results.failed++;
      results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: took(t), error: errText(err) });
      write();
    });
    runner.on('pending', (t) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      write();
    });
    return runner;
  };
  Mocha.prototype.run.__e2ePatched = true;
  return true;
}

// Hook every mocha the suite might load: resolved from the tests folder, from the
// extension folder, and from this repository.
function hookMocha() {
  const from = [path.dirname(testsPath), process.env.PLAYBOOK_E2E_EXTENSION, path.resolve(__dirname, '../..')].filter(Boolean);
  const seen = new Set();
  for (const dir of from) {
    let resolved;
    try { resolved = require.resolve('mocha', { paths: [dir] }); } catch { continue; }
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    try {
      const mod = require(resolved);
      const Mocha = typeof mod === 'function' ? mod : mod.default || mod.Mocha;
      if (patchMochaClass(Mocha)) results.mochaHooked = true;
    } catch (e) {
      results.error = [results.error, `could not load ${resolved}: ${e.message}`].filter(Boolean).join('\n');
    }
  }
}

async function loadTests() {
  try {
    return require(testsPath);
  } catch (e) {
    if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
      return import(require('node:url').pathToFileURL(testsPath).href);
    }
    throw e;
  }
}

exports.run = async function run() {
  if (!resultsPath || !testsPath) {
    throw new Error('ext-host-shim: PLAYBOOK_E2E_RESULTS and PLAYBOOK_E2E_TESTS must be set in code-server\'s environment');
  }
  write();
  let failure = null;
  try {
    hookMocha();
    const mod = await loadTests();
    const runFn = mod.run || (mod.default && mod.default.run);
    if (typeof runFn !== 'function') throw new Error(`${testsPath} exports no run() function`);
    if (runFn.length >= 2) {
      // Old style: run(testsRoot, cb(err, failures))
      await new Promise((resolve, reject) => runFn(path.dirname(testsPath), (err, failures) => {
        if (err) reject(err);
        else if (failures) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      }));
    } else {
      await runFn();
    }
  } catch (e) {
    failure = e;
    // A rejection that only restates the mocha failure count adds nothing.
    if (!(results.failed > 0 && /tests? failed/.test(String(e && e.message)))) {
      results.error = [results.error, errText(e)].filter(Boolean).join('\n');
    }
  }
  results.ok = !failure && results.failed === 0;
  results.status = 'done';
  results.finishedAt = new Date().toISOString();
  write();
  if (failure) throw failure;
};
