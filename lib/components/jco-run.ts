// Runs jco's tools in a child process (jco-child.mjs) instead of on the
// runtime's main thread, which answers every worker's host calls: see the
// child for why. One child per job, killed at config.buildTimeoutMs.

import { fork } from 'node:child_process';
import path from 'node:path';
import { config } from '../config';
import { projectRoot } from '../store/migrate';
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

function inChild<T>(job: JcoJob): Promise<T> {
  const child = fork(path.join(projectRoot(), 'lib', 'components', 'jco-child.mjs'), [], {
    execArgv: ['--liftoff-only'],
    serialization: 'advanced', // bytes travel as Uint8Arrays
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (run: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.connected) child.disconnect(); // it exits on disconnect
      run();
    };
    const ended = (why: string) => settle(() => reject(new JcoError(why, job.job)));
    const timer = setTimeout(() => {
      ended(`jco did not finish within ${config.buildTimeoutMs / 1000} s`);
      child.kill('SIGKILL');
    }, config.buildTimeoutMs);
    child.on('message', (m: { value?: T; error?: string; stage?: string }) =>
      settle(() => (m.error === undefined ? resolve(m.value as T) : reject(new JcoError(m.error, m.stage ?? job.job)))),
    );
    child.on('exit', (code, signal) => ended(stderr.trim() || `the jco process ended (${signal ?? code})`));
    child.on('error', (e) => {
      ended(e.message);
      child.kill('SIGKILL');
    });
    child.send(job);
  });
}

/** jco's transpile of a component: its files, as jco names them. */
export const transpileInChild = (bytes: Uint8Array, options: unknown) => inChild<TranspiledFiles>({ job: 'transpile', bytes, options });

/** A component made from a WAT core module and the WIT (with WASI nested) it implements. */
export const componentFromWat = (wat: string, witSource: string, world: string | undefined) =>
  inChild<Uint8Array>({ job: 'wat', wat, witSource, world });
