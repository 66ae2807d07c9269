/**
 * Entry of the extension-host test suite (the module @vscode/test-electron
 * loads as extensionTestsPath; bundled to dist/test/vscode/suite/index.js).
 * It runs mocha inside VS Code's extension host and, besides mocha's own
 * output, writes the results to the file named by env PLAYBOOK_TEST_RESULTS:
 *   { "passed": n, "failed": n, "pending": n, "tests": [{ "title", "state", "error" }] }
 * so any launcher (test/vscode/run-electron.ts here, code-server in test/e2e)
 * can read them without an exit code.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { defineExtensionSuite } from './extension.suite';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  // The suite is bundled: define its tests through mocha's globals instead of loading files.
  mocha.suite.emit('pre-require', globalThis, 'extension.suite', mocha);
  defineExtensionSuite();

  const results = { passed: 0, failed: 0, pending: 0, tests: [] as TestResult[] };
  const file = process.env.PLAYBOOK_TEST_RESULTS;
  const save = () => {
    if (!file) return;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
      renameSync(tmp, file);
    } catch (error) {
      console.error(`could not write ${file}: ${(error as Error).message}`);
    }
  };
  save();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      save();
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed' });
      save();
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: `${error?.message ?? error}\n${error?.stack ?? ''}`.trim() });
      save();
    });
    runner.on('pending', (test) => {
      results.pending++;
      results.tests.push({ title: test.fullTitle(), state: 'pending' });
      save();
    });
  });
}
