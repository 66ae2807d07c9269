// test/e2e/restricted-tests.mjs — the INSTALLED VSIX in restricted mode (an untrusted
// workspace), run by run-all.mjs as its own part (`--only restricted`):
//
//   (r) a code-server with workspace trust on (`security.workspace.trust.enabled`, no
//       --disable-workspace-trust) opens a copy of samples/with-problems that nobody trusted:
//       the window shows that it is in Restricted Mode, and the extension still works there
//       (package.json declares capabilities.untrustedWorkspaces.supported: true): the live
//       preview test (p) runs unchanged in that window.
//
// The trust prompt is off (startupPrompt: never), so the folder opens untrusted without a
// dialog: what a user gets who answers "No, I don't trust the authors".

import fs from 'node:fs';
import path from 'node:path';
import { paths, waitFor } from './code-server.mjs';
import { runUiTests } from './ui-tests.mjs';

const GROUP = 'restricted mode';

/** The workbench's own sign of restricted mode: its status bar entry. */
async function restrictedModeShown(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.statusbar-item')].some((e) => /Restricted Mode/i.test(`${e.textContent} ${e.getAttribute('aria-label') ?? ''}`)),
  );
}

export async function runRestrictedTests({ cs, wb, vsix, sample, expected, log = console.log }) {
  const results = [];
  const run = cs.createRun({
    name: 'restricted',
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'security.workspace.trust.emptyWindow': false,
    },
  });
  log(`    run folder ${path.relative(paths.root, run.dir)}`);
  try {
    // Its own copy: another build in a shared checkout may rewrite dist/.
    const ownVsix = path.join(run.dir, path.basename(vsix));
    fs.copyFileSync(vsix, ownVsix);
    await cs.installExtension(run, ownVsix);
    const ws = cs.copyWorkspace(run, sample, 'untrusted-with-problems');
    const server = await cs.startCodeServer(run, { workspace: ws, workspaceTrust: true });
    const context = await cs.launchBrowser(run);
    let page;
    const started = Date.now();
    try {
      page = await cs.openWorkbench(context, server, { workspace: ws, timeoutMs: 90000 });
      await wb.waitForWorkbench(page);
      await waitFor(() => restrictedModeShown(page), { timeoutMs: 60000, what: 'the "Restricted Mode" status bar entry (an untrusted folder)' });
      results.push({ group: GROUP, title: 'the folder opens untrusted: the window is in Restricted Mode', state: 'passed', durationMs: Date.now() - started });
      log(`  PASS  [${GROUP}] the folder opens untrusted: the window is in Restricted Mode`);
    } catch (e) {
      results.push({ group: GROUP, title: 'the folder opens untrusted: the window is in Restricted Mode', state: 'failed', error: e.message });
      log(`  FAIL  [${GROUP}] the untrusted window did not open in Restricted Mode: ${e.message}`);
      return results;
    }
    const ui = await runUiTests({ page, workspace: ws, expected, extensionsDir: run.extensionsDir, only: ['p'], log: (m) => log(m.replace('[ui]', `[${GROUP}]`)) });
    for (const t of ui) results.push({ group: GROUP, ...t });
    // Still restricted at the end: nothing along the way trusted the folder.
    if (!(await restrictedModeShown(page))) results.push({ group: GROUP, title: 'still in Restricted Mode after the preview test', state: 'failed', error: 'the Restricted Mode entry is gone' });
  } finally {
    await run.dispose();
  }
  return results;
}
