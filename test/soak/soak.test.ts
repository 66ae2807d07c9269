/**
 * The short differential soak (the long one is `npx tsx scripts/soak.ts`):
 * ~150 random edits in batches of ~15 against the real server over stdio;
 * after each batch the server's pushed diagnostics for every file must equal
 * what the CLI reports on the same text. The server must never crash, hang or
 * answer a well-formed request with an error. Its memory is reported, not judged.
 *
 * SOAK_SEED replays another seed; SOAK_EDITS changes the number of edits;
 * SOAK_VERBOSE=1 prints the progress lines. The bugs it found are pinned in
 * regressions.test.ts.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { SoakSession, summarize, type SoakReport } from './harness';
import { seedFrom } from './rng';

describe('soak: language server vs CLI under random edits', function () {
  this.timeout(300_000);

  it("keeps every file's diagnostics equal to the CLI's over ~150 random edits, and keeps answering", async () => {
    const seed = seedFrom(process.env.SOAK_SEED, 20250611);
    const edits = Number(process.env.SOAK_EDITS ?? 150);
    const session = new SoakSession({ seed, edits, batchSize: 15, log: process.env.SOAK_VERBOSE ? (l) => console.log(`      ${l}`) : undefined });
    let report: SoakReport;
    try {
      report = await session.run();
    } finally {
      await session.stop();
      session.ws.cleanup();
    }
    console.log(summarize(report).replace(/^/gm, '      '));
    assert.equal(report.fatal, undefined, `the soak stopped (seed ${seed}): ${report.fatal}`);
    assert.ok(report.edits >= edits && report.comparisons >= Math.floor(edits / 30), `only ${report.edits} edits and ${report.comparisons} comparisons ran`);
    const mismatches = report.mismatches.map(
      (m) =>
        `batch ${m.batch}, edit ${m.edits}: ${path.relative(session.ws.root, m.file)}\n  CLI:    ${JSON.stringify(m.expected)}\n  server: ${JSON.stringify(m.actual)}`,
    );
    assert.deepEqual(mismatches, [], `server and CLI disagree (replay with SOAK_SEED=${seed})`);
    assert.deepEqual(report.anomalies, [], `error replies or server errors (replay with SOAK_SEED=${seed})`);
  });
});
