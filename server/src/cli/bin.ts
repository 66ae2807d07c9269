import { runCli } from './main';

// Entry point of the `playbook-lint` bin; everything else is testable without a process.

// A reader that stops early (`playbook-lint | head`) is not a failure of the run.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  },
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
    // Everything is written: end now rather than after V8 has taken apart the heaps of this thread and of any
    // worker thread still ending (50-110 ms after a large project's lint or render). Only where nothing is
    // waiting to be written: output to a pipe is asynchronous on some systems, and would be cut short.
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  },
  (error: unknown) => {
    // A bug, not a lint result: say so plainly and exit 2 (the run failed), never 0 or 1.
    process.stderr.write(`playbook-lint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
