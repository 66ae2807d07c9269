/**
 * `npm run fuzz`: the core's fuzz properties (test/fuzz/properties.ts) over as
 * many randomly damaged sample files as asked for.
 *
 *   npm run fuzz                          10,000 cases, a fresh seed
 *   npm run fuzz -- --runs 50000          more
 *   npm run fuzz -- --seed S              the same cases again
 *   npm run fuzz -- --seed S --path P     replay one failure's minimal case (printed on failure)
 *   npm run fuzz -- --keep-going          go on past failures; one line per kind of failure at the end
 *   npm run fuzz -- --case '<json>'       check one case, as printed by a failure or by --keep-going
 *
 * Prints the seed first, progress as it goes, and on failure the minimal
 * counterexample and the command that replays it; exits 1 on failure.
 *
 * The cases run in a worker thread so that a case that hangs (an endless loop
 * cannot be interrupted in the thread running it) is caught too: after
 * --hang-seconds without progress the worker is stopped and the case printed.
 */
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

interface Options {
  runs: number;
  seed: number;
  path?: string;
  hangSeconds: number;
  keepGoing: boolean;
  caseJson?: string;
}

type FromWorker =
  | { type: 'case'; n: number; input: string }
  | { type: 'done'; n: number; ms: number; cpuMs: number }
  | { type: 'result'; failed: boolean; numRuns: number; report: string };

const USAGE = "usage: npm run fuzz -- [--runs N] [--seed S] [--path P] [--keep-going] [--case '<json>'] [--hang-seconds N]";

function parseArgs(argv: string[]): Options {
  const options: Partial<Options> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const integer = (v: string) => {
      if (!/^-?\d+$/.test(v)) throw new Error(`${name} must be a whole number, not "${v}"`);
      return Number(v);
    };
    if (name === '--runs') options.runs = integer(value());
    else if (name === '--seed') options.seed = integer(value());
    else if (name === '--path') options.path = value();
    else if (name === '--hang-seconds') options.hangSeconds = integer(value());
    else if (name === '--keep-going') options.keepGoing = true;
    else if (name === '--case') options.caseJson = value();
    else if (name === '--help' || name === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (options.runs !== undefined && options.runs < 1) throw new Error('--runs must be at least 1');
  return {
    runs: options.runs ?? 10_000,
    seed: options.seed ?? Math.floor(Math.random() * 0x7fffffff),
    path: options.path,
    hangSeconds: options.hangSeconds ?? 60,
    keepGoing: options.keepGoing ?? false,
    caseJson: options.caseJson,
  };
}

// --- the worker: runs the property, reports each case before and after it runs -----------------------

async function workerMain(options: Options): Promise<void> {
  const port = parentPort!;
  // require, not import(): the worker has tsx's CommonJS hook only.
  const { runFuzz, exploreFuzz, checkCaseJson, checkInput } = require('../test/fuzz/properties') as typeof import('../test/fuzz/properties');
  const { loadSamples } = require('../test/fuzz/mutations') as typeof import('../test/fuzz/mutations');
  process.removeAllListeners('warning');
  process.on('warning', () => {}); // the yaml package's warnings on odd keys would drown the progress lines
  for (const s of loadSamples()) checkInput({ rel: s.rel, kind: s.kind, text: s.text }); // warm up: the first parse compiles schemas
  let n = 0;
  let cpu = process.cpuUsage();
  let t0 = performance.now();
  const onCase = (k: number) => {
    const c = process.cpuUsage(cpu);
    port.postMessage({ type: 'done', n: k, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 } satisfies FromWorker);
    n = k;
    cpu = process.cpuUsage();
    t0 = performance.now();
  };
  const onStart = (input: string) => {
    port.postMessage({ type: 'case', n: n + 1, input } satisfies FromWorker);
    cpu = process.cpuUsage();
    t0 = performance.now();
  };
  if (options.caseJson) {
    onStart(options.caseJson);
    let report = '';
    try {
      checkCaseJson(options.caseJson);
      onCase(1);
    } catch (error) {
      report = `fuzz: the case fails: ${error instanceof Error ? (error.name === 'PropertyViolation' ? error.message : error.stack) : String(error)}`;
    }
    port.postMessage({ type: 'result', failed: report !== '', numRuns: 1, report } satisfies FromWorker);
    return;
  }
  if (options.keepGoing) {
    const explored = exploreFuzz({ runs: options.runs, seed: options.seed, onCase, onStart });
    const lines = explored.failures.map(
      (f) =>
        `\n[${f.count} case(s), first is case ${f.firstCase}] ${f.message.split('\n')[0]}\n  replay: npm run fuzz -- --case '${JSON.stringify(f.input).replace(/'/g, "'\\''")}'`,
    );
    const report = explored.failures.length
      ? `fuzz: ${explored.failures.length} kind(s) of failure in ${explored.runs} cases (seed ${explored.seed}):${lines.join('')}`
      : '';
    port.postMessage({ type: 'result', failed: explored.failures.length > 0, numRuns: explored.runs, report } satisfies FromWorker);
    return;
  }
  const outcome = runFuzz({ runs: options.runs, seed: options.seed, path: options.path, onCase, onStart });
  port.postMessage({ type: 'result', failed: outcome.failed, numRuns: outcome.numRuns, report: outcome.report } satisfies FromWorker);
}

// --- the main thread: progress, watchdog, exit code --------------------------------------------------

function main(): void {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`fuzz: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.caseJson) console.log('fuzz: checking one case');
  else if (options.path) console.log(`fuzz: replaying the case at path ${options.path} of seed ${options.seed}`);
  else
    console.log(
      `fuzz: seed ${options.seed}, ${options.runs} runs${options.keepGoing ? ', keeping going past failures' : ''} (repeat: npm run fuzz -- --seed ${options.seed} --runs ${options.runs}${options.keepGoing ? ' --keep-going' : ''})`,
    );

  const started = performance.now();
  // The worker runs this same TypeScript file: it registers tsx's loader first.
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  let lastProgress = performance.now();
  let current: { n: number; input: string } | undefined;
  let done = 0;
  let slowest = { ms: 0, cpuMs: 0, n: 0 };
  let finished = false;

  const progress = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `fuzz: ${done}/${options.runs} cases, ${elapsed.toFixed(0)} s, ${(done / Math.max(elapsed, 0.001)).toFixed(0)}/s, slowest ${slowest.cpuMs.toFixed(0)} ms CPU (case ${slowest.n})`,
    );
  }, 10_000);
  const watchdog = setInterval(() => {
    if (performance.now() - lastProgress < options.hangSeconds * 1000) return;
    clearInterval(watchdog);
    clearInterval(progress);
    finished = true;
    console.error(`fuzz: FAILED — case ${current?.n ?? '?'} made no progress for ${options.hangSeconds} s (a hang)`);
    console.error(`seed: ${options.seed}`);
    console.error(`case: ${current?.input ?? '(unknown)'}`);
    console.error(`reproduce: npm run fuzz -- --seed ${options.seed} --runs ${current?.n ?? options.runs}   (the hang is the last case)`);
    void worker.terminate().then(() => process.exit(1));
  }, 1000);

  worker.on('message', (m: FromWorker) => {
    lastProgress = performance.now();
    if (m.type === 'case') current = { n: m.n, input: m.input };
    else if (m.type === 'done') {
      done = m.n;
      if (m.cpuMs > slowest.cpuMs) slowest = { ms: m.ms, cpuMs: m.cpuMs, n: m.n };
    } else if (m.type === 'result') {
      finished = true;
      clearInterval(watchdog);
      clearInterval(progress);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (m.failed) {
        console.error(m.report);
        console.error(`fuzz: FAILED after ${m.numRuns} case(s), ${seconds} s`);
        process.exitCode = 1;
      } else {
        console.log(`fuzz: OK — ${m.numRuns} cases passed in ${seconds} s (seed ${options.seed}; slowest case ${slowest.cpuMs.toFixed(0)} ms CPU)`);
      }
      void worker.terminate();
    }
  });
  worker.on('error', (error) => {
    finished = true;
    clearInterval(watchdog);
    clearInterval(progress);
    console.error(`fuzz: the fuzz worker crashed: ${error.stack ?? error}`);
    console.error(`seed: ${options.seed}; last case: ${current?.input ?? '(none)'}`);
    process.exitCode = 1;
  });
  worker.on('exit', () => {
    if (!finished) {
      clearInterval(watchdog);
      clearInterval(progress);
      console.error(`fuzz: the fuzz worker exited early (out of memory?); seed ${options.seed}; last case: ${current?.input ?? '(none)'}`);
      process.exitCode = 1;
    }
  });
}

if (isMainThread) main();
else
  workerMain(workerData as Options).catch((error) => {
    parentPort!.postMessage({ type: 'result', failed: true, numRuns: 0, report: `fuzz: ${(error as Error).stack ?? error}` } satisfies FromWorker);
  });
