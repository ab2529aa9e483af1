// Several idle workers per thread (issue 13, lib/runtime/pool/hosts.ts). With
// no spare threads, a second worker is placed beside the first on its thread.
// A kill of the idle one drops only its instance; a kill of the running one
// ends the thread, and its idle neighbour loses only its instance (it answers
// next by replay, nothing written); an invocation for a worker whose thread
// runs a neighbour's endless call is moved and answered, as is one called by
// its running neighbour, or called while the thread ends for a trap to be
// retried; a timeout fails only the running worker; neighbours see nothing of
// each other.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GUESTS, makeEngine, root, untilValue, untilWorker, type TestEngine } from './helpers';

const F = (fn: string) => `test:state/api.{${fn}}`;

let t: TestEngine | undefined;
after(async () => t?.close());

/** A fresh engine with two workers that each added once, sharing one thread. */
async function neighbours(
  opts: { maxResident?: number; invocationTimeoutMs?: number } = {},
): Promise<{ t: TestEngine; a: string; b: string; recoveries: Map<string, number> }> {
  await t?.close();
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, workersPerThread: 4, ...opts });
  const { engine } = t;
  await engine.registerComponent('nb', GUESTS.threadState);
  const recoveries = new Map<string, number>();
  engine.onEvent((e) => {
    if (e.type === 'recovery' && e.phase === 'started') recoveries.set(e.workerId, (recoveries.get(e.workerId) ?? 0) + 1);
  });
  const a = engine.createWorker({ component: 'nb', name: 'a' }).id;
  const b = engine.createWorker({ component: 'nb', name: 'b' }).id;
  assert.equal((await engine.invoke(a, { function: F('add'), args: [1] })).result, 1);
  assert.equal((await engine.invoke(b, { function: F('add'), args: [10] })).result, 10);
  assert.deepEqual(engine.sharing(), { threads: 1, joined: 1, moved: 0 }, 'b was placed beside a on its thread');
  assert.equal(engine.threadStats().spawned, 1);
  return { t, a, b, recoveries };
}

test('neighbours on a thread see nothing of each other', { timeout: 120_000 }, async () => {
  const { t, a, b } = await neighbours();
  const { engine } = t;
  assert.equal((await engine.invoke(a, { function: F('mark'), args: ['a-secret'] })).result, 'a-secret');
  assert.equal((await engine.invoke(b, { function: F('peek') })).result, 'none unset', "no global of a's in b");
  assert.equal((await engine.invoke(b, { function: F('add'), args: [5] })).result, 15, "b's own count");
  assert.equal((await engine.invoke(a, { function: F('add'), args: [1] })).result, 2, "a's own count");
  assert.equal((await engine.invoke(a, { function: F('peek') })).result, 'a-secret unset');
  assert.deepEqual(engine.sharing(), { threads: 1, joined: 1, moved: 0 }, 'still one thread for both');
});

test("a kill of an idle worker drops only its instance: its neighbour's next call needs no replay", { timeout: 120_000 }, async () => {
  const { t, a, b, recoveries } = await neighbours();
  const { engine } = t;
  assert.equal(await engine.heldOnThread(a), 2, 'the thread holds both instances');
  const killed = await engine.kill(b);
  assert.equal(killed.status, 'interrupted');
  assert.equal(killed.resident, false);
  const last = engine.store.slice(b, 1).at(-1);
  assert.equal(last?.kind, 'interrupted', 'the kill writes what a kill always writes');
  assert.equal(last?.kind === 'interrupted' ? last.reason : '', 'killed by request');

  assert.equal(engine.getWorker(a).resident, true, 'a stays in memory');
  assert.equal(await engine.heldOnThread(a), 1, "the thread let go of b's instance");
  assert.equal((await engine.invoke(a, { function: F('add'), args: [1] })).result, 2);
  assert.equal(recoveries.get(a), 1, 'a was not replayed: its instance lived on');
  assert.equal(engine.threadStats().spawned, 1, 'the thread lived on');

  // b comes back by replay, with its state, beside a again.
  assert.equal((await engine.invoke(b, { function: F('add'), args: [1] })).result, 11);
  assert.equal(recoveries.get(b), 2);
  assert.deepEqual(engine.sharing(), { threads: 1, joined: 2, moved: 0 });
});

/** b, idle on a thread that ended under its neighbour, lost only its instance: nothing written, it answers next by replay. */
async function lostOnlyItsInstance(t: TestEngine, b: string, length: number, recoveries: Map<string, number>): Promise<void> {
  const nb = await untilWorker(t, 'b without its thread', b, (w) => !w.resident, 20_000);
  assert.equal(nb.status, 'idle', "b's status stays");
  assert.equal(t.engine.store.length(b), length, "nothing written to b's oplog");
  assert.equal((await t.engine.invoke(b, { function: F('add'), args: [1] })).result, 11, 'b answers with its state');
  assert.equal(recoveries.get(b), 2, 'by replay');
}

test('a kill of the running worker ends the thread: its idle neighbour loses only its instance', { timeout: 120_000 }, async () => {
  const { t, a, b, recoveries } = await neighbours();
  const { engine } = t;
  const length = engine.store.length(b);
  void engine.invoke(a, { function: F('hang') }).catch(() => {});
  await untilWorker(t, 'a running its endless call', a, (w) => w.status === 'running', 20_000);
  assert.equal((await engine.kill(a)).status, 'interrupted');

  await lostOnlyItsInstance(t, b, length, recoveries);
});

test("a call for a worker whose thread runs a neighbour's endless call is moved, not held up", { timeout: 120_000 }, async () => {
  const { t, a, b, recoveries } = await neighbours();
  const { engine } = t;
  void engine.invoke(a, { function: F('hang') }).catch(() => {});
  await untilWorker(t, 'a running its endless call', a, (w) => w.status === 'running', 20_000);
  // Held up behind a, this would never be answered (the test's time limit would fail it).
  assert.equal((await engine.invoke(b, { function: F('add'), args: [1] })).result, 11);
  assert.equal(recoveries.get(b), 2, 'b moved by replay');
  assert.deepEqual(engine.sharing(), { threads: 2, joined: 1, moved: 1 }, 'b has a thread of its own now');
  assert.equal(engine.getWorker(a).status, 'running', 'a still runs');
  // b stays where it is: a second call is not moved again.
  assert.equal((await engine.invoke(b, { function: F('add'), args: [1] })).result, 12);
  assert.equal(recoveries.get(b), 2);
  await engine.kill(a);
});

test(
  'at the cap, an idle worker let go from a thread busy with its neighbour goes at once: the start is not held up',
  { timeout: 120_000 },
  async () => {
    const { t, a, b } = await neighbours({ maxResident: 2 });
    const { engine } = t;
    void engine.invoke(a, { function: F('hang') }).catch(() => {});
    await untilWorker(t, 'a running its endless call', a, (w) => w.status === 'running', 20_000);
    // Two in memory: c's start lets b go; asked to leave, b would answer only after a's call.
    const c = engine.createWorker({ component: 'nb', name: 'c' }).id;
    assert.equal((await engine.invoke(c, { function: F('add'), args: [3] })).result, 3);
    assert.deepEqual(
      [a, b, c].map((id) => engine.getWorker(id).resident),
      [true, false, true],
    );
    assert.equal(engine.getWorker(b).status, 'idle');
    assert.equal((await engine.invoke(b, { function: F('add'), args: [1] })).result, 11, 'b comes back by replay');
    await engine.kill(a);
  },
);

test('a neighbour called while the thread ends for a trap that will be retried is answered, not failed', { timeout: 120_000 }, async () => {
  const { t, a, b } = await neighbours();
  const { engine } = t;
  let bCall: Promise<unknown> | undefined;
  engine.onEvent((e) => {
    // A caller of b arriving just as a's trap is acted on: the thread is ending, in the few ms it takes.
    if (e.type === 'status' && e.workerId === a && e.status === 'retrying' && !bCall)
      bCall = engine.invoke(b, { function: F('add'), args: [1] }).then(
        (r) => r.result,
        (e: Error) => `error: ${e.message}`,
      );
  });
  void engine.invoke(a, { function: F('boom') }).catch(() => {});
  await untilValue("b's call", () => bCall !== undefined, Boolean, 20_000);
  assert.equal(await bCall, 11);
  assert.notEqual(engine.getWorker(b).status, 'failed');
});

test('a timeout of the running worker fails it alone: its idle neighbour loses only its instance', { timeout: 120_000 }, async () => {
  const { t, a, b, recoveries } = await neighbours({ invocationTimeoutMs: 1500 });
  const { engine } = t;
  const length = engine.store.length(b);
  await assert.rejects(engine.invoke(a, { function: F('hang') }), /exceeded the time limit/);
  assert.equal(engine.getWorker(a).status, 'failed');
  await lostOnlyItsInstance(t, b, length, recoveries);
});

test('a running worker calling an idle neighbour on its own thread is answered (the callee is moved)', { timeout: 120_000 }, async () => {
  await t?.close();
  t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, workersPerThread: 4 });
  const { engine } = t;
  const golem = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
  await engine.registerComponent('golemtest', { kind: 'js', source: golem('golem-test.js'), wit: golem('golem-test.wit') });
  const G = (fn: string) => `test:golem/api.{${fn}}`;
  const callee = engine.createWorker({ component: 'golemtest', name: 'callee' }).id;
  const caller = engine.createWorker({ component: 'golemtest', name: 'caller' }).id;
  assert.equal((await engine.invoke(callee, { function: G('count') })).result, 0);
  assert.equal((await engine.invoke(caller, { function: G('count') })).result, 0);
  assert.deepEqual(engine.sharing(), { threads: 1, joined: 1, moved: 0 }, 'the caller was placed beside the callee');
  // Held up behind its caller on their thread, the callee would never answer (the test's time limit would fail it).
  assert.equal((await engine.invoke(caller, { function: G('ping'), args: ['callee', 41, false] })).result, 42);
  assert.equal((await engine.invoke(callee, { function: G('count') })).result, 1, 'the callee ran the call once');
  assert.equal(engine.sharing().moved, 1, 'the callee was moved off the busy thread');
});
