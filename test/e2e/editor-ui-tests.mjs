// test/e2e/editor-ui-tests.mjs — UI tests of the writer's editor features of the INSTALLED
// VSIX (run by ui-tests.mjs after tests (a)–(e), in the same window and workspace):
//
//   (f) "Playbook Lint: New Playbook" asks a title, creates TITLE.playbook.yaml in the
//       folder holding the playbooks and opens it; a second time it refuses, clearly
//   (g) the `tactic` snippet inserts a tactic whose why / deviate-when placeholders are
//       flagged in the Problems panel
//   (h) the walkthrough opens with its steps
//   (i) clicking a problem's rule link opens the bundled rule page in the Markdown preview
//   (j) a misnamed playbook gets a misnamed-file problem whose quick fix renames the file
//   (k) saving runs source.fixAll.playbook-lint (editor.codeActionsOnSave, set by
//       run-all.mjs): the saved text is what `playbook-lint --fix` makes of the same file
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

/** The built CLI on a copy of the workspace where `rel` holds `text` (the test's workspace may be in memory): its result and the file after it. */
function cliOnCopy(workspace, rel, text, args) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'playbook-lint-e2e-cli-'));
  try {
    fs.cpSync(workspace, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, rel), text);
    const r = spawnSync(process.execPath, [path.join(paths.root, 'dist/cli.js'), rel, ...args], { cwd: copy, encoding: 'utf8', timeout: 60000 });
    assert(r.status === 0 || r.status === 1, `playbook-lint ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
    return { stdout: r.stdout, after: fs.readFileSync(path.join(copy, rel), 'utf8') };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * The workspace's files as the tests reach them: here on disk; web-tests.mjs passes its own
 * for the in-memory folder (through vscode.workspace.fs). All async, paths relative.
 */
export function diskFiles(workspace) {
  const abs = (rel) => path.join(workspace, rel);
  return {
    async exists(rel) {
      return fs.existsSync(abs(rel));
    },
    async read(rel) {
      return fs.readFileSync(abs(rel), 'utf8');
    },
    async write(rel, text) {
      fs.writeFileSync(abs(rel), text);
    },
    async remove(rel) {
      fs.rmSync(abs(rel), { force: true });
    },
  };
}

export function defineEditorUiTests() {
  return [
    {
      id: 'f',
      title: '(f) Playbook Lint: New Playbook creates a correctly named playbook in the playbook folder; an existing one is refused',
      async run({ page, workspace, files }) {
        const rel = 'playbooks/churn-rescue.playbook.yaml';
        await files.remove(rel);
        try {
          await runCommandRetrying(page, 'Playbook Lint: New Playbook');
          await answerInputBox(page, 'Churn rescue');
          await waitFor(() => files.exists(rel), { timeoutMs: 20000, what: `${rel} in the workspace` });
          await page.waitForSelector('.tabs-container .tab.active[aria-label*="churn-rescue.playbook.yaml"]', { timeout: 20000 });
          const text = await files.read(rel);
          assert(/^playbook: "?Churn rescue"?$/m.test(text), `the title is in the file:\n${text}`);
          const r = cliOnCopy(workspace, rel, text, ['--format', 'json']);
          const rules = JSON.parse(r.stdout).files.flatMap((f) => f.diagnostics.map((d) => d.rule));
          assert(!rules.some((x) => /schema|yaml-syntax|duplicate-id/.test(x)), `the new playbook is valid: ${rules.join(', ')}`);
          await readmeShot(page, 'new-playbook');
          // Again: the file exists, nothing is written, the message says so.
          const before = await files.read(rel);
          await wb.runCommand(page, 'Playbook Lint: New Playbook');
          await answerInputBox(page, 'Churn rescue');
          await waitFor(async () => (await notificationTexts(page)).some((t) => t.includes('churn-rescue.playbook.yaml already exists')), {
            timeoutMs: 20000, what: 'a message that churn-rescue.playbook.yaml already exists',
          });
          assert((await files.read(rel)) === before, 'the existing file is untouched');
        } finally {
          await page.keyboard.press('Escape');
          await wb.runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
          await files.remove(rel);
        }
      },
    },
    {
      id: 'g',
      title: '(g) the tactic snippet inserts a tactic whose why and deviate-when placeholders are flagged',
      async run({ page, files }) {
        const rel = 'playbooks/snippet-check.playbook.yaml';
        const text = minimalPlaybook('Snippet check', 'snippet-check');
        await files.write(rel, text);
        try {
          await wb.openFile(page, rel, { timeoutMs: 30000 });
          const lines = text.split('\n');
          // The empty last line: indent like the tactics, then the snippet.
          await wb.gotoPosition(page, lines.length, 1);
          await wb.typeAt(page, null, '      ', { raw: true });
          await wb.runCommand(page, 'Snippets: Insert Snippet');
          await pickQuickPick(page, 'tactic'); // the snippet's prefix
          await page.keyboard.press('Escape'); // leave the snippet's placeholders
          let got = '';
          await waitFor(async () => { got = await wb.readEditorText(page); return got.includes('- id: tactic-id'); }, { timeoutMs: 15000, what: 'the inserted tactic' });
          const want = [
            '      - id: tactic-id',
            '        tactic: What the rep does.',
            '        why: "TODO: the principle behind this tactic"',
            '        deviate-when:',
            '          - "TODO: an observable condition under which to do otherwise"',
          ].join('\n');
          assert(got.startsWith(text.slice(0, -1)) && got.includes(want), `the tactic is inserted at the tactics' indentation:\n${got}`);
          const idLine = got.split('\n').findIndex((l) => l.includes('- id: tactic-id')) + 1;
          await wb.openProblems(page, { maximized: true });
          await wb.waitForProblems(page, (rows) => ['tactic-missing-why', 'tactic-missing-deviation'].every((rule) => rows.some((r) => r.code === rule && r.file?.endsWith('snippet-check.playbook.yaml') && r.line >= idLine)), { timeoutMs: 30000 })
            .catch((e) => { throw new Error(`the snippet's placeholders should be flagged (tactic-missing-why, tactic-missing-deviation after line ${idLine}): ${e.message}`); });
          await wb.setPanelMaximized(page, false);
        } finally {
          await wb.runCommand(page, 'View: Revert and Close Editor').catch(() => undefined);
          await files.remove(rel);
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
        // Cleanup, not the claim: the workbench is reset after every test anyway.
        await wb.runCommand(page, 'View: Close All Editors').catch(() => undefined);
      },
    },
    {
      id: 'i',
      title: '(i) a problem\'s rule link opens the rule page bundled with the extension in the Markdown preview',
      async run({ page, expected }) {
        const target = expected.find((w) => w.rule === 'vague-deviation') ?? expected[0];
        await wb.openFile(page, target.file, { timeoutMs: 30000 });
        await wb.openProblems(page, { maximized: true });
        const rows = await wb.waitForProblems(page, (r) => r.some((x) => x.code === target.rule && x.href), { timeoutMs: 30000 });
        const row = rows.find((x) => x.code === target.rule && x.href);
        await readmeShot(page, 'problems');
        assert(/^command:playbookLint\.openRuleDocs/.test(row.href) && decodeURIComponent(row.href).includes(`"${target.rule}"`),
          `the rule link runs playbookLint.openRuleDocs for ${target.rule}, not a web page: ${row.href}`);
        const link = await page.evaluateHandle((rule) => [...document.querySelectorAll('.markers-panel .monaco-list-row .marker-code')]
          .find((e) => e.textContent.trim() === rule)?.closest('a') ?? null, target.rule);
        assert(link.asElement(), `the rule link of ${target.rule} in the Problems panel`);
        await link.asElement().click();
        await page.waitForSelector(`.tabs-container .tab[aria-label*="${target.rule}.md"]`, { timeout: 30000 });
        const page1 = fs.readFileSync(path.join(paths.root, 'docs/rules', `${target.rule}.md`), 'utf8');
        const heading = page1.split('\n').find((l) => l.startsWith('# '))?.slice(2).trim();
        await waitFor(async () => {
          for (const frame of page.frames()) {
            const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
            if (heading && body.includes(heading)) return true;
          }
          return false;
        }, { timeoutMs: 30000, what: `the preview showing "${heading}"` });
        await wb.setPanelMaximized(page, false);
      },
    },
    {
      id: 'j',
      title: '(j) a misnamed playbook gets a misnamed-file problem whose quick fix renames the file',
      async run({ page, files }) {
        const from = 'playbooks/upsell.yaml';
        const to = 'playbooks/upsell.playbook.yaml';
        await files.remove(to);
        await files.write(from, minimalPlaybook('Upsell', 'upsell'));
        try {
          await wb.openFile(page, 'playbooks/upsell.yaml', { timeoutMs: 30000 });
          await wb.openProblems(page, { maximized: true });
          await wb.waitForProblems(page, (rows) => rows.some((r) => r.file?.endsWith('upsell.yaml') && r.code === 'misnamed-file' && r.message.includes('upsell.playbook.yaml')), { timeoutMs: 30000 });
          await wb.setPanelMaximized(page, false);
          await wb.gotoPosition(page, 1, 1);
          await page.keyboard.press('Control+.');
          await page.waitForSelector('.action-widget', { timeout: 20000 }).catch(() => undefined);
          await readmeShot(page, 'quick-fix');
          await page.keyboard.press('Escape');
          await wb.quickFix(page, (t) => /Rename .*upsell\.playbook\.yaml/.test(t), { at: { line: 1, column: 1 }, timeoutMs: 30000 });
          await waitFor(async () => (await files.exists(to)) && !(await files.exists(from)), { timeoutMs: 20000, what: 'upsell.yaml renamed to upsell.playbook.yaml in the workspace' });
          await page.waitForSelector('.tabs-container .tab[aria-label*="upsell.playbook.yaml"]', { timeout: 20000 });
        } finally {
          await files.remove(from);
          await files.remove(to);
        }
      },
    },
    {
      id: 'k',
      title: '(k) saving applies source.fixAll.playbook-lint: the same text as playbook-lint --fix',
      async run({ page, workspace, files }) {
        const rel = 'playbooks/fix-on-save.playbook.yaml';
        const text = minimalPlaybook('Fix on save', 'fix-on-save').replace('deviate-when:', 'deviate_when:');
        await files.write(rel, text);
        try {
          await wb.openFile(page, rel, { timeoutMs: 30000 });
          await wb.openProblems(page, { maximized: false });
          await wb.waitForProblems(page, (rows) => rows.some((r) => r.file?.endsWith('fix-on-save.playbook.yaml')), { timeoutMs: 30000 });
          await wb.typeAt(page, { line: 2, column: 1 }, '# checked by the e2e test\n', { raw: true });
          const edited = await wb.readEditorText(page);
          await wb.saveActiveEditor(page, { timeoutMs: 30000 });
          const saved = () => files.read(rel);
          // The reference: playbook-lint --fix on a copy of the workspace with the same edit.
          const wantEdited = cliOnCopy(workspace, rel, edited, ['--fix', '--no-color']).after;
          assert(wantEdited === edited.replace('deviate_when:', 'deviate-when:'), `playbook-lint --fix renames only the key:\n${wantEdited}`);
          await waitFor(async () => (await saved()) === wantEdited, { timeoutMs: 20000, what: 'the fixed text saved' })
            .catch(async (e) => { throw new Error(`${e.message}; saved:\n${await saved()}\nwanted (the CLI's --fix of the same edit):\n${wantEdited}`); });
        } finally {
          await files.remove(rel);
        }
      },
    },
  ];
}
