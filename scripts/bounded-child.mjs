// Child processes of the test runners (scripts/test.mjs, scripts/test-engine.mjs) that end whatever they run.
// Each leads its own process group, so that a kill reaches everything it started (runtimes, servers, builds). The
// runners wait for a child's output to end, which happens only when every process holding it has: a test that never
// ends, or a process left running after its parent exited, would otherwise keep a whole run from ever ending (one
// CI run did, until the service's limit). So a child is killed with its group when it runs past its time limit, or
// when its processes still hold its output LINGER_S seconds after it exited.

import { spawn } from 'node:child_process';

const ownGroup = process.platform !== 'win32';
/** Seconds a child's processes may hold its output after it exited. */
export const LINGER_S = 15;
const live = new Set();

function signalGroup(child, signal) {
  try {
    if (ownGroup) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    /* already gone */
  }
}

/** Kills the child's group; its pipes are closed from this end if a process outside the group still holds them. */
function killGroup(child) {
  signalGroup(child, 'SIGKILL');
  setTimeout(() => {
    child.stdout?.destroy();
    child.stderr?.destroy();
  }, 5000).unref();
}

/** A limit in seconds from the environment variable `name` (at most a day: setTimeout fires at once past 2^31 ms). */
export function limitSeconds(name, fallback) {
  return Math.min(86_400, Math.max(1, Number(process.env[name] ?? fallback) || fallback));
}

/** What `ended()` said, in words for a log: why the child was killed (`limit` names its time limit), else undefined. */
export function whyEnded(ended, limitS, limitName) {
  if (ended === 'timeout') return `still running after ${limitS} s (${limitName}): killed with everything it started`;
  if (ended === 'lingered') return `processes it started still held its output ${LINGER_S} s after it exited: killed`;
  return undefined;
}

/**
 * Spawns `cmd` (stdout and stderr piped) leading its own process group, killed with it past `timeoutS` seconds or
 * when its processes outlive it by LINGER_S. Once the child's 'close' came, `ended()` says which happened, if either.
 */
export function spawnBounded(cmd, args, options, timeoutS) {
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
  live.add(child);
  let ended;
  const deadline = setTimeout(() => {
    ended = 'timeout';
    killGroup(child);
  }, timeoutS * 1000);
  let linger;
  child.on('exit', () => {
    linger = setTimeout(() => {
      ended ??= 'lingered';
      killGroup(child);
    }, LINGER_S * 1000);
  });
  child.on('close', () => {
    clearTimeout(deadline);
    clearTimeout(linger);
    live.delete(child);
  });
  return { child, ended: () => ended };
}

/**
 * Ended from outside (Ctrl-C, a CI cancel, a closed terminal): the children's groups are not the terminal's, so each
 * gets SIGINT here, as a terminal's Ctrl-C would give it (Playwright then stops its web servers, which live in groups
 * of their own; it has no SIGTERM handler), and `graceMs` to end before its group is killed.
 */
export function endChildrenOnSignals(graceMs) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => {
      const children = [...live];
      for (const child of children) signalGroup(child, 'SIGINT');
      const closed = Promise.all(children.map((child) => new Promise((r) => child.once('close', r))));
      const late = setTimeout(() => children.forEach(killGroup), graceMs);
      void closed.then(() => {
        clearTimeout(late);
        process.exit(130);
      });
      setTimeout(() => process.exit(130), graceMs + 7000).unref();
    });
}
