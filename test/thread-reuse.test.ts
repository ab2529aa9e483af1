// Thread reuse (issue 13): a worker that suspends leaves its thread by
// unwinding its guest, and the thread serves the next worker with a fresh
// instance. What one worker left in its instance (a JS global, the exports
// bound for its component) must not show in the next one on the same thread;
// the suspended worker comes back with its own state, by replay.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, untilWorker, type TestEngine } from './helpers';

// A guest that keeps a JS global and can suspend until its promise is completed.
const GLOBALS_JS = (tag: string) => `
import { createPromise, awaitPromise } from 'golem:api/host@1.1.7';
export const api = {
  mark(name) { globalThis.secret = '${tag}:' + name; return globalThis.secret; },
  peek() { return typeof globalThis.secret === 'string' ? globalThis.secret : '${tag}: none'; },
  wait() { awaitPromise(createPromise()); return globalThis.secret ?? 'gone'; },
};
`;
// Both components use the same package: their exports have the same names.
const WIT = `package test:g;
interface api {
  mark: func(name: string) -> string;
  peek: func() -> string;
  wait: func() -> string;
}
world globals {
  import golem:api/host@1.1.7;
  export api;
}`;

let t: TestEngine | undefined;
after(async () => t?.close());

test('a thread left by a suspended worker serves the next worker with nothing of the first', { timeout: 120_000 }, async () => {
  // No spare threads: a second thread can only come from reuse (or a new boot, which the stats count).
  // Idle workers leave their threads after 300 ms (eviction lets go of a thread without ending it).
  t = makeEngine({ spareThreads: 0, idleEvictMs: 300 });
  const { engine } = t;
  await engine.registerComponent('ga', { kind: 'js', source: GLOBALS_JS('A'), wit: WIT });
  await engine.registerComponent('gb', { kind: 'js', source: GLOBALS_JS('B'), wit: WIT });
  const F = (fn: string) => `test:g/api.{${fn}}`;
  /** Runs `start`; it must be served by a thread another worker left, not by a new one. */
  const onReusedThread = async <T>(what: string, start: () => Promise<T>): Promise<T> => {
    const before = engine.threadStats();
    const out = await start();
    const now = engine.threadStats();
    assert.equal(now.spawned, before.spawned, `${what}: no thread booted`);
    assert.equal(now.reused, before.reused + 1, `${what}: ran on a thread another worker left`);
    return out;
  };

  const first = engine.createWorker({ component: 'ga', name: 'first' });
  assert.equal((await engine.invoke(first.id, { function: F('mark'), args: ['first'] })).result, 'A:first');
  // Awaiting its promise suspends it: its thread goes back to the pool. It sleeps until the test
  // completes the promise (a timer of its own could wake it and take the thread meant for the third).
  const waiting = engine.invoke(first.id, { function: F('wait') });
  await untilWorker(t, 'first suspended', first.id, (w) => w.status === 'suspended' && !w.resident, 20_000);
  const promise = engine.getWorker(first.id).awaitingPromise;
  assert.ok(promise !== undefined, 'first awaits its promise');

  // The same component on that thread: a new instance, its globals empty.
  const second = engine.createWorker({ component: 'ga', name: 'second' });
  const seen = await onReusedThread('second', () => engine.invoke(second.id, { function: F('peek') }));
  assert.equal(seen.result, 'A: none', 'no global left from the first worker');
  assert.equal((await engine.invoke(second.id, { function: F('mark'), args: ['second'] })).result, 'A:second');
  await untilWorker(t, 'second let go of its thread', second.id, (w) => !w.resident, 10_000);

  // Another component with the same export names: its own exports and globals, not the ones bound before.
  const third = engine.createWorker({ component: 'gb', name: 'third' });
  assert.equal((await onReusedThread('third', () => engine.invoke(third.id, { function: F('peek') }))).result, 'B: none');
  assert.equal((await engine.invoke(third.id, { function: F('mark'), args: ['third'] })).result, 'B:third');

  // The first, woken, has its own global back, by replay; so has the evicted second.
  assert.equal(engine.completePromise(first.id, promise, Buffer.from('done').toString('base64')), true);
  assert.equal((await waiting).result, 'A:first', 'the suspended worker resumed with its own state');
  assert.equal((await engine.invoke(first.id, { function: F('peek') })).result, 'A:first');
  assert.equal((await engine.invoke(second.id, { function: F('peek') })).result, 'A:second');
  assert.equal((await engine.invoke(third.id, { function: F('peek') })).result, 'B:third');
});

test('at the cap of workers in memory, the least recently used idle one leaves its thread to the next', { timeout: 120_000 }, async () => {
  await t?.close();
  // A thread per worker (hosts.ts places idle workers together otherwise): the hand-over under test is of whole threads.
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, maxResident: 2, workersPerThread: 1 });
  const { engine } = t;
  await engine.registerComponent('ga', { kind: 'js', source: GLOBALS_JS('A'), wit: WIT });
  const F = (fn: string) => `test:g/api.{${fn}}`;
  const ws = ['w1', 'w2', 'w3'].map((name) => engine.createWorker({ component: 'ga', name }));
  for (const w of ws.slice(0, 2)) await engine.invoke(w.id, { function: F('mark'), args: [w.name] });
  // w1 is the least recently used: w3's start takes its thread.
  await engine.invoke(ws[1]!.id, { function: F('peek') });
  const before = engine.threadStats();
  await engine.invoke(ws[2]!.id, { function: F('mark'), args: ['w3'] });
  assert.deepEqual(
    ws.map((w) => engine.getWorker(w.id).resident),
    [false, true, true],
    'w1 left memory, w2 and w3 stay',
  );
  assert.deepEqual(engine.threadStats(), { spawned: before.spawned, reused: before.reused + 1 }, "w3 ran on w1's thread");
  assert.equal(engine.residentCount(), 2);
  // w1 comes back by replay with its own state (and w2, least recently used now, leaves).
  assert.equal((await engine.invoke(ws[0]!.id, { function: F('peek') })).result, 'A:w1');
  assert.deepEqual(
    ws.map((w) => engine.getWorker(w.id).resident),
    [true, false, true],
  );
});

test('a thread that has imported its budget of component versions ends instead of taking another', { timeout: 120_000 }, async () => {
  await t?.close();
  // A budget of one version per thread: ES modules are never unloaded, so a thread's memory only grows with versions.
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, threadBindings: 1 });
  const { engine } = t;
  await engine.registerComponent('ga', { kind: 'js', source: GLOBALS_JS('A'), wit: WIT });
  await engine.registerComponent('gb', { kind: 'js', source: GLOBALS_JS('B'), wit: WIT });
  const F = (fn: string) => `test:g/api.{${fn}}`;
  const suspend = async (id: string) => {
    await engine.invoke(id, { function: F('wait'), wait: false });
    await untilWorker(t!, `${id} suspended`, id, (w) => w.status === 'suspended' && !w.resident, 20_000);
  };
  const w1 = engine.createWorker({ component: 'ga', name: 'w1' });
  await suspend(w1.id);
  // The same version: within the budget, the thread w1 left serves w2.
  const w2 = engine.createWorker({ component: 'ga', name: 'w2' });
  let before = engine.threadStats();
  assert.equal((await engine.invoke(w2.id, { function: F('peek') })).result, 'A: none');
  assert.deepEqual(engine.threadStats(), { spawned: before.spawned, reused: before.reused + 1 }, 'w2 ran on the thread w1 left');
  await suspend(w2.id);
  // Another version would be that thread's second: it ends, and a new thread serves w3.
  const w3 = engine.createWorker({ component: 'gb', name: 'w3' });
  before = engine.threadStats();
  assert.equal((await engine.invoke(w3.id, { function: F('peek') })).result, 'B: none');
  assert.deepEqual(engine.threadStats(), { spawned: before.spawned + 1, reused: before.reused }, 'w3 ran on a new thread');
});

test('a deleted idle worker leaves its thread to the next worker, with nothing of its own', { timeout: 120_000 }, async () => {
  await t?.close();
  // A durability check deletes a throwaway worker per kill point: each delete must not cost a thread boot.
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000 });
  const { engine } = t;
  await engine.registerComponent('ga', { kind: 'js', source: GLOBALS_JS('A'), wit: WIT });
  const F = (fn: string) => `test:g/api.{${fn}}`;
  const gone = engine.createWorker({ component: 'ga', name: 'gone' });
  assert.equal((await engine.invoke(gone.id, { function: F('mark'), args: ['gone'] })).result, 'A:gone');
  await engine.deleteWorker(gone.id, { purge: true });
  const next = engine.createWorker({ component: 'ga', name: 'next' });
  const before = engine.threadStats();
  assert.equal((await engine.invoke(next.id, { function: F('peek') })).result, 'A: none', 'no global left from the deleted worker');
  assert.deepEqual(engine.threadStats(), { spawned: before.spawned, reused: before.reused + 1 }, "next ran on the deleted worker's thread");
});
