// Every call with an idempotency key gets an answer: a key that nothing will
// ever run again is refused at once (409) instead of leaving its caller
// waiting for good. A cancelled invocation's key, and a key a plain worker
// (durable: false, no oplog, no results kept) was given before.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GUESTS, makeEngine, jsExample, untilValue, untilWorker, type TestEngine } from './helpers';
import { renameSync } from 'node:fs';
import type { InvokeResult } from '../lib/runtime/types';
import { lessonComponent } from '../lib/learn/components';
import { PLAIN_KEYS_KEPT } from '../lib/runtime/work/invoke';
import { kernelOf } from '../lib/runtime/engine';

let t: TestEngine;
before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  const tally = lessonComponent('lesson-tally');
  await t.engine.registerComponent('tally', { kind: 'js', source: tally.source, wit: tally.wit });
});
after(() => t.close());

const ADD = 'demo:counter/api.{add}';
const GET = 'demo:counter/api.{get}';

/** The engine's answer, or its error's status and message: either way, an answer. */
const answer = (p: Promise<InvokeResult>): Promise<{ ok?: unknown; status?: number; error?: string }> =>
  p.then(
    (r) => ({ ok: r.result ?? (r.queued ? 'queued' : null) }),
    (e: Error & { status?: number }) => ({ status: e.status, error: e.message }),
  );

// A test-runner limit, not a timed assertion: on main these calls never answered. Generous: a test that builds two
// versions and updates a worker, in a file niced beside the browser tests, took over 30 s in a clean-clone CI run.
const NO_HANG = { timeout: 120_000 };

test('a key cancelled while pending is refused with 409, awaited or queued, and nothing runs or is queued', NO_HANG, async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'cancelled' });
  await t.engine.invoke(w.id, { function: ADD, args: [5], idempotencyKey: 'c1', scheduleAt: Date.now() + 60_000 });
  assert.equal(t.engine.cancelPending(w.id, 'c1'), true);
  const lengthBefore = t.engine.store.length(w.id);
  for (const wait of [true, false]) {
    const a = await answer(t.engine.invoke(w.id, { function: ADD, args: [5], idempotencyKey: 'c1', wait }));
    assert.equal(a.status, 409, JSON.stringify(a));
    assert.match(a.error!, /invocation c1 was cancelled before it started; to run it, send it with a new idempotency key/);
  }
  assert.deepEqual(t.engine.listPending(w.id), [], 'nothing queued');
  assert.equal(t.engine.store.length(w.id), lengthBefore, 'nothing written');
  assert.equal((await t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'c2' })).result, 1, 'a new key runs');
});

test('a plain worker answers a repeated key it ran with 409 (it keeps no results), and runs nothing twice', NO_HANG, async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'plain', durable: false });
  assert.equal((await t.engine.invoke(w.id, { function: ADD, args: [3], idempotencyKey: 'pk' })).result, 3);
  for (const wait of [true, false]) {
    const again = await answer(t.engine.invoke(w.id, { function: ADD, args: [3], idempotencyKey: 'pk', wait }));
    assert.equal(again.status, 409, JSON.stringify(again));
    assert.match(again.error!, /is a plain worker \(durable: false\): it keeps no results, and it was given idempotency key pk before/);
  }
  const other = await answer(t.engine.invoke(w.id, { function: GET, idempotencyKey: 'pk' }));
  assert.equal(other.status, 409);
  assert.match(other.error!, /idempotency key pk was already used for demo:counter\/api\.\{add\}/);
  assert.equal((await t.engine.invoke(w.id, { function: GET })).result, 3, 'it ran once');
  // Scheduled work would be kept nowhere: refused rather than dropped.
  const scheduled = await answer(t.engine.invoke(w.id, { function: ADD, args: [1], scheduleAt: Date.now() + 60_000 }));
  assert.equal(scheduled.status, 409);
  assert.match(scheduled.error!, /nothing records a scheduled invocation/);
});

test(
  'a plain worker remembers its last PLAIN_KEYS_KEPT keys: the oldest one is forgotten and runs again, a recent one is still 409',
  NO_HANG,
  async () => {
    const w = t.engine.createWorker({ component: 'counter', name: 'plain-many', durable: false });
    for (let i = 0; i <= PLAIN_KEYS_KEPT; i++) await t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: `m${i}` });
    assert.equal((await t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'm0' })).result, PLAIN_KEYS_KEPT + 2);
    const recent = await answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: `m${PLAIN_KEYS_KEPT}` }));
    assert.equal(recent.status, 409, JSON.stringify(recent));
  },
);

test("on a plain worker, the same key sent while its call runs gets that call's answer", NO_HANG, async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'plain-twice', durable: false });
  const [a, b] = await Promise.all([
    t.engine.invoke(w.id, { function: ADD, args: [2], idempotencyKey: 'k' }),
    t.engine.invoke(w.id, { function: ADD, args: [2], idempotencyKey: 'k' }),
  ]);
  assert.deepEqual([a.result, b.result], [2, 2]);
  assert.equal((await t.engine.invoke(w.id, { function: GET })).result, 2, 'it ran once');
});

test('a caller waiting on a suspended worker is answered when a revert drops its invocation', NO_HANG, async () => {
  const w = t.engine.createWorker({ component: 'tally', name: 'reverted-nap' });
  await t.engine.invoke(w.id, { function: 'lesson:tally/api.{add}', args: [1] });
  const nap = answer(t.engine.invoke(w.id, { function: 'lesson:tally/api.{nap}', args: [600_000], idempotencyKey: 'nap' }));
  await untilWorker(t, 'the nap suspended', w.id, (x) => x.status === 'suspended', 20_000);
  await t.engine.revert(w.id, { lastInvocations: 1 });
  const a = await nap;
  assert.equal(a.status, 409, JSON.stringify(a));
  assert.match(a.error!, /reverted/);
  assert.equal((await t.engine.invoke(w.id, { function: 'lesson:tally/api.{get}' })).result, 1, 'the worker goes on from before the nap');
});

test('a key still queued on a worker that has since failed is refused with 409, not waited on', NO_HANG, async () => {
  const e = makeEngine({ invocationTimeoutMs: 1000 });
  try {
    await e.engine.registerComponent('state', GUESTS.threadState);
    const w = e.engine.createWorker({ component: 'state', name: 'fails' });
    await e.engine.invoke(w.id, { function: 'test:state/api.{add}', args: [1], idempotencyKey: 'later', scheduleAt: Date.now() + 60_000 });
    // A call that never ends fails the worker at the time limit.
    assert.equal((await answer(e.engine.invoke(w.id, { function: 'test:state/api.{hang}' }))).status, 409);
    assert.equal(e.engine.getWorker(w.id).status, 'failed');
    const a = await answer(e.engine.invoke(w.id, { function: 'test:state/api.{add}', args: [1], idempotencyKey: 'later' }));
    assert.equal(a.status, 409, JSON.stringify(a));
    assert.match(a.error ?? '', /has failed/);
  } finally {
    await e.close();
  }
});

test(
  'one new key sent twice at once to an idle durable worker: the same call runs once, a different function gets 409',
  NO_HANG,
  async () => {
    const w = t.engine.createWorker({ component: 'counter', name: 'twice-at-once' });
    // The second call comes while the first is taken (no pending entry: the worker was idle) and not yet recorded.
    const [a, b] = await Promise.all([
      answer(t.engine.invoke(w.id, { function: ADD, args: [5], idempotencyKey: 'k1' })),
      answer(t.engine.invoke(w.id, { function: ADD, args: [5], idempotencyKey: 'k1' })),
    ]);
    assert.deepEqual([a, b], [{ ok: 5 }, { ok: 5 }]);
    const [c, d] = await Promise.all([
      answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'k2' })),
      answer(t.engine.invoke(w.id, { function: GET, args: [], idempotencyKey: 'k2' })),
    ]);
    assert.deepEqual(c, { ok: 6 });
    assert.equal(d.status, 409, JSON.stringify(d));
    assert.match(d.error ?? '', /idempotency key k2 was already used for demo:counter\/api\.\{add\}/);
    // Each key ran once, and nothing is left queued under it.
    assert.equal((await t.engine.invoke(w.id, { function: GET, args: [] })).result, 6);
    const invoked = t.engine.store.slice(w.id, 1).flatMap((e) => (e.kind === 'exported-function-invoked' ? [e.idempotencyKey] : []));
    assert.deepEqual(invoked.slice(0, 2), ['k1', 'k2']);
    assert.deepEqual(t.engine.listPending(w.id), []);
  },
);

test('a call whose start failed leaves its key free: the same key runs once the start can succeed', NO_HANG, async () => {
  await t.engine.registerComponent('counter-away', jsExample('counter', 'counter'));
  const w = t.engine.createWorker({ component: 'counter-away', name: 'start-fails' });
  const dir = t.engine.components.dir('counter-away', 1);
  renameSync(dir, `${dir}.away`);
  const first = await answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'sf' }));
  renameSync(`${dir}.away`, dir);
  assert.ok(first.error, JSON.stringify(first));
  assert.deepEqual(await answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'sf' })), { ok: 1 });
  await untilWorker(t, 'idle', w.id, (x) => x.status === 'idle', 10_000);
});

/** A worker out of memory with a history long enough that its start (replay) can be caught by a kill. */
async function longWorkerOutOfMemory(name: string): Promise<string> {
  const w = t.engine.createWorker({ component: 'counter', name });
  for (let i = 0; i < 300; i++) await t.engine.invoke(w.id, { function: ADD, args: [1] });
  t.engine.dropAsIfIdle(w.id);
  return w.id;
}
const residentOf = (id: string) => kernelOf(t.engine).residents.get(id);
/** A keyed call on a worker whose start replays 300 entries, once its thread is made: the call is not recorded yet. */
async function callInStart(name: string, key: string): Promise<{ id: string; first: ReturnType<typeof answer> }> {
  const id = await longWorkerOutOfMemory(name);
  const first = answer(t.engine.invoke(id, { function: ADD, args: [1], idempotencyKey: key }));
  await untilValue('its thread', () => !!residentOf(id)?.thread, Boolean, 20_000, 0);
  return { id, first };
}

test(
  'a kill with recovery during the start of a call not recorded yet: the caller is told to retry, and the retry runs it once',
  NO_HANG,
  async () => {
    const { id, first } = await callInStart('killed-in-start', 'ks');
    await t.engine.kill(id, { recover: true });
    const a = await first;
    // Caught while the thread replays 300 entries, before it could record the call: 503, retry. (Named as a kill:
    // the thread's end is the kill's, not an update's.)
    assert.match(
      `${a.status} ${a.error}`,
      /^503 the worker was killed before it recorded this invocation.*retry with the same idempotency key/,
    );
    assert.deepEqual(await answer(t.engine.invoke(id, { function: ADD, args: [1], idempotencyKey: 'ks' })), { ok: 301 });
    assert.equal(t.engine.store.byIdempotencyKey(id, 'ks').filter((e) => e.kind === 'exported-function-completed').length, 1);
  },
);

test('the same key sent with wait:false while the first call runs unrecorded is recorded before it is acknowledged', NO_HANG, async () => {
  const id = await longWorkerOutOfMemory('queued-repeat');
  const first = answer(t.engine.invoke(id, { function: ADD, args: [1], idempotencyKey: 'kq' }));
  const queued = await answer(t.engine.invoke(id, { function: ADD, args: [1], idempotencyKey: 'kq', wait: false }));
  assert.deepEqual(queued, { ok: 'queued' });
  assert.ok(
    t.engine.store.byIdempotencyKey(id, 'kq').some((e) => e.kind === 'pending-worker-invocation'),
    'acknowledged as queued, so recorded',
  );
  assert.deepEqual(await first, { ok: 301 });
  assert.equal((await t.engine.invoke(id, { function: GET })).result, 301, 'it ran once');
});

test(
  'a kill without recovery during the start of a call not recorded yet: the caller is told to retry, not that it resumes',
  NO_HANG,
  async () => {
    const { id, first } = await callInStart('killed-in-start-no-recover', 'kn');
    await t.engine.kill(id);
    const a = await first;
    assert.match(`${a.status} ${a.error}`, /^503 .*nothing of it was kept; retry with the same idempotency key/);
    assert.doesNotMatch(String(a.error), /resumes/);
    assert.equal(t.engine.store.byIdempotencyKey(id, 'kn').length, 0, 'nothing recorded it');
    await t.engine.resume(id);
    assert.deepEqual(await answer(t.engine.invoke(id, { function: ADD, args: [1], idempotencyKey: 'kn' })), { ok: 301 });
  },
);

test(
  'a plain worker killed while its start is under way: its caller is told the call is lost, not to retry with its key',
  NO_HANG,
  async () => {
    const w = t.engine.createWorker({ component: 'counter', name: 'plain-killed-in-start', durable: false });
    await t.engine.invoke(w.id, { function: ADD, args: [1] });
    t.engine.dropAsIfIdle(w.id);
    const first = answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'pk' }));
    await t.engine.kill(w.id);
    const a = await first;
    assert.match(`${a.status} ${a.error}`, /^503 the plain worker was killed .*the invocation is lost/);
    assert.doesNotMatch(String(a.error), /retry with the same idempotency key/);
    // As it says: the key is spent on a plain worker.
    await t.engine.resume(w.id);
    assert.equal((await answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'pk' }))).status, 409);
  },
);

test('a scheduled call that the thread started for it runs from the oplog is not posted to it again', NO_HANG, async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'scheduled-once' });
  await t.engine.invoke(w.id, { function: ADD, args: [1] });
  t.engine.dropAsIfIdle(w.id);
  await t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 's1', scheduleAt: Date.now() + 300 });
  await untilValue('its thread', () => !!residentOf(w.id)?.thread, Boolean, 20_000, 0);
  // Busy while the new thread recovers and runs s1: its messages (recovered, started, completed) are acted on together,
  // before the timer's post goes out.
  const until = Date.now() + 500;
  while (Date.now() < until);
  await untilValue(
    's1 completed',
    () => t.engine.store.byIdempotencyKey(w.id, 's1').some((e) => e.kind === 'exported-function-completed'),
    Boolean,
    20_000,
  );
  await new Promise((r) => setTimeout(r, 300));
  const r = residentOf(w.id)!;
  // A key posted after it ran would count as the instance's work for good: the worker could never be moved or let go.
  assert.deepEqual([...r.held], [], 'nothing held once it ran');
  assert.equal((await t.engine.invoke(w.id, { function: GET })).result, 2, 'it ran once');
});

test('cancelling a call taken while the worker starts, not recorded yet, is refused with 409 as for one under way', NO_HANG, async () => {
  const { id, first } = await callInStart('cancel-taken', 'kc');
  assert.equal(t.engine.store.byIdempotencyKey(id, 'kc').length, 0, 'not recorded yet');
  assert.throws(
    () => t.engine.cancelPending(id, 'kc'),
    (e: Error & { status?: number }) => e.status === 409 && /has already started/.test(e.message),
  );
  assert.deepEqual(await first, { ok: 301 });
});

test(
  'the same key sent with wait:false right after the first call, on a worker in memory: posted to its thread once, run once',
  NO_HANG,
  async () => {
    const w = t.engine.createWorker({ component: 'counter', name: 'posted-once' });
    assert.equal((await t.engine.invoke(w.id, { function: ADD, args: [1] })).result, 1);
    // Both before the first is posted: the second is recorded as pending and would be posted after it.
    const first = answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'kp' }));
    const queued = answer(t.engine.invoke(w.id, { function: ADD, args: [1], idempotencyKey: 'kp', wait: false }));
    assert.deepEqual(await queued, { ok: 'queued' });
    assert.deepEqual(await first, { ok: 2 });
    assert.equal((await t.engine.invoke(w.id, { function: GET })).result, 2, 'it ran once');
    assert.equal(t.engine.store.byIdempotencyKey(w.id, 'kp').filter((e) => e.kind === 'exported-function-invoked').length, 1);
  },
);

test("a keyed call that comes while an update stops the worker's thread is answered, and so is its retry", NO_HANG, async () => {
  // An engine of its own, a thread per worker: the update's stop is the thread's end (a shared one only drops the instance).
  const e = makeEngine({ workersPerThread: 1 });
  try {
    const wit = 'package t:slow;\nworld slow {\n  export spin: func(n: u32) -> u32;\n}\n';
    const src = (tag: string) =>
      `// ${tag}\nexport function spin(n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i) | 0; return n; }\n`;
    await e.engine.registerComponent('slow', { kind: 'js', source: src('v1'), wit });
    const v2 = await e.engine.registerComponent('slow', { kind: 'js', source: src('v2'), wit });
    const w = e.engine.createWorker({ component: 'slow', name: 'w', version: 1 });
    for (let i = 0; i < 5; i++) await e.engine.invoke(w.id, { function: 'spin', args: [10] });
    // The call goes in right as the update starts stopping the thread (its stop is set, the thread not gone yet). A
    // poll for that moment could miss it (the thread's exit can come before the next turn) and then wait for good.
    const residents = kernelOf(e.engine).residents;
    const stopThread = residents.stopThread.bind(residents);
    let call: ReturnType<typeof answer> | undefined;
    residents.stopThread = (id, reason) => {
      const stopped = stopThread(id, reason);
      if (id === w.id && reason.kind === 'evict')
        call ??= answer(e.engine.invoke(w.id, { function: 'spin', args: [10], idempotencyKey: 'u2' }));
      return stopped;
    };
    await e.engine.updateWorker(w.id, { version: v2.version });
    assert.ok(call, "the update stopped the worker's thread");
    assert.deepEqual(await call, { ok: 10 });
    assert.deepEqual(await answer(e.engine.invoke(w.id, { function: 'spin', args: [10], idempotencyKey: 'u2' })), { ok: 10 });
    assert.equal(e.engine.getWorker(w.id).version, v2.version);
  } finally {
    await e.close();
  }
});
