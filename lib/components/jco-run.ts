// Runs jco's tools in a child process (jco-child.mjs) instead of on the
// runtime's main thread, which answers every worker's host calls: see the
// child for why. Jobs run one at a time, in the order asked (as they did on
// the main thread: registrations finish first come, first served), each killed
// at config.buildTimeoutMs. The child is kept for IDLE_MS after a job, so the
// jobs of one registration (a WAT build, then its transpile) and registrations
// in a row reuse it: jco already compiled there, a job costs tens of ms, not a
// process start and jco's compilation again.

import type { ChildProcess } from 'node:child_process';
import { config, TIMER_MAX_MS } from '../config';
import { forkTool } from './tool-child';
import type { TranspiledFiles } from './build-cache';

export type JcoJob =
  { job: 'transpile'; bytes: Uint8Array; options: unknown } | { job: 'wat'; wat: string; witSource: string; world: string | undefined };

/** A job's failure: jco's message, and which step failed ('parse' for a WAT that does not parse). */
export class JcoError extends Error {
  constructor(
    message: string,
    readonly stage: string,
  ) {
    super(message);
  }
}

const IDLE_MS = 5_000;
// V8's baseline compiler alone (see the child). Should it ever refuse jco's
// code (a CPU without what Liftoff needs), children start without it from then on.
let execArgv = ['--liftoff-only'];
let idle: { child: ChildProcess; timer: NodeJS.Timeout } | undefined;

function alive(child: ChildProcess): boolean {
  return child.connected && child.exitCode === null && child.signalCode === null;
}

function take(): { child: ChildProcess; reused: boolean } {
  const kept = idle;
  idle = undefined;
  if (kept) {
    clearTimeout(kept.timer);
    if (alive(kept.child)) return { child: kept.child, reused: true };
  }
  const child = forkTool('jco-child.mjs', execArgv);
  // Idle, not a reason for this process to stay up (a job refs its channel while it runs).
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return { child, reused: false };
}

/** Keeps `child` for the next job, or lets it go (it exits on disconnect). */
function giveBack(child: ChildProcess): void {
  if (idle || !alive(child)) {
    if (child.connected) child.disconnect();
    return;
  }
  const timer = setTimeout(() => {
    if (idle?.child === child) idle = undefined;
    if (child.connected) child.disconnect();
  }, IDLE_MS);
  timer.unref();
  idle = { child, timer };
}

/** The last job asked: the next one starts when it has ended. */
let line: Promise<unknown> = Promise.resolve();

function inChild<T>(job: JcoJob): Promise<T> {
  const run = line.then(async () => {
    const { child, reused } = take();
    try {
      return await runJob<T>(job, child);
    } catch (e) {
      // A kept child gone before it answered (it died idle, unseen): the job was never run; once more, on a new one.
      if (reused && e instanceof Ended) return runJob<T>(job, take().child);
      if (e instanceof JcoError && execArgv.length > 0 && /liftoff/i.test(e.message)) {
        execArgv = [];
        return runJob<T>(job, take().child);
      }
      throw e;
    }
  });
  line = run.catch(() => {});
  return run;
}

/** The child ended before it answered. */
class Ended extends JcoError {}

function runJob<T>(job: JcoJob, child: ChildProcess): Promise<T> {
  const limitMs = Math.min(config.buildTimeoutMs, TIMER_MAX_MS);
  // The IPC channel keeps this process up while a job runs (an idle child does not).
  (child.channel as { ref?: () => void } | undefined)?.ref?.();
  let stderr = '';
  const onStderr = (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  };
  child.stderr?.on('data', onStderr);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(() => reject(new JcoError(`jco did not finish within ${limitMs / 1000} s`, job.job)), false);
    }, limitMs);
    // A trap leaves jco's instance in the child as it was when it trapped: that child is not kept.
    const onMessage = (m: { value?: T; error?: string; stage?: string; trapped?: boolean }) =>
      done(() => (m.error === undefined ? resolve(m.value as T) : reject(new JcoError(m.error, m.stage ?? job.job))), !m.trapped);
    const onExit = (code: number | null, signal: string | null) =>
      done(() => reject(new Ended(stderr.trim() || `the jco process ended (${signal ?? code})`, job.job)), false);
    const onError = (e: Error) => {
      child.kill('SIGKILL');
      done(() => reject(new JcoError(e.message, job.job)), false);
    };
    function done(settle: () => void, reusable: boolean): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      child.stderr?.off('data', onStderr);
      (child.channel as { unref?: () => void } | undefined)?.unref?.();
      if (reusable) giveBack(child);
      else if (child.connected) child.disconnect();
      settle();
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
    child.send(job);
  });
}

/** jco's transpile of a component: its files, as jco names them. */
export const transpileInChild = (bytes: Uint8Array, options: unknown) => inChild<TranspiledFiles>({ job: 'transpile', bytes, options });

/** A component made from a WAT core module and the WIT (with WASI nested) it implements. */
export const componentFromWat = (wat: string, witSource: string, world: string | undefined) =>
  inChild<Uint8Array>({ job: 'wat', wat, witSource, world });
