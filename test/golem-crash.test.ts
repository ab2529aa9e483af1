// Durable waits survive the runtime process being SIGKILLed: a worker
// awaiting a promise is completed after the restart; a sleeping worker is
// woken on time by the scheduler the new runtime rebuilds from the oplog.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuntimeClient } from '../lib/runtime/client';
import { root } from './helpers';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const F = (fn: string) => `test:golem/api.{${fn}}`;
const dir = mkdtempSync(path.join(tmpdir(), 'dp-golem-crash-'));
const rt = new RuntimeClient(path.join(root, '.runtime', 'runtime.mjs'), {
  ...process.env, DATABASE_URL: `file:${path.join(dir, 'crash.db')}`,
});
after(async () => {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('SIGKILL of the runtime while workers await a promise and sleep: both finish after the restart', async () => {
  await rt.api.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
  const waiter = await rt.api.createWorker({ component: 'golemtest', name: 'waiter' });
  const sleeper = await rt.api.createWorker({ component: 'golemtest', name: 'sleeper' });
  const approve = await rt.api.invoke(waiter.id, { function: F('approve'), wait: false });
  const started = Date.now();
  const nap = await rt.api.invoke(sleeper.id, { function: F('nap'), args: [2500], wait: false });
  const w = await until('the promise wait', () => rt.api.getWorker(waiter.id), (i) => i.status === 'suspended');
  const s = await until('the sleep', () => rt.api.getWorker(sleeper.id), (i) => i.status === 'suspended');
  assert.ok(s.suspendedUntil);

  await rt.crash();
  await rt.whenReady();
  assert.equal(rt.restarts, 1);
  assert.equal((await rt.api.getWorker(waiter.id)).status, 'suspended', 'still waiting after the restart');

  // The scheduler was rebuilt from the oplog: the sleeper wakes at its time, not before.
  const napped = await rt.api.invoke(sleeper.id, { function: F('nap'), args: [2500], idempotencyKey: nap.idempotencyKey });
  assert.equal(napped.result, 2500);
  assert.ok(Date.now() - started >= 2450, 'not woken early');

  assert.equal(await rt.api.completePromise(waiter.id, w.awaitingPromise!, Buffer.from('yes').toString('base64')), true);
  const approved = await rt.api.invoke(waiter.id, { function: F('approve'), idempotencyKey: approve.idempotencyKey });
  assert.equal(approved.result, 'yes');
  assert.equal((await rt.api.listPromises(waiter.id))[0].completed, true);
});
