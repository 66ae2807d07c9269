// test/e2e/preview-ui-tests.mjs — the live preview of the INSTALLED VSIX in code-server (run by
// ui-tests.mjs after the other UI tests, in the same window and workspace):
//
//   (p) "Playbook Lint: Open Preview to the Side" opens the page of the active playbook in a
//       webview beside it; an unsaved edit shows in the preview; a click on a tactic card in
//       the preview puts the editor's cursor on that tactic's line.
//
// The webview is two iframes deep (the workbench's webview host, then its active frame).
// With PLAYBOOK_SCREENSHOTS=<dir> (`npm run screenshots`: docs/images) it saves the screenshot
// the docs show there, as preview.png, in the desktop window (run-all's part 5, docsShots);
// it always leaves one in .cache/e2e/screenshots/readme/.

import fs from 'node:fs';
import path from 'node:path';
import { paths, waitFor } from './code-server.mjs';
import { readmeShot } from './editor-ui-tests.mjs';
import * as wb from './workbench.mjs';

/** A screenshot for the docs, in PLAYBOOK_SCREENSHOTS (relative to the checkout). */
async function docsShot(page, name) {
  const dir = path.resolve(paths.root, process.env.PLAYBOOK_SCREENSHOTS);
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), timeout: 20000 });
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** The preview's document, inside the webview's nested frames. */
function previewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame, iframe[title]').first();
}

async function cursorLine(page) {
  const text = await page.$eval('.statusbar-item[id*="status.editor.selection"]', (e) => e.textContent).catch(() => '');
  return Number(/Ln (\d+)/.exec(text ?? '')?.[1] ?? NaN);
}

export function definePreviewUiTests() {
  return [
    {
      id: 'p',
      title: '(p) Open Preview to the Side shows the playbook beside it, follows an unsaved edit, and a click reveals the source line',
      async run({ page, files, docsShots }) {
        const rel = 'playbooks/team-expansion.playbook.yaml';
        const text = await files.read(rel);
        const lines = text.split('\n');
        const titleLine = lines.findIndex((l) => /^playbook:/.test(l));
        const title = lines[titleLine].replace(/^playbook:\s*/, '').replace(/^["']|["']$/g, '');
        const tacticIds = [...text.matchAll(/^\s*- id: (\S+)\n\s+tactic:/gm)].map((m) => m[1]);
        const lastTactic = tacticIds.at(-1);
        const tacticLine = lines.findIndex((l) => l.includes(`- id: ${lastTactic}`)) + 1;
        assert(titleLine >= 0 && lastTactic && tacticLine > 0, `${rel} has a title and tactics`);

        await wb.openFile(page, rel, { timeoutMs: 30000 });
        await wb.runCommand(page, 'Playbook Lint: Open Preview to the Side');
        const frame = previewFrame(page);
        await frame.locator('main h1').waitFor({ timeout: 30000 });
        await waitFor(async () => (await frame.locator('main h1').textContent()) === title, { timeoutMs: 30000, what: `the preview's heading "${title}"` });
        // Beside: two editor groups, the playbook in one and the preview in the other.
        const groups = await page.$$eval('.editor-group-container', (els) => els.length);
        assert(groups === 2, `the preview opened beside the editor (${groups} editor groups)`);
        assert(await page.$('.tabs-container .tab[aria-label*="Preview"]'), 'a preview tab');

        // An unsaved edit: the title grows in the editor, the preview follows without a save.
        await wb.typeAt(page, { line: titleLine + 1, column: lines[titleLine].length + 1 }, ' DRAFT-EDIT');
        await waitFor(async () => (await frame.locator('main h1').textContent())?.includes('DRAFT-EDIT'), { timeoutMs: 20000, what: 'the unsaved edit in the preview' });
        assert((await files.read(rel)) === text, 'the file is unchanged (nothing was saved)');
        await readmeShot(page, 'preview');
        if (process.env.PLAYBOOK_SCREENSHOTS && docsShots) await docsShot(page, 'preview');

        // A click on the last tactic's card reveals its line in the editor.
        await wb.gotoPosition(page, 1, 1);
        await frame.locator(`article#id-${lastTactic} .tactic-id`).click();
        await waitFor(async () => (await cursorLine(page)) === tacticLine, { timeoutMs: 20000, what: `the cursor on line ${tacticLine} (${lastTactic})` }).catch(async (e) => {
          throw new Error(`${e.message}; cursor on line ${await cursorLine(page)}`);
        });
        await wb.runCommand(page, 'View: Close All Editors').catch(() => undefined);
      },
    },
  ];
}
