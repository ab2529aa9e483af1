// A worker whose thread takes a snapshot after an invocation (one is due every
// PLAYGROUND_SNAPSHOT_EVERY entries) is busy until the snapshot is taken: the
// caller has its answer at once (`completed`), but the worker is not idle until
// `snapshotted` (lib/runtime/pool/resident.ts idle). Before, a burst of starts
// took it for idle: it dropped it (its snapshot was thrown away) or placed a
// start beside it (behind the snapshot). A kill in that window, or just after
// the invocation's completed entry is committed, still answers the caller and
// recovers the worker with its state.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, recoveryDone, root, untilValue, type TestEngine } from './helpers';
import type { EngineOptions } from '../lib/runtime/kernel';

// A snapshot after every invocation (each writes at least two entries); threads read this when they start.
process.env.PLAYGROUND_SNAPSHOT_EVERY = '2';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'snapshot-counter', f), 'utf8');
/** How long the slow save runs: long enough for a burst's starts to be placed meanwhile. */
const SAVE_MS = 1500;
// The snapshot counter whose first save past a total of 1,000 spins for SAVE_MS (once per instance).
const SLOW = {
  kind: 'js' as const,
  source: fixture('counter.js').replace(
    'save() {',
    `save() {\n    if (total >= 1000 && !globalThis.slowed) {\n      globalThis.slowed = true;\n      const until = Date.now() + ${SAVE_MS};\n      while (Date.now() < until) {}\n    }`,
  ),
  wit: fixture('counter.wit'),
};
const ADD = 'test:snap/api.{add}';
const GET = 'test:snap/api.{get}';

let t: TestEngine | undefined;
after(async () => t?.close());

async function fresh(opts: Partial<EngineOptions>): Promise<TestEngine> {
  await t?.close();
  t = makeEngine({ idleEvictMs: 600_000, ...opts });
  await t.engine.registerComponent('snap', SLOW);
  await t.engine.components.load('snap', 1);
  return t;
}

const add = (t: TestEngine, id: string, n: number) => t.engine.invoke(id, { function: ADD, args: [n] }).then((r) => Number(r.result));
const get = (t: TestEngine, id: string) => t.engine.invoke(id, { function: GET }).then((r) => Number(r.result));
const kinds = (t: TestEngine, id: string, from = 1) => t.engine.store.slice(id, from).map((e) => e.kind);
/** Adds 1 to a new worker and waits for the snapshot after it (written once the caller has its answer); its last index. */
async function primed(t: TestEngine, id: string): Promise<number> {
  assert.equal(await add(t, id, 1), 1);
  await untilValue(
    'the first snapshot',
    () => kinds(t, id),
    (k) => k.includes('snapshot'),
    30_000,
  );
  return t.engine.store.length(id);
}

for (const workersPerThread of [1, 4]) {
  test(
    `a worker taking a snapshot after its call is not dropped nor joined by a burst of starts (${workersPerThread} per thread)`,
    { timeout: 120_000 },
    async () => {
      // No spares, one start at a time: the burst's starts look for an idle worker's thread (placement.ts).
      const { engine } = await fresh({ spareThreads: 0, startConcurrency: 1, workersPerThread });
      const w = engine.createWorker({ component: 'snap', name: 'w' });
      const before = await primed(t!, w.id);
      // Answered at once; its thread now spins in the guest's save for SAVE_MS.
      assert.equal(await add(t!, w.id, 1000), 1001);
      assert.ok(!kinds(t!, w.id, before + 1).includes('snapshot'), 'the answer came before the snapshot');
      const others = Array.from({ length: 3 }, (_, i) => engine.createWorker({ component: 'snap', name: `b${i}` }));
      const firsts = await Promise.all(others.map((o, i) => add(t!, o.id, i + 1)));
      firsts.forEach((n, i) => assert.equal(n, i + 1, `worker b${i} started from an empty counter`));

      // The snapshot is written (a drop threw it away: nothing came after the completed entry), and w kept its instance.
      await untilValue(
        'the snapshot after the call',
        () => kinds(t!, w.id, before + 1),
        (k) => k.includes('snapshot'),
        30_000,
      );
      assert.equal(engine.getWorker(w.id).resident, true, 'w was not dropped to make room');
      // Nobody was placed beside it while it saved (a start there would have waited behind the snapshot).
      assert.equal(await engine.heldOnThread(w.id), 1, "w's thread holds w alone");
      assert.equal(await get(t!, w.id), 1001);
    },
  );
}

test(
  'a kill with recover while the thread saves the snapshot ends its thread: the caller has its answer, the state is kept',
  { timeout: 120_000 },
  async () => {
    // w joins x's thread (x is idle): a kill of an idle worker beside others would only drop its instance there.
    const { engine } = await fresh({ workersPerThread: 4 });
    const x = engine.createWorker({ component: 'snap', name: 'x' });
    await primed(t!, x.id);
    const w = engine.createWorker({ component: 'snap', name: 'k1' });
    const before = await primed(t!, w.id);
    assert.equal(engine.sharing().threads, 1, 'w and x share a thread');
    assert.equal(await add(t!, w.id, 1000), 1001);
    // The window: `completed` acted on (the caller above is answered), the thread inside the guest's save (SAVE_MS).
    assert.equal(engine.getWorker(w.id).status, 'idle', 'its status says idle: it owes nobody');
    const recovered = recoveryDone(t!, w.id);
    await engine.kill(w.id, { recover: true });
    // Killed for real, its thread ended (w was running its save, not idle): x, beside it, has no thread now. (Taken
    // for idle, w's instance alone was dropped there, and the thread went on saving, then answered with x on it.)
    assert.equal(await engine.heldOnThread(x.id), undefined, 'the thread w and x shared has ended');
    const r = await recovered;
    // And: the thread ended inside the save (no snapshot entry after the call), the kill is recorded, and
    // the recovery replayed the call from the snapshot before it.
    const since = kinds(t!, w.id, before + 1);
    assert.ok(!since.includes('snapshot'), `no snapshot after the call: ${since.join(', ')}`);
    assert.ok(since.includes('interrupted'), `the kill is recorded: ${since.join(', ')}`);
    assert.equal(r.replayedInvocations, 1, 'the call after the last snapshot was replayed');
    assert.equal(await get(t!, w.id), 1001);
    // x lost only its instance there: it comes back by replay, with its state.
    let replayed = false;
    const off = engine.onEvent((e) => {
      if (e.type === 'recovery' && e.workerId === x.id && e.phase === 'done') replayed = true;
    });
    assert.equal(await add(t!, x.id, 0), 1);
    off();
    assert.ok(replayed, "x's next call replayed it: the thread the kill ended was x's too");
  },
);

test('a call for a worker saving its snapshot waits for the save, even beside a neighbour moved off', { timeout: 120_000 }, async () => {
  const { engine } = await fresh({ workersPerThread: 4 });
  const x = engine.createWorker({ component: 'snap', name: 'mx' });
  await primed(t!, x.id);
  const w = engine.createWorker({ component: 'snap', name: 'mw' });
  await primed(t!, w.id);
  assert.equal(engine.sharing().threads, 1, 'w and x share a thread');
  let starts = 0;
  const off = engine.onEvent((e) => {
    if (e.type === 'recovery' && e.phase === 'started' && e.workerId === w.id) starts += 1;
  });
  assert.equal(await add(t!, w.id, 1000), 1001);
  // Inside the save (SAVE_MS): x, idle, is moved off the thread, whose drop of x waits behind the save.
  const xCall = add(t!, x.id, 5);
  await untilValue(
    'x moved',
    () => engine.sharing().moved,
    (n) => n === 1,
    30_000,
  );
  // w's instance is live in its save: a replay elsewhere would be a second instance of w. Its call waits instead.
  assert.equal(await get(t!, w.id), 1001);
  assert.equal(await xCall, 6);
  off();
  assert.equal(starts, 0, 'w was not replayed');
  assert.equal(engine.sharing().moved, 1, 'only x was moved');
});

for (const at of ['snapshot', 'exported-function-completed'] as const) {
  test(
    `a kill with recover right after the ${at} entry is committed: the caller is answered, the state is kept`,
    { timeout: 120_000 },
    async () => {
      const { engine } = await fresh({});
      const w = engine.createWorker({ component: 'snap', name: `k-${at}` });
      const before = await primed(t!, w.id);
      // The kill lands as the entry is committed, before the runtime acts on what the thread posted after it
      // (`completed` for the completed entry, `snapshotted` for the snapshot).
      let killed: Promise<unknown> | undefined;
      const off = engine.onEvent((e) => {
        if (killed || e.type !== 'entries' || e.workerId !== w.id || !e.entries.some((x) => x.kind === at && x.index > before)) return;
        killed = engine.kill(w.id, { recover: true });
      });
      const recovered = recoveryDone(t!, w.id);
      const answer = add(t!, w.id, 1000);
      await untilValue(
        'the kill',
        () => killed,
        (k) => k !== undefined,
        30_000,
      );
      off();
      await killed;
      await recovered;
      assert.equal(await answer, 1001, 'the caller has its answer');
      const since = kinds(t!, w.id, before + 1);
      assert.ok(since.includes('interrupted'), `the kill is recorded: ${since.join(', ')}`);
      assert.equal(await get(t!, w.id), 1001);
    },
  );
}

test(
  'a call made while the worker saves its snapshot, then a kill: the caller is answered after the recovery',
  { timeout: 90_000 },
  async () => {
    const { engine } = await fresh({});
    const w = engine.createWorker({ component: 'snap', name: 'queued' });
    const before = await primed(t!, w.id);
    // Answered at once; the thread now spins in the save. The next call waits behind it, on the thread.
    assert.equal(await add(t!, w.id, 1000), 1001);
    const queued = get(t!, w.id).then(
      (n) => n,
      (e: Error) => e.message,
    );
    assert.ok(!kinds(t!, w.id, before + 1).includes('snapshot'), 'the call was made while the snapshot was being saved');
    const recovered = recoveryDone(t!, w.id);
    await engine.kill(w.id, { recover: true });
    await recovered;
    // Recorded before it was sent (the worker was not idle), so the recovery runs it: answered, not left waiting.
    assert.equal(await queued, 1001);
  },
);
