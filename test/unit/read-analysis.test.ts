/** Reading files from disk in-process: whatever is at the path, a diagnostic, never an exception or a hang. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { toPosix } from '../../server/src/node/discover';
import { lintProject, readAnalysis } from '../../server/src/node/project-run';

describe('reading files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'playbook-lint-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const message = (file: string) => readAnalysis(file, 'playbook').syntaxProblems.map((p) => p.message);

  it('a path that vanished after listing: "deleted or moved while being checked"', () => {
    assert.deepEqual(message(path.join(dir, 'gone.playbook.yaml')), [
      'Cannot read this file: it was deleted or moved while being checked; run the check again',
    ]);
  });

  it('a folder', () => {
    const folder = path.join(dir, 'x.playbook.yaml');
    mkdirSync(folder);
    assert.match(message(folder)[0], /^Cannot read this file: it is a folder, not a file/);
  });

  it('a symbolic link is never read through: dangling, looping or pointing at a real file', () => {
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.playbook.yaml'));
    assert.match(message(path.join(dir, 'dangling.playbook.yaml'))[0], /symbolic link, and links are not followed/);
    symlinkSync(path.join(dir, 'loop.playbook.yaml'), path.join(dir, 'loop.playbook.yaml'));
    assert.match(message(path.join(dir, 'loop.playbook.yaml'))[0], /symbolic link, and links are not followed/);
    writeFileSync(path.join(dir, 'real.yaml'), 'playbook: Real\n');
    symlinkSync(path.join(dir, 'real.yaml'), path.join(dir, 'linked.playbook.yaml'));
    assert.match(message(path.join(dir, 'linked.playbook.yaml'))[0], /symbolic link, and links are not followed/);
  });

  it('a named pipe does not block the read', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'pipe.playbook.yaml');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      this.skip(); // no mkfifo on this system
    }
    assert.match(message(fifo)[0], /it is a named pipe \(FIFO\), not a regular file/);
  });

  it('a project walk reports a folder named like a playbook and still checks the other files', async () => {
    mkdirSync(path.join(dir, 'odd.playbook.yaml'));
    writeFileSync(path.join(dir, 'odd.playbook.yaml', 'inside.playbook.yaml'), 'playbook: Inside\nstages: []\n');
    writeFileSync(path.join(dir, 'ok.playbook.yaml'), 'playbook: OK\nstages: []\n');
    const results = await lintProject(defaultConfig(toPosix(dir)));
    const byFile = Object.fromEntries(results.map((r) => [path.relative(dir, r.path), r.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)]));
    assert.deepEqual(Object.keys(byFile).sort(), ['odd.playbook.yaml', 'odd.playbook.yaml/inside.playbook.yaml', 'ok.playbook.yaml']);
    assert.match(byFile['odd.playbook.yaml'][0], /^yaml-syntax: Cannot read this file: it is a folder, not a file/);
    assert.match(byFile['ok.playbook.yaml'][0], /^schema: stages: is empty/);
  });

  it('an unreadable file (permission denied), unless running as root', function () {
    if (process.platform === 'win32' || process.getuid?.() === 0) this.skip(); // root reads anything: nothing to test
    const file = path.join(dir, 'locked.playbook.yaml');
    writeFileSync(file, 'playbook: x\n', { mode: 0o000 });
    assert.match(message(file)[0], /permission denied/);
  });
});
