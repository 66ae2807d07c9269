/**
 * Every rename the server offers, on the sample files and on fuzzed copies of
 * them, checked edit by edit (test/soak/rename-check.ts): only the target spans
 * change, comments stay, valid YAML stays valid, the names read back as before
 * with only the renamed one changed, and no use of the old name is missed.
 */
import assert from 'node:assert/strict';
import { SoakSession } from './harness';
import { checkRenames, TRICKY_TERM_NAMES, type RenameReport } from './rename-check';
import { seedFrom } from './rng';

function show(report: RenameReport): string {
  return `${report.offered} offered of ${report.targets} places, ${report.refused.length} refused after being offered, ${report.failures.length} failing`;
}

function assertClean(report: RenameReport): void {
  assert.ok(report.offered > 0, 'no rename was offered at all');
  assert.deepEqual(report.failures, [], `rename checks failed:\n${report.failures.join('\n')}`);
}

describe('soak: renames offered by the server', function () {
  this.timeout(240_000);
  let session: SoakSession | undefined;

  afterEach(async () => {
    await session?.stop();
    session?.ws.cleanup();
    session = undefined;
  });

  it('on the sample files: every [[term]], term, alias, id and see-also renames cleanly to a fresh name', async () => {
    session = new SoakSession({ seed: 1, edits: 0, batchSize: 1 });
    await session.start();
    const report = await checkRenames(session, session.workspaceFiles());
    console.log(`      samples: ${show(report)}`);
    assertClean(report);
    assert.deepEqual(report.refused, [], 'a rename to a plain fresh name was refused after prepareRename offered it');
    assert.deepEqual(session.report.anomalies, []);
  });

  it('on the sample files: term renames to names that need quoting or escaping keep every file valid', async () => {
    session = new SoakSession({ seed: 1, edits: 0, batchSize: 1 });
    await session.start();
    const report = await checkRenames(session, session.workspaceFiles(), {
      nameFor: (n, kind) => (kind === 'id' ? `soak-renamed-${n}` : TRICKY_TERM_NAMES[n % TRICKY_TERM_NAMES.length]),
    });
    console.log(`      samples, tricky names: ${show(report)}`);
    assertClean(report);
    assert.deepEqual(session.report.anomalies, []);
  });

  it('on fuzzed files (random edits, unsaved and saved, files created and deleted)', async () => {
    const seed = seedFrom(process.env.SOAK_SEED, 424242);
    session = new SoakSession({ seed, edits: 0, batchSize: 1 });
    await session.start();
    await session.openInitial();
    const total: RenameReport = { targets: 0, offered: 0, refused: [], failures: [] };
    for (let round = 1; round <= 3; round++) {
      await session.fuzz(40);
      const report = await checkRenames(session, session.workspaceFiles(), { rng: session.rng, max: 60, label: `[seed ${seed}, round ${round}] ` });
      total.targets += report.targets;
      total.offered += report.offered;
      total.refused.push(...report.refused);
      total.failures.push(...report.failures);
    }
    console.log(`      fuzzed (seed ${seed}): ${show(total)}`);
    assertClean(total);
    assert.deepEqual(session.report.anomalies, []);
  });
});
