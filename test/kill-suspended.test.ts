// Bug: killing a suspended worker left its caller without an answer. Now, as
// on Golem (interrupt of a suspended worker): the caller of invoke-and-await is
// answered at once (503, as for a running worker), the worker is `interrupted`
// with its invocation still recorded, and it still wakes by itself at its
// sleep's deadline or when the promise it awaits is completed (Golem's
// scheduler and promise service activate interrupted workers), then finishes
// the invocation; a retry with the same key gets the result.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, reopenEngine, root, untilWorker, type TestEngine } from './helpers';
import type { InvokeRequest, WorkerInfo } from '../lib/runtime/types';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const F = (fn: string) => `test:golem/api.{${fn}}`;
let t: TestEngine;

before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  await t.engine.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
});
after(() => t.close());

const until = (what: string, id: string, ok: (w: WorkerInfo) => boolean, ms = 10_000) => untilWorker(t, what, id, ok, ms);

/**
 * Invokes `req` on a new worker and kills it once it is suspended: the kill
 * leaves it interrupted, and the caller is answered 503 within a second.
 */
async function killSuspended(name: string, req: InvokeRequest) {
  const w = t.engine.createWorker({ component: 'golemtest', name });
  let killedAt = 0;
  const answered = t.engine.invoke(w.id, req).then(
    () => ({ status: undefined, message: 'answered with a result', ms: Date.now() - killedAt }),
    (e: { status?: number; message: string }) => ({ status: e.status, message: e.message, ms: Date.now() - killedAt }),
  );
  const s = await until('suspension', w.id, (i) => i.status === 'suspended');
  killedAt = Date.now();
  const killed = await t.engine.kill(w.id);
  assert.equal(killed.status, 'interrupted');
  const got = await answered;
  assert.equal(got.status, 503, got.message);
  assert.ok(got.ms < 1000, `answered ${got.ms} ms after the kill`);
  return { w, s, killed, got };
}

test(
  'kill during a durable sleep: the caller gets 503 at once; the worker wakes at its deadline and finishes',
  { timeout: 30_000 },
  async () => {
    const { w, s, killed, got } = await killSuspended('sleeper', { function: F('nap'), args: [2500], idempotencyKey: 'nap' });
    const deadline = Date.parse(s.suspendedUntil!);
    assert.equal(killed.suspendedUntil, s.suspendedUntil, 'the wake-up is kept');
    assert.match(got.message, /killed/);
    assert.ok(Date.now() < deadline, 'answered before the sleep would have ended');

    // Nobody resumes it: it wakes by itself at the recorded deadline, not before.
    const done = await until('wake-up', w.id, (i) => i.status === 'idle', 10_000);
    assert.ok(Date.now() >= deadline, 'not woken early');
    assert.equal(done.resident, true);
    assert.deepEqual((await t.engine.invoke(w.id, { function: F('nap'), args: [2500], idempotencyKey: 'nap' })).result, 2500);
    const kinds = t.engine.store.slice(w.id, 1).map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === 'exported-function-completed').length, 1, 'one invocation, finished once');
    assert.ok(kinds.indexOf('interrupted') > kinds.indexOf('suspend'));
  },
);

test(
  'kill while awaiting a promise: the caller gets 503 at once; completing the promise wakes it to finish',
  { timeout: 30_000 },
  async () => {
    const { w, s, killed } = await killSuspended('waiter', { function: F('approve'), idempotencyKey: 'approve' });
    assert.equal(killed.awaitingPromise, s.awaitingPromise);

    // A second kill of the interrupted worker changes nothing (as on Golem).
    const length = t.engine.store.length(w.id);
    assert.equal((await t.engine.kill(w.id)).status, 'interrupted');
    assert.equal(t.engine.store.length(w.id), length);

    assert.equal(t.engine.completePromise(w.id, s.awaitingPromise!, Buffer.from('yes').toString('base64')), true);
    await until('completion', w.id, (i) => i.status === 'idle');
    assert.equal((await t.engine.invoke(w.id, { function: F('approve'), idempotencyKey: 'approve' })).result, 'yes');
  },
);

test('a worker interrupted while sleeping still wakes at its deadline after a restart of the engine', { timeout: 45_000 }, async () => {
  const w = t.engine.createWorker({ component: 'golemtest', name: 'sleeper-restart' });
  const call = t.engine.invoke(w.id, { function: F('nap'), args: [2000], idempotencyKey: 'nap' });
  call.catch(() => {});
  const s = await until('suspension', w.id, (i) => i.status === 'suspended');
  await t.engine.kill(w.id);
  await assert.rejects(call, /killed/);
  // A fresh engine over the same database: its scheduler is rebuilt from the oplog.
  await t.engine.shutdown();
  const restarted = reopenEngine(t.dbPath);
  const { engine } = restarted;
  try {
    // Read before recovery reaches it (an in-process caller, or another worker calling it while recoverAll yields): reading must not stop it waking.
    assert.equal(engine.getWorker(w.id).status, 'interrupted');
    void engine.recoverAll();
    // A limit, not a measure: at load 18 on 2 cores a wake (thread, instance, replay) took longer than 10 s once.
    const end = Date.now() + 20_000;
    while (engine.getWorker(w.id).status !== 'idle' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.equal(engine.getWorker(w.id).status, 'idle');
    assert.ok(Date.now() >= Date.parse(s.suspendedUntil!), 'not woken early');
    assert.equal((await engine.invoke(w.id, { function: F('nap'), args: [2000], idempotencyKey: 'nap' })).result, 2000);
  } finally {
    await restarted.close();
  }
});
