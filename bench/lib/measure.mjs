// Whole-process measurement: wall time (performance.now around the spawn), peak RSS
// (GNU time's %M, the child's max resident set; or polling /proc/PID/status VmHWM when
// /usr/bin/time is missing) and CPU time (user + sys; more than wall means threads).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// GNU time's report goes to bench/.runs/ (not /tmp, which other jobs on a shared machine may clean).
const SCRATCH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.runs', 'time');

const GNU_TIME = '/usr/bin/time';
export const HAS_GNU_TIME = existsSync(GNU_TIME);

/**
 * Runs `cmd args` once and measures it. stdout/stderr are collected in memory (the tools
 * under test write their reports to files). Never rejects for a non-zero exit.
 */
export function measureProcess(cmd, args, { cwd, env } = {}) {
  mkdirSync(SCRATCH, { recursive: true });
  const tmp = mkdtempSync(path.join(SCRATCH, 'run-'));
  const timeFile = path.join(tmp, 'time.txt');
  const [file, argv] = HAS_GNU_TIME ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let polledHwmKb = 0;
    const poll = HAS_GNU_TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledHwmKb = Math.max(polledHwmKb, Number(m[1]));
          } catch {
            /* gone */
          }
        }, 10);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      if (poll) clearInterval(poll);
      let peakRssKb = polledHwmKb;
      let cpuS;
      if (HAS_GNU_TIME) {
        try {
          // GNU time writes "Command exited with non-zero status N" first when the exit code is not 0.
          const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
          const [rss, user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
          peakRssKb = rss;
          cpuS = user + sys;
        } catch (error) {
          process.stderr.write(`bench: no GNU time report for ${path.basename(String(args[0] ?? cmd))} (${error.code ?? error.message}); peak RSS unknown\n`);
        }
      }
      rmSync(tmp, { recursive: true, force: true });
      resolve({
        wallMs,
        peakRssBytes: peakRssKb * 1024,
        cpuS,
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Reads every file under a folder once, so no tool pays for a cold disk cache. Returns total bytes. */
export function warmDiskCache(dir) {
  let bytes = 0;
  for (const rel of readdirSync(dir, { recursive: true })) {
    const p = path.join(dir, rel);
    try {
      bytes += readFileSync(p).length;
    } catch {
      /* a folder */
    }
  }
  return bytes;
}

/** Nearest-rank percentile of numbers (p in 0..100). */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** RSS of a process and all its descendants, from /proc (bytes), or undefined. */
export function treeRss(pid) {
  const rssOf = (p) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const childrenOf = (p) => {
    const kids = [];
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const text = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (text) kids.push(...text.split(/\s+/).map(Number));
      }
    } catch {
      /* gone */
    }
    return kids;
  };
  if (!existsSync(`/proc/${pid}`)) return undefined;
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    total += rssOf(p);
    stack.push(...childrenOf(p));
  }
  return total;
}

/** CPU seconds (user + system) a live process has used so far, from /proc/PID/stat (clock ticks of 1/100 s). */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** VmHWM (peak RSS) of one process, bytes. */
export function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
