// Runs componentize-qjs in child processes (qjs-child.mjs): Wizer runs the
// guest's top level during the build, in native code that no thread of ours
// could stop, and a top level that never ends would keep a core busy for good.
// A child is killed when its build outlives config.buildTimeoutMs. One that
// finished a build waits IDLE_MS for the next: a fresh child costs a spawn and
// the toolchain's load, and loses what the toolchain keeps warm between builds.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { config } from '../config';
import { projectRoot } from '../store/migrate';
import { UserError } from './errors';

const IDLE_MS = 30_000;
const idle: { child: ChildProcess; timer: NodeJS.Timeout }[] = [];

function take(): ChildProcess {
  for (let spare = idle.pop(); spare; spare = idle.pop()) {
    clearTimeout(spare.timer);
    if (!alive(spare.child)) continue;
    keepsAlive(spare.child, true);
    return spare.child;
  }
  return fork(path.join(projectRoot(), 'lib', 'components', 'qjs-child.mjs'), [], {
    execArgv: [], // no TypeScript loader or flags: the child runs plain JavaScript
    serialization: 'advanced', // the component's bytes travel as a Uint8Array
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

/** A child back from a build waits, without keeping this process alive, then leaves. */
function giveBack(child: ChildProcess): void {
  if (!alive(child)) return;
  const entry = {
    child,
    timer: setTimeout(() => {
      idle.splice(idle.indexOf(entry), 1);
      child.disconnect(); // it exits on disconnect
    }, IDLE_MS).unref(),
  };
  keepsAlive(child, false);
  idle.push(entry);
}

const alive = (child: ChildProcess): boolean => child.connected && child.exitCode === null && child.signalCode === null;

/** Whether `child` (its process, IPC channel and stderr pipe) keeps this process's event loop alive. */
function keepsAlive(child: ChildProcess, yes: boolean): void {
  const stderr = child.stderr as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null;
  if (yes) {
    child.ref();
    child.channel?.ref();
    stderr?.ref?.();
  } else {
    child.unref();
    child.channel?.unref();
    stderr?.unref?.();
  }
}

type Outcome = { bytes: Uint8Array } | { error: UserError };

/** The component componentize-qjs builds from `jsSource` against the WIT folder `witPath`. */
export function componentizeInChild(
  witPath: string,
  jsSource: string,
  world: string | undefined,
  buildError: (message: string) => UserError,
): Promise<Uint8Array> {
  const limitMs = config.buildTimeoutMs;
  const child = take();
  let stderr = '';
  const onStderr = (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  };
  child.stderr?.on('data', onStderr);
  return new Promise<Uint8Array>((resolve, reject) => {
    let outcome: Outcome | undefined;
    const settle = (o: Outcome) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      child.stderr?.off('data', onStderr);
      if ('bytes' in o) resolve(o.bytes);
      else reject(o.error);
    };
    const timer = setTimeout(() => {
      outcome = {
        error: new UserError(
          `the build did not finish within ${limitMs / 1000} s: the component's top level runs during the build; does it end? (the limit is PLAYGROUND_BUILD_TIMEOUT_MS)`,
          400,
        ),
      };
      child.kill('SIGKILL'); // settled on its exit: nothing of the build outlives it
      if (child.exitCode !== null || child.signalCode !== null) settle(outcome); // it had gone already
    }, limitMs);
    const onMessage = (m: { component?: Uint8Array; error?: string }) => {
      if (outcome) return;
      settle(m.component ? { bytes: m.component } : { error: buildError(m.error ?? 'no component') });
      giveBack(child);
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(outcome ?? { error: buildError(stderr.trim() || `the build process ended (${signal ?? code})`) });
    // Not started, or its channel closed under a send: an exit may never follow.
    const onError = (e: Error) => {
      outcome ??= { error: new UserError(`build failed: ${e.message}`, 400) };
      child.kill('SIGKILL');
      settle(outcome);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
    child.send({ witPath, jsSource, world });
  });
}
