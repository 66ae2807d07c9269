// test/e2e/editor-ui-tests.mjs — UI tests of the writer's editor features of the INSTALLED
// VSIX (run by ui-tests.mjs after tests (a)–(e), in the same window and workspace):
//
//   (f) "Playbook Lint: New Playbook" asks a title, creates TITLE.playbook.yaml in the
//       folder holding the playbooks and opens it; a second time it refuses, clearly
//   (h) the walkthrough opens with its steps
//
// Each test also leaves README screenshots in .cache/e2e/screenshots/readme/ (copied to
// media/screenshots/ by hand when the UI changes; see CONTRIBUTING.md).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths, waitFor } from './code-server.mjs';
import * as wb from './workbench.mjs';

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** A screenshot for the extension's README (the page as it is now). */
export async function readmeShot(page, name) {
  const dir = path.join(paths.screenshotsDir, 'readme');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), timeout: 10000 }).catch(() => undefined);
}

async function notificationTexts(page) {
  return page.$$eval('.notifications-toasts .notification-toast, .notification-list-item', (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
}

/** runCommand, again while the palette does not list it yet (the extension's commands arrive with its host). */
async function runCommandRetrying(page, title, tries = 3) {
  for (let i = 1; ; i++) {
    try {
      return await wb.runCommand(page, title, { timeoutMs: 10000 });
    } catch (e) {
      if (i >= tries) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Answer the input box that is open now (a command's showInputBox). */
async function answerInputBox(page, text) {
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20000 });
  await page.fill('.quick-input-widget input', text);
  await page.keyboard.press('Enter');
}

/** Pick the row of the open quick pick whose label contains `label`. */
async function pickQuickPick(page, label) {
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20000 });
  await page.fill('.quick-input-widget input', label);
  await page.waitForSelector(`.quick-input-widget .monaco-list-row[aria-label*="${label.replace(/"/g, '\\"')}"]`, { timeout: 20000 });
  await page.keyboard.press('Enter');
}

const minimalPlaybook = (title, id) => [
  `playbook: ${title}`,
  'stages:',
  `  - id: ${id}-stage`,
  '    name: Qualification',
  '    goal: The buyer confirms budget and timing.',
  '    tactics:',
  `      - id: ${id}-ask-budget`,
  '        tactic: Ask how the purchase is funded.',
  '        why: Funding tells us who decides and when the money is there.',
  '        deviate-when:',
  '          - The buyer has already shared an approved budget in writing.',
  '',
].join('\n');

/** `playbook-lint --fix` on a copy of the workspace: the file as the CLI fixes it. */
function cliFixed(cliJs, workspace, rel) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-lint-e2e-fix-'));
  try {
    fs.cpSync(workspace, copy, { recursive: true });
    const r = spawnSync(process.execPath, [cliJs, rel, '--fix', '--no-color'], { cwd: copy, encoding: 'utf8', timeout: 60000 });
    assert(r.status === 0 || r.status === 1, `playbook-lint --fix exited ${r.status}: ${r.stderr || r.stdout}`);
    return fs.readFileSync(path.join(copy, rel), 'utf8');
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export function defineEditorUiTests() {
  return [
    {
      id: 'f',
      title: '(f) Playbook Lint: New Playbook creates a correctly named playbook in the playbook folder; an existing one is refused',
      async run({ page, workspace }) {
        const rel = 'playbooks/churn-rescue.playbook.yaml';
        const file = path.join(workspace, rel);
        fs.rmSync(file, { force: true });
        try {
          await runCommandRetrying(page, 'Playbook Lint: New Playbook');
          await answerInputBox(page, 'Churn rescue');
          await waitFor(() => fs.existsSync(file), { timeoutMs: 20000, what: `${rel} on disk` });
          await page.waitForSelector('.tabs-container .tab.active[aria-label*="churn-rescue.playbook.yaml"]', { timeout: 20000 });
          const text = fs.readFileSync(file, 'utf8');
          assert(/^playbook: "?Churn rescue"?$/m.test(text), `the title is in the file:\n${text}`);
          const r = spawnSync(process.execPath, [path.join(paths.root, 'dist/cli.js'), rel, '--format', 'json'], { cwd: workspace, encoding: 'utf8', timeout: 60000 });
          const rules = JSON.parse(r.stdout).files.flatMap((f) => f.diagnostics.map((d) => d.rule));
          assert(!rules.some((x) => /schema|yaml-syntax|duplicate-id/.test(x)), `the new playbook is valid: ${rules.join(', ')}`);
          await readmeShot(page, 'new-playbook');
          // Again: the file exists, nothing is written, the message says so.
          const before = fs.readFileSync(file, 'utf8');
          await wb.runCommand(page, 'Playbook Lint: New Playbook');
          await answerInputBox(page, 'Churn rescue');
          await waitFor(async () => (await notificationTexts(page)).some((t) => t.includes('churn-rescue.playbook.yaml already exists')), {
            timeoutMs: 20000, what: 'a message that churn-rescue.playbook.yaml already exists',
          });
          assert(fs.readFileSync(file, 'utf8') === before, 'the existing file is untouched');
        } finally {
          await page.keyboard.press('Escape');
          await wb.runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
          fs.rmSync(file, { force: true });
        }
      },
    },
    {
      id: 'h',
      title: '(h) the walkthrough "Get started with Playbook Lint" opens with its steps',
      async run({ page }) {
        await wb.runCommand(page, 'Welcome: Open Walkthrough...');
        await pickQuickPick(page, 'Get started with Playbook Lint');
        const steps = ['Create a vocabulary', 'Write a first playbook', 'Hover a term', 'Read a problem and its rule page', 'Run the same checks in CI'];
        let seen = [];
        await waitFor(async () => {
          seen = await page.$$eval('.gettingStartedContainer .getting-started-step .step-title', (els) => els.map((e) => e.textContent.trim()));
          return steps.every((s) => seen.includes(s));
        }, { timeoutMs: 30000, what: `the walkthrough's steps (${steps.join(', ')})` }).catch((e) => { throw new Error(`${e.message}; shown: ${JSON.stringify(seen)}`); });
        await readmeShot(page, 'walkthrough');
        await wb.runCommand(page, 'View: Close All Editors');
      },
    },
  ];
}
