/**
 * writeSitePages (server/src/node/site-files.ts) reuses its buffers from call to call: calls at once (a render's
 * worker writes two batches of "used in" pages at a time) must each write their own pages' bytes, exactly, whether
 * a page comes as one string or in pieces.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeSitePages } from '../../server/src/node/site-files';

describe('writing whole site pages (writeSitePages)', () => {
  it('writes every page exactly when several calls run at once and pages outgrow the buffer', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'site-pages-'));
    try {
      const batch = (b: number) =>
        Array.from({ length: 6 }, (_, i) => ({
          name: `used-in/b${b}-p${i}.html`,
          html: `<p>batch ${b} page ${i} \u2014 caf\u00e9</p>`.repeat(1 + ((b * 7 + i * 13) % 5) * 40_000),
        }));
      // A page may come in pieces (a "used in" page is never one string): written one after another.
      const inPieces = (b: number) =>
        batch(b).map((p, i) => ({ name: p.name.replace('.html', '-pieces.html'), html: [p.html, `<!-- ${i} -->`, '', p.html.slice(0, 99)] }));
      const joined = (page: { html: string | string[] }) => (typeof page.html === 'string' ? page.html : page.html.join(''));
      const batches: { name: string; html: string | string[] }[][] = [...[0, 1, 2, 3].map(batch), ...[4, 5].map(inPieces)];
      const written = await Promise.all(batches.map((pages) => writeSitePages(out, pages)));
      assert.deepEqual(
        written,
        batches.map((pages) => pages.map((p) => p.name)),
      );
      for (const page of batches.flat()) assert.equal(readFileSync(path.join(out, page.name), 'utf8'), joined(page), page.name);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
