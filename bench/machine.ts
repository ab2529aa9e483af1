// What the bench scripts print beside their figures: the machine's load (the
// machine is shared, a figure means little without it), this process's CPU
// time, and other processes' CPU time from /proc (Linux: what a request costs
// the server and the runtime; elsewhere every reading is NaN and the bench says so).

import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** The 1, 5 and 15 minute load averages, e.g. "2.1 3.4 3.0". */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** The 1 minute load average alone, e.g. "2.1". */
export const loadNow = (): string => (loadavg()[0] ?? NaN).toFixed(1);

/** This process's CPU time so far, ms (every thread of it): on a shared machine the figure that load does not inflate much. */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process (all its threads), ms; NaN when it cannot be read. */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** The pids whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return dirs.map(Number).filter((p) => {
    try {
      return Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

/** CPU ms of each thread of this process (or of `pid`) by OS thread id (Linux; empty elsewhere). */
export function threadCpuMs(pid: number | 'self' = 'self'): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/**
 * Where a span's CPU went, ms: the main thread; `early` threads (those that
 * existed before the engine's first worker_thread: V8's helpers for GC and
 * compilers, the loader's); the threads started after (the engine's
 * worker_threads). A thread that ended within the span is missing from the
 * second reading: its CPU counts nowhere, so the parts may sum to less than
 * the process's CPU. `pid`: the process whose main thread it is (default this one).
 */
export function cpuSplit(
  early: ReadonlySet<number>,
  before: Map<number, number>,
  after: Map<number, number>,
  pid: number = process.pid,
): { main: number; helpers: number; workers: number } {
  const split = { main: 0, helpers: 0, workers: 0 };
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    if (tid === pid) split.main += d;
    else if (early.has(tid)) split.helpers += d;
    else split.workers += d;
  }
  return split;
}
