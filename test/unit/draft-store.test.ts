/**
 * The store a render's thread keeps its pages' drafts in between the phases (server/src/node/draft-store.ts):
 * a scratch file in the temporary folder, or memory where no scratch file can be made. Both give back exactly the
 * UTF-8 of the pieces put in, in any order, and the scratch file never shows in the temporary folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { draftStore } from '../../server/src/node/draft-store';

/** Pages of every size: ASCII, Latin-1, beyond Latin-1 and beyond U+FFFF; one larger than the store's 4 MB stage. */
function pages(): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < 300; i++) {
    const line = `<p>Tactic ${i}: caf\u00e9 \u2014 na\u00efve \u{1F600} ${'x'.repeat(i * 37)}</p>`;
    out.push(['<!DOCTYPE html>', line.repeat(1 + (i % 7)), '</html>']);
  }
  out.push(['<main>', '\u2014'.repeat(1_500_000), '</main>']); // 4.5 MB of UTF-8
  out.push(['']);
  return out;
}

function roundTrip(): void {
  const store = draftStore();
  const all = pages();
  const refs = all.map((p) => store.put(p));
  // Phase 2 takes them in another order, and several are lent at once (the writer has up to 8 in flight).
  const order = refs.map((_, i) => i).sort((a, b) => ((a * 7919) % refs.length) - ((b * 7919) % refs.length));
  const lent = [];
  for (const i of order) {
    const draft = store.take(refs[i]);
    assert.equal(draft.bytes.toString('utf8'), all[i].join(''), `page ${i}`);
    lent.push(draft);
    if (lent.length === 8) lent.shift()!.release();
  }
  store.close();
}

describe("the drafts between a render's phases (draft-store)", () => {
  const savedTmp = process.env.TMPDIR;
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  });

  it('gives back every page exactly, from a scratch file that is never seen in the temporary folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drafts-'));
    try {
      process.env.TMPDIR = dir;
      const store = draftStore();
      store.put(['<p>one</p>']);
      assert.deepEqual(readdirSync(dir), [], 'the scratch file is unlinked while open');
      // Where the system lists a process's open files (Linux), the store holds one there, deleted.
      if (existsSync('/proc/self/fd')) {
        const open = readdirSync('/proc/self/fd').flatMap((fd) => {
          try {
            return [readlinkSync(`/proc/self/fd/${fd}`)];
          } catch {
            return [];
          }
        });
        assert.ok(
          open.some((f) => f.startsWith(path.join(dir, 'playbook-lint-drafts-')) && f.endsWith('(deleted)')),
          open.join('\n'),
        );
      }
      store.close();
      roundTrip();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps in memory, as exactly, the drafts a scratch file cannot take once it is full', function () {
    if (process.platform === 'win32') this.skip(); // the file size limit below is a POSIX shell's (ulimit -f)
    this.timeout(60_000);
    // A fresh process whose files may not grow past 1 MB (ulimit -f counts 1024-byte blocks): the drafts are several
    // MB, so the scratch file fails with EFBIG part way through its first write, with drafts staged and more to come.
    const store = JSON.stringify(path.join(__dirname, '../../server/src/node/draft-store.ts'));
    const script = `
      const { draftStore } = require(${store});
      const pages = Array.from({ length: 400 }, (_, i) => ['<p>', 'caf\u00e9 \u2014 \u{1F600} '.repeat(200 + i * 3), String(i), '</p>']);
      const s = draftStore();
      const refs = pages.map((p) => s.put(p));
      refs.forEach((ref, i) => { const d = s.take(ref); if (d.bytes.toString('utf8') !== pages[i].join('')) throw new Error('page ' + i + ' differs'); d.release(); });
      s.close();
      process.stdout.write('exact');`;
    const run = spawnSync('/bin/sh', ['-c', 'ulimit -f 1024 && exec "$0" -r tsx/cjs -e "$1"', process.execPath, script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'exact');
  });

  it('keeps the drafts in memory, as exactly, where the temporary folder cannot be written', () => {
    process.env.TMPDIR = path.join(tmpdir(), 'no-such-folder-for-drafts', 'deeper');
    roundTrip();
  });
});
