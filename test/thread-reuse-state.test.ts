// Thread reuse (issue 13), host side and evaluations: one thread serves every
// worker here (no spares, one worker in memory at a time), so what a worker
// keeps on its thread (its JS globals, its environment as the host gives it)
// would show in the next one if the thread did not start each afresh; the
// pool's counters prove the thread was the same one throughout. A throwaway
// evaluation, once answered, gives its thread back too.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { GUESTS, makeEngine, untilWorker, type TestEngine } from './helpers';

const F = (fn: string) => `test:state/api.{${fn}}`;

let t: TestEngine | undefined;
after(async () => t?.close());

test(
  'one thread serves worker after worker (and the same worker resumed) with nothing of the one before',
  { timeout: 120_000 },
  async () => {
    // No spare threads and one worker in memory: a start takes the thread the previous worker left, or boots one (counted).
    t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, maxResident: 1 });
    const { engine } = t;
    await engine.registerComponent('st', GUESTS.threadState);
    const stats = () => engine.threadStats();

    const a = engine.createWorker({ component: 'st', name: 'a', env: { SECRET: 'from-a' } });
    assert.equal((await engine.invoke(a.id, { function: F('mark'), args: ['a-global'] })).result, 'a-global');
    assert.deepEqual(stats(), { spawned: 1, reused: 0 }, 'the first worker booted the one thread');
    const waiting = engine.invoke(a.id, { function: F('wait') });
    await untilWorker(t, 'a suspended', a.id, (w) => w.status === 'suspended' && !w.resident, 20_000);
    const promise = engine.getWorker(a.id).awaitingPromise;
    assert.ok(promise !== undefined, 'a awaits its promise');

    // b on a's thread: neither a's global nor a's environment.
    const b = engine.createWorker({ component: 'st', name: 'b' });
    assert.equal((await engine.invoke(b.id, { function: F('peek') })).result, 'none unset', "nothing of a's global or environment");
    assert.deepEqual(stats(), { spawned: 1, reused: 1 }, 'b ran on the thread a left');
    assert.equal((await engine.invoke(b.id, { function: F('mark'), args: ['b-global'] })).result, 'b-global');

    // a woken: b (idle, at the cap) leaves, and a resumes on the same thread with its own state, by replay.
    assert.equal(engine.completePromise(a.id, promise, Buffer.from('done').toString('base64')), true);
    assert.equal((await waiting).result, 'a-global from-a', 'a resumed with its own global and environment');
    assert.deepEqual(stats(), { spawned: 1, reused: 2 }, 'a resumed on the thread b left');
    assert.equal(engine.getWorker(b.id).resident, false);

    // b back (a leaves): b's own global by replay, still not a's environment.
    assert.equal((await engine.invoke(b.id, { function: F('peek') })).result, 'b-global unset');
    assert.deepEqual(stats(), { spawned: 1, reused: 3 });

    // b suspends: the thread is free. An evaluation takes it, sees a's state as of its history, and gives it back.
    await engine.invoke(b.id, { function: F('wait'), wait: false });
    await untilWorker(t, 'b suspended', b.id, (w) => w.status === 'suspended' && !w.resident, 20_000);
    const at = engine.store.length(a.id);
    assert.equal((await engine.evaluateAt(a.id, { index: at, function: F('peek') })).result, 'a-global from-a');
    assert.deepEqual(stats(), { spawned: 1, reused: 4 }, 'the evaluation ran on the same thread');
    // A global set inside a throwaway evaluation stays in that throwaway instance.
    assert.equal((await engine.evaluateAt(a.id, { index: at, function: F('mark'), args: ['evaluated'] })).result, 'evaluated');
    const c = engine.createWorker({ component: 'st', name: 'c' });
    assert.equal((await engine.invoke(c.id, { function: F('peek') })).result, 'none unset', 'nothing of the evaluation or of a');
    assert.deepEqual(stats(), { spawned: 1, reused: 6 }, 'the evaluations gave the thread back and c took it');
    assert.equal(
      (await engine.invoke(a.id, { function: F('peek') })).result,
      'a-global from-a',
      "the evaluation wrote nothing to a's history",
    );
  },
);

test('a closed debug session gives its thread back, from inside the guest or from its first stop', { timeout: 120_000 }, async () => {
  await t?.close();
  // A thread per worker: c2 takes the second debug thread rather than a place beside c1 (hosts.ts).
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, workersPerThread: 1 });
  const { engine } = t;
  await engine.registerComponent('st', GUESTS.threadState);
  const w = engine.createWorker({ component: 'st', name: 'w', env: { SECRET: 'from-w' } });
  await engine.invoke(w.id, { function: F('mark'), args: ['w-global'] });
  await engine.invoke(w.id, { function: F('wait'), wait: false });
  await untilWorker(t, 'w suspended', w.id, (x) => x.status === 'suspended' && !x.resident, 20_000);
  assert.equal(engine.spareThreads(), 1, "w's thread is in the pool");

  // The session takes that thread; its standby (opened beside it for rewinds) boots another.
  const { sessionId } = await engine.startDebug(w.id);
  const last = engine.store.length(w.id);
  const { state } = await engine.debug(sessionId, { type: 'continue', toIndex: last });
  assert.equal(state.invocation?.functionName, F('wait'), 'paused inside the suspended invocation, in the guest');
  await engine.stopDebug(sessionId);
  // Both threads come back: the session's from inside the guest, the standby's from its first stop.
  const end = Date.now() + 30_000;
  while (engine.spareThreads() < 2) {
    assert.ok(Date.now() < end, `the debug threads did not come back: ${engine.spareThreads()} spare`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const before = engine.threadStats();
  assert.equal(before.spawned, 2, 'one thread booted for the standby');
  for (const name of ['c1', 'c2']) {
    const c = engine.createWorker({ component: 'st', name });
    assert.equal((await engine.invoke(c.id, { function: F('peek') })).result, 'none unset', `${name}: nothing of w or its replay`);
  }
  assert.deepEqual(engine.threadStats(), { spawned: 2, reused: before.reused + 2 }, 'c1 and c2 ran on the debug threads');
});

test('evaluations on a reused thread leave no listeners behind', { timeout: 120_000 }, async () => {
  await t?.close();
  // One thread serves every evaluation in turn. Each adds its 'message' listener; the pool strips them when the
  // thread comes back, else they would pile up on a long-lived thread (Node warns past ten).
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, maxResident: 1, workersPerThread: 1 });
  const { engine } = t;
  const warnings: string[] = [];
  const onWarning = (w: Error) => w.name === 'MaxListenersExceededWarning' && warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    await engine.registerComponent('st', GUESTS.threadState);
    const w = engine.createWorker({ component: 'st', name: 'w' });
    await engine.invoke(w.id, { function: F('mark'), args: ['w-global'] });
    await engine.invoke(w.id, { function: F('wait'), wait: false });
    await untilWorker(t, 'w suspended', w.id, (x) => x.status === 'suspended' && !x.resident, 20_000);
    const at = engine.store.length(w.id);
    for (let i = 0; i < 12; i++) assert.equal((await engine.evaluateAt(w.id, { index: at, function: F('peek') })).result, 'w-global unset');
    assert.deepEqual(engine.threadStats(), { spawned: 1, reused: 12 }, 'every evaluation ran on the one thread');
    // The warning is emitted on the next turn.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings, [], 'no listener leak warning');
  } finally {
    process.off('warning', onWarning);
  }
});
