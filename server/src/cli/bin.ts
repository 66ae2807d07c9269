import { runCli } from './main';

// Entry point of the `playbook-lint` bin; everything else is testable without a process.
process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
});
