import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { openSyncChannel } from './sync-channel';

// Threads run plain JavaScript (no TypeScript loader): the thread's end is this module, bundled.
function bundledChannel(dir: string): string {
  const out = path.join(dir, 'sync-channel.mjs');
  buildSync({
    entryPoints: [path.join(import.meta.dirname, 'sync-channel.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
  });
  return pathToFileURL(out).href;
}

const THREAD = `
import { parentPort, workerData } from 'node:worker_threads';
const { ThreadEnd } = await import(workerData.url);
const end = new ThreadEnd(workerData.signal, workerData.port, (m) => parentPort.postMessage(m));
try {
  parentPort.postMessage({ done: [end.call('first'), end.call('second')] });
} catch (e) {
  parentPort.postMessage({ error: e.message });
}
`;

test("a late wake-up for the previous answer does not end the next call's wait", async () => {
  // The runtime stores the flag, then notifies; descheduled between the two, its notify reaches the thread once
  // it is already waiting for its next answer. That call used to return with no reply, and the guest trapped.
  const dir = mkdtempSync(path.join(tmpdir(), 'dp-sync-'));
  try {
    const url = bundledChannel(dir);
    const thread = path.join(dir, 'thread.mjs');
    writeFileSync(thread, THREAD);
    const { runtime, port, signal } = openSyncChannel();
    const flag = new Int32Array(signal);
    const w = new Worker(thread, { workerData: { signal, port, url }, transferList: [port] });
    let gone = false;
    const outcome = await new Promise<unknown>((resolve, reject) => {
      w.on('error', (e) => ((gone = true), reject(e)));
      w.on('exit', () => ((gone = true), reject(new Error('the thread ended without its answers'))));
      w.on('message', (m: unknown) => {
        if (m === 'first') runtime.answer('one');
        else if (m === 'second') {
          // The first answer's notify, late: the thread has set the flag back to 0 for this call and waits.
          void (async () => {
            while (!gone && Atomics.notify(flag, 0) === 0) await new Promise((r) => setImmediate(r));
            // Woken with nothing on the port: time to look there before the real answer comes.
            await new Promise((r) => setTimeout(r, 50));
            runtime.answer('two');
          })();
        } else resolve(m);
      });
    });
    await w.terminate();
    assert.deepEqual(outcome, { done: ['one', 'two'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
