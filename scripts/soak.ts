/**
 * The long differential soak of the language server (see test/soak/harness.ts).
 *
 *   npx tsx scripts/soak.ts [--edits N] [--seed S] [--batch B] [--rename-every K] [--max-rss-growth-mb M] [--keep] [--trace FILE]
 *
 * --edits N            edits to apply (default 5000)
 * --seed S             PRNG seed (default: from the clock; printed, so a run can be replayed)
 * --batch B            edits between two comparisons with the CLI (default 25)
 * --rename-every K     every K batches, check the renames offered on a sample of the fuzzed files (default 20; 0: never)
 * --max-rss-growth-mb  fail when the server's RSS (measured right after a forced full GC) grows more than
 *                      this between warm-up and the end (default 30)
 * --keep               keep the temp workspace (its path is printed)
 * --trace FILE         write every operation and every notification sent to the server to FILE
 *
 * Prints progress, the seed, every mismatch (file, CLI vs server) and the RSS
 * figures. Exits 1 on a mismatch, an error reply, a crash, a hang, a failed
 * rename check or RSS growth over the limit; 2 on bad arguments. Build first
 * (`npm run build`): it runs dist/server.js and dist/cli.js.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { CLI, SERVER } from '../test/support/paths';
import { createWorkspace, memoryGrowth, SoakSession, summarize } from '../test/soak/harness';
import { checkRenames } from '../test/soak/rename-check';
import { Rng, seedFrom } from '../test/soak/rng';

function parseArgs(argv: string[]) {
  const opts = {
    edits: 5000,
    seed: undefined as number | undefined,
    batch: 25,
    renameEvery: 20,
    maxRssGrowthMb: 30,
    keep: false,
    trace: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${name} needs a value`);
      return v!;
    };
    const int = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) usage(`${name} must be an integer >= ${min}, got "${v}"`);
      return n;
    };
    switch (name) {
      case '--edits':
        opts.edits = int(value(), 1);
        break;
      case '--seed':
        opts.seed = seedFrom(value(), 0);
        break;
      case '--batch':
        opts.batch = int(value(), 1);
        break;
      case '--rename-every':
        opts.renameEvery = int(value(), 0);
        break;
      case '--max-rss-growth-mb':
        opts.maxRssGrowthMb = int(value(), 1);
        break;
      case '--keep':
        opts.keep = true;
        break;
      case '--trace':
        opts.trace = value();
        break;
      case '-h':
      case '--help':
        console.log('usage: tsx scripts/soak.ts [--edits N] [--seed S] [--batch B] [--rename-every K] [--max-rss-growth-mb M] [--keep] [--trace FILE]');
        process.exit(0);
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return opts;
}

function usage(message: string): never {
  console.error(
    `soak: ${message}\nusage: tsx scripts/soak.ts [--edits N] [--seed S] [--batch B] [--rename-every K] [--max-rss-growth-mb M] [--keep] [--trace FILE]`,
  );
  process.exit(2);
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  for (const f of [SERVER, CLI]) if (!existsSync(f)) usage(`${f} is missing: run npm run build first`);
  const seed = opts.seed ?? (Date.now() % 2 ** 31) >>> 0;
  const replay = `--seed ${seed} --edits ${opts.edits} --batch ${opts.batch}`;
  console.log(`soak: seed ${seed}, ${opts.edits} edits in batches of ${opts.batch} (replay with ${replay})`);
  const ws = createWorkspace();
  if (opts.keep) console.log(`soak: workspace ${ws.root}`);
  const renameRng = new Rng(seed ^ 0x5eed);
  const renameFailures: string[] = [];
  let renamesOffered = 0;
  let renameChecks = 0;
  if (opts.trace) writeFileSync(opts.trace, `soak trace: seed ${seed}, workspace ${ws.root}\n`);
  const trace = opts.trace ? (line: string) => appendFileSync(opts.trace!, `${line}\n`) : undefined;
  const session = new SoakSession(
    {
      seed,
      trace,
      edits: opts.edits,
      batchSize: opts.batch,
      log: (line) => {
        console.log(line);
        trace?.(line);
      },
      afterBatch: async (s, batch) => {
        if (!opts.renameEvery || batch % opts.renameEvery) return;
        const r = await checkRenames(s, s.workspaceFiles(), { rng: renameRng, max: 40, label: `[batch ${batch}] ` });
        renameChecks += r.targets;
        renamesOffered += r.offered;
        for (const f of r.failures) console.log(`RENAME ${f}`);
        renameFailures.push(...r.failures);
        console.log(
          `renames at batch ${batch}: ${r.offered} offered of ${r.targets} places, ${r.failures.length} failing, ${r.refused.length} refused after being offered`,
        );
        for (const x of r.refused) console.log(`  refused: ${x}`);
      },
    },
    ws,
  );
  let report;
  try {
    report = await session.run();
  } finally {
    await session.stop().catch(() => undefined);
    if (!opts.keep) ws.cleanup();
  }
  console.log('');
  console.log(summarize(report));
  console.log(`renames: ${renamesOffered} offered and checked of ${renameChecks} places, ${renameFailures.length} failing`);
  for (const m of report.mismatches) {
    console.log(`mismatch (batch ${m.batch}, edit ${m.edits}${m.persistent ? '' : ', resolved after a longer wait'}): ${m.file}`);
    console.log(`  expected (CLI):\n${m.expected.map((x) => `    ${x}`).join('\n') || '    (none)'}`);
    console.log(`  actual (server):\n${m.actual.map((x) => `    ${x}`).join('\n') || '    (none)'}`);
  }
  for (const a of report.anomalies) console.log(`anomaly: ${a}`);
  const failures: string[] = [];
  if (report.fatal) failures.push(`fatal: ${report.fatal}`);
  if (report.mismatches.length) failures.push(`${report.mismatches.length} mismatching file result(s)`);
  if (report.anomalies.length) failures.push(`${report.anomalies.length} anomalies (error replies or server errors)`);
  if (renameFailures.length) failures.push(`${renameFailures.length} failing rename check(s)`);
  // Judged on the RSS right after a forced full GC (what the server really holds); the raw RSS when the GC hook is unavailable.
  const growth = memoryGrowth(report);
  const judged = growth.gcKb ?? growth.rawKb;
  if (judged !== undefined) {
    const growthMb = judged / 1024;
    const which = growth.gcKb !== undefined ? 'RSS after a forced GC' : 'RSS';
    if (growthMb > opts.maxRssGrowthMb) failures.push(`server ${which} grew ${growthMb.toFixed(1)} MB after warm-up (limit ${opts.maxRssGrowthMb} MB)`);
  } else if (!report.fatal) {
    console.log('soak: RSS not measured (no /proc here)');
  }
  console.log(failures.length ? `\nsoak FAILED (seed ${seed}):\n  ${failures.join('\n  ')}` : `\nsoak passed (seed ${seed})`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
