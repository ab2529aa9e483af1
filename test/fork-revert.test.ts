// Fork and revert, with Golem's semantics: a fork is a new worker over a copy
// of a prefix of the oplog; a revert drops history with a revert entry.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GUESTS, makeEngine, type TestEngine, jsExample, root, untilValue, untilWorker } from './helpers';
import { exportWorker, importWorker } from '../lib/runtime/share';

let t: TestEngine;
before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  const golem = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
  await t.engine.registerComponent('golemtest', { kind: 'js', source: golem('golem-test.js'), wit: golem('golem-test.wit') });
});
after(() => t.close());

const add = (id: string, n: number) => t.engine.invoke(id, { function: 'api.add', args: [n] }).then((r) => r.result);
const get = (id: string) => t.engine.invoke(id, { function: 'api.get' }).then((r) => r.result);

test('fork at an index: the new worker has the state of that prefix and goes on live', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'origin' });
  await add(w.id, 1);
  await add(w.id, 10);
  const afterSecond = t.engine.store.length(w.id);
  await add(w.id, 100);
  const f = t.engine.fork(w.id, { name: 'copy', atIndex: afterSecond });
  assert.equal(f.oplogLength, afterSecond);
  const src = t.engine.store.slice(w.id, 2, afterSecond);
  const copy = t.engine.store.slice(f.id, 2, afterSecond);
  assert.deepEqual(
    copy.map((e) => [e.kind, e.index]),
    src.map((e) => [e.kind, e.index]),
  );
  const create = t.engine.store.slice(f.id, 1, 1)[0];
  assert.ok(create);
  assert.equal(create.kind === 'create' && create.workerName, 'copy');
  assert.equal(await get(f.id), 11);
  assert.equal(await add(f.id, 5), 16);
  assert.equal(await get(w.id), 111, 'the original is untouched');
  assert.throws(() => t.engine.fork(w.id, { name: 'copy' }), /already exists/);
  assert.throws(() => t.engine.fork(w.id, { name: 'far', atIndex: 999 }), /atIndex must be between 1 and/);
});

test('revert the last invocations: their effects are gone, the entries stay with a revert entry', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'rev' });
  await add(w.id, 1);
  await add(w.id, 2);
  await add(w.id, 4);
  const before = t.engine.store.length(w.id);
  await t.engine.revert(w.id, { lastInvocations: 2 });
  const log = t.engine.store.slice(w.id, 1);
  const last = log.at(-1)!;
  assert.equal(last.kind, 'revert');
  assert.deepEqual(last.kind === 'revert' && [last.start, last.end], [4, before]);
  assert.equal(await get(w.id), 1);
  assert.equal(await add(w.id, 7), 8);
});

test('revert to an index brings a failed worker back', async () => {
  await t.engine.registerComponent('boom', GUESTS.boom);
  const w = t.engine.createWorker({ component: 'boom', name: 'b' });
  await t.engine.invoke(w.id, { function: 'inc' });
  const good = t.engine.store.length(w.id);
  await assert.rejects(t.engine.invoke(w.id, { function: 'boom' }), /uncaught exception: no/);
  assert.equal(t.engine.getWorker(w.id).status, 'failed');
  const info = await t.engine.revert(w.id, { toIndex: good });
  assert.equal(info.status, 'idle');
  assert.equal((await t.engine.invoke(w.id, { function: 'inc' })).result, 2);
});

test('a deleted worker is kept for replay and fork: it runs no more until purged', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'gone' });
  await add(w.id, 4);
  await add(w.id, 5);
  const before = t.engine.store.slice(w.id, 1);
  await t.engine.deleteWorker(w.id);
  assert.ok(!t.engine.listWorkers().some((x) => x.id === w.id), 'not among the live workers');
  assert.deepEqual(
    t.engine.listWorkers({ deleted: true }).map((x) => x.id),
    [w.id],
  );
  assert.ok(t.engine.getWorker(w.id).deletedAt);
  await assert.rejects(add(w.id, 1), /was deleted; its oplog is kept for replay/);
  assert.throws(() => t.engine.createWorker({ component: 'counter', name: 'gone' }), /kept for replay; delete it permanently first/);
  // Replay it in the debugger, and fork it back to life.
  const { sessionId } = await t.engine.startDebug(w.id);
  const { state } = await t.engine.debug(sessionId, { type: 'continue' });
  await t.engine.stopDebug(sessionId);
  assert.equal(state.ended?.divergence ?? false, false);
  const fork = t.engine.fork(w.id, { name: 'reborn' });
  assert.equal(await add(fork.id, 1), 10);
  assert.deepEqual(t.engine.store.slice(w.id, 1), before, 'the kept oplog is untouched');
  await t.engine.deleteWorker(w.id, { purge: true });
  assert.throws(() => t.engine.getWorker(w.id), /no worker/);
  assert.equal(t.engine.createWorker({ component: 'counter', name: 'gone' }).status, 'idle');
});

test('a revert over a scheduled invocation drops it: not listed, not counted, never run', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'rev-pending' });
  await add(w.id, 1);
  const before = t.engine.store.length(w.id);
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: 'api.add', args: [1000], scheduleAt: Date.now() + 1500 });
  assert.deepEqual(
    t.engine.listPending(w.id).map((p) => p.idempotencyKey),
    [idempotencyKey],
  );
  assert.equal(t.engine.getWorker(w.id).pendingInvocations, 1);
  await t.engine.revert(w.id, { toIndex: before });
  assert.deepEqual(t.engine.listPending(w.id), [], 'the queued entry is in the reverted range');
  assert.equal(t.engine.getWorker(w.id).pendingInvocations, 0);
  // A marker scheduled just after the dropped call's time (adding 0): once it has run, the scheduler
  // has passed that time, and the dropped call, had it been kept, would have run before it.
  const marker = await t.engine.invoke(w.id, { function: 'api.add', args: [0], scheduleAt: Date.now() + 1600 });
  await untilValue(
    'the marker to run',
    () => t.engine.store.byIdempotencyKey(w.id, marker.idempotencyKey).some((e) => e.kind === 'exported-function-completed'),
    (ran) => ran,
    15_000,
  );
  assert.equal(await get(w.id), 1);
  assert.equal(t.engine.store.byIdempotencyKey(w.id, idempotencyKey).filter((e) => e.kind === 'exported-function-invoked').length, 0);
});

test('a revert of the last invocation does not queue it again: it never runs twice, and its key is refused with 409', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'rev-queued' });
  await add(w.id, 1);
  // Recorded as queued first (wait: false), then run.
  await t.engine.invoke(w.id, { function: 'api.add', args: [10], idempotencyKey: 'q10', wait: false });
  await untilValue(
    'q10 to run',
    () => get(w.id),
    (v) => v === 11,
    15_000,
  );
  await t.engine.revert(w.id, { lastInvocations: 2 }); // q10 and the get after it
  assert.deepEqual(t.engine.listPending(w.id), []);
  assert.equal(await get(w.id), 1);
  const again = await t.engine
    .invoke(w.id, { function: 'api.add', args: [10], idempotencyKey: 'q10' })
    .catch((e: Error & { status?: number }) => e);
  assert.ok(again instanceof Error && again.status === 409 && /q10 was reverted/.test(again.message), String(again));
  const completions = t.engine.store.byIdempotencyKey(w.id, 'q10').filter((e) => e.kind === 'exported-function-completed');
  assert.equal(completions.length, 1, 'q10 ran once');
});

test('a fork of a sleeping worker wakes at the same deadline by itself, as the worker does', { timeout: 60_000 }, async () => {
  const e = t.engine;
  const w = e.createWorker({ component: 'golemtest', name: 'napper' });
  const nap = e.invoke(w.id, { function: 'test:golem/api.{nap}', args: [2_000], idempotencyKey: 'nap' });
  await untilWorker(t, 'suspension', w.id, (x) => x.status === 'suspended', 20_000);
  const f = e.fork(w.id, { name: 'napper-fork' });
  assert.equal(f.status, 'suspended');
  assert.ok(f.suspendedUntil, 'the fork keeps the wake-up');
  // No caller and no restart: the fork's own timer brings it back, and it finishes the nap it was in.
  await untilWorker(t, 'the fork to wake and finish its nap', f.id, (x) => x.status === 'idle', 30_000);
  assert.equal(e.store.slice(f.id, 1).filter((x) => x.kind === 'exported-function-completed').length, 1);
  await nap;
});

test('a fork cut off mid-invocation finishes that invocation by itself, as Golem resumes a fork', { timeout: 60_000 }, async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'cut' });
  await add(w.id, 1);
  await add(w.id, 10);
  const started = t.engine.store
    .slice(w.id, 1)
    .filter((e) => e.kind === 'exported-function-invoked')
    .at(-1)!.index;
  const f = t.engine.fork(w.id, { name: 'cut-fork', atIndex: started });
  // No caller: the copy replays to the cut and runs the add live.
  await untilWorker(t, 'the fork to finish the add it was cut in', f.id, (x) => x.status === 'idle' && x.oplogLength > started, 20_000);
  assert.equal(await get(f.id), 11);
});

test('a fork cancels the invocations its source had queued; an import keeps them and runs those due', { timeout: 60_000 }, async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'sched' });
  await add(w.id, 1);
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: 'api.add', args: [10], scheduleAt: Date.now() + 300 });
  const pendingAt = t.engine.store.byIdempotencyKey(w.id, idempotencyKey).find((e) => e.kind === 'pending-worker-invocation')!.index;
  const file = JSON.parse(JSON.stringify(await exportWorker(t.engine, w.id)));
  await untilWorker(t, 'the scheduled add to run', w.id, (x) => x.pendingInvocations === 0 && x.status === 'idle', 20_000);
  assert.equal(await get(w.id), 11);

  // Forked where the add still waited for its time: the add stays the source's (Golem), the copy cancels it.
  const f = t.engine.fork(w.id, { name: 'sched-fork', atIndex: pendingAt });
  assert.equal(f.pendingInvocations, 0);
  assert.deepEqual(
    t.engine.store.slice(f.id, pendingAt + 1).map((e) => e.kind === 'cancel-pending-invocation' && e.idempotencyKey),
    [idempotencyKey],
  );
  assert.equal(await get(f.id), 1, 'the add never ran in the copy');

  // Imported (the same worker, moved), the add is kept; its time has passed, so it runs at once, with no caller.
  const imported = await importWorker(t.engine, file, { name: 'sched-imported' });
  await untilWorker(t, 'the import to run its due add', imported.id, (x) => x.pendingInvocations === 0 && x.status === 'idle', 20_000);
  assert.equal(await get(imported.id), 11);
});

test('a worker made again under a purged one’s name does not inherit its kill point', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'again' });
  await add(w.id, 1);
  t.engine.killAfterIndex(w.id, t.engine.store.length(w.id) + 3);
  await t.engine.deleteWorker(w.id, { purge: true });
  const again = t.engine.createWorker({ component: 'counter', name: 'again' });
  for (let i = 0; i < 3; i++) await add(again.id, 1);
  assert.equal(t.engine.store.slice(again.id, 1).filter((e) => e.kind === 'interrupted').length, 0);
  assert.equal(await get(again.id), 3);
});
