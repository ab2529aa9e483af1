// SIGKILL the runtime process while keyed invocations from several callers
// are in flight inside it, then again while it recovers. After the restarts,
// every invocation took effect exactly once: acknowledged ones by themselves,
// unacknowledged ones when retried with their key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { RuntimeError, type RuntimeEvent } from '../lib/runtime/client';
import { jsExample } from './helpers';
import { runtimeProcess } from './runtime-process';

const { rt, dbPath } = runtimeProcess('dp-crash-');

/** The keys among `keys` that the runtime's oplog records as invoked or queued, read from its database. */
function recordedKeys(keys: string[]): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const q = db.prepare(
      `SELECT 1 FROM "OplogEntry" WHERE idempotencyKey = ? AND kind IN ('pending-worker-invocation', 'exported-function-invoked') LIMIT 1`,
    );
    return keys.filter((k) => q.get(k) !== undefined);
  } finally {
    db.close();
  }
}

test('SIGKILL with concurrent keyed invocations in flight, then again during recovery: each takes effect exactly once', async () => {
  await rt.api.registerComponent('counter', jsExample('counter', 'counter'));
  const WORKERS = 3;
  const PER_ROUND = 40;
  const IN_FLIGHT = 4; // concurrent callers per worker
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, (_, i) => rt.api.createWorker({ component: 'counter', name: `w${i}` })),
  );
  const queued = await rt.api.createWorker({ component: 'counter', name: 'queued' });
  const QUEUED = 30;
  const acked = new Map<string, number>(); // key -> result, per worker prefix

  // Callers send again what a kill cut off, with its key, until it is answered.
  const again = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let tries = 1; ; tries++) {
      try {
        return await call();
      } catch (e) {
        assert.ok(e instanceof RuntimeError && e.status === 503, `unexpected failure: ${(e as Error).message}`);
        assert.ok(tries < 20, `still refused after ${tries} tries: ${e.message}`);
        await rt.whenReady();
      }
    }
  };

  // The second kill: as soon as a recovery starts after a kill that left some call recorded by
  // the runtime and never answered (read from its database: answers already on their way keep
  // arriving after the kill, so the events the client had read by then cannot tell).
  let round: { unacked: string[]; restarts: number } | undefined;
  let trigger: string | undefined;
  const phases: string[] = [];
  let second: Promise<unknown> | undefined;
  const offRecovery = rt.onEvent((e) => {
    if (e.type !== 'recovery' || !round || rt.restarts !== round.restarts) return;
    if (!trigger && e.phase === 'started' && recordedKeys(round.unacked).length > 0) {
      trigger = e.workerId;
      second = rt.crash();
    }
    if (e.workerId === trigger) phases.push(e.phase);
  });

  /**
   * Each worker gets IN_FLIGHT concurrent callers sending keyed adds; once a third were answered,
   * the runtime is killed from the very event that reports a call it recorded as queued behind
   * another (that call's answer cannot have left with the event). Resolves, once the runtime is
   * back, to the calls the kill cut off.
   */
  const killDuringLoad = async (r: number): Promise<{ worker: string; key: string }[]> => {
    const unacked: { worker: string; key: string }[] = [];
    const queuedKeys = new Set<string>();
    const finished = new Set<string>();
    let stop = false;
    let answered = 0;
    let kill: Promise<unknown> | undefined;
    const off = rt.onEvent((e: RuntimeEvent) => {
      if (kill || e.type !== 'entries') return;
      for (const x of e.entries) {
        if (x.kind === 'pending-worker-invocation') queuedKeys.add(x.idempotencyKey);
        if (x.kind === 'exported-function-completed') finished.add(x.idempotencyKey);
      }
      const open = [...queuedKeys].some((k) => k.includes('#') && !finished.has(k) && !acked.has(k));
      if (answered < (WORKERS * PER_ROUND) / 3 || !open) return;
      stop = true; // no call is sent after the kill; the ones already sent stay in flight
      round = { unacked: [], restarts: rt.restarts + 1 };
      kill = rt.crash();
    });
    const caller = async (workerId: string, lane: number) => {
      for (let i = lane; i < PER_ROUND && !stop; i += IN_FLIGHT) {
        const key = `${workerId}#${r}.${i}`;
        try {
          acked.set(key, (await rt.api.invoke(workerId, { function: 'api.add', args: [1], idempotencyKey: key })).result as number);
          answered += 1;
        } catch (e) {
          assert.ok(e instanceof RuntimeError && e.status === 503, `unexpected failure: ${(e as Error).message}`);
          unacked.push({ worker: workerId, key });
          round?.unacked.push(key);
        }
      }
    };
    await Promise.all(workers.flatMap((w) => Array.from({ length: IN_FLIGHT }, (_, lane) => caller(w.id, lane))));
    off();
    assert.ok(kill, 'the runtime was killed before every call was answered');
    assert.ok(answered < WORKERS * PER_ROUND - WORKERS * IN_FLIGHT, 'calls were still on their way');
    await kill;
    return unacked;
  };

  // Meanwhile a burst is enqueued on another worker: acknowledged ones must run by themselves.
  const enqueue = (j: number) => rt.api.invoke(queued.id, { function: 'api.add', args: [1], idempotencyKey: `q-${j}`, wait: false });
  const burst = Promise.allSettled(Array.from({ length: QUEUED }, (_, j) => enqueue(j)));
  let rounds = 0;
  for (let r = 1; ; r++) {
    rounds = r;
    const unacked = await killDuringLoad(r);
    if (r === 1) {
      // An enqueue the kill cut off is sent again with its key.
      for (const [j, res] of (await burst).entries()) {
        if (res.status === 'fulfilled') continue;
        assert.ok(res.reason instanceof RuntimeError && res.reason.status === 503, `unexpected failure: ${(res.reason as Error).message}`);
        await again(() => enqueue(j));
      }
    }
    // Concurrently, as callers would. A retry of a recorded call starts its worker's recovery
    // if the restart did not: the second kill lands in one or the other.
    await Promise.all(
      unacked.map(async ({ worker, key }) => {
        const res = await again(() => rt.api.invoke(worker, { function: 'api.add', args: [1], idempotencyKey: key }));
        acked.set(key, res.result as number);
      }),
    );
    if (second) break;
    // A loaded machine may have answered every call before the kill reached the runtime: again.
    assert.ok(r < 3, `in ${r} rounds no kill left a call recorded by the runtime and unanswered`);
  }
  await second;
  offRecovery();
  assert.equal(rt.restarts, rounds + 1, 'one kill per round, and the one during recovery');
  assert.ok(!phases.includes('done'), `killed during ${trigger}'s recovery, before it was done: ${phases.join(', ')}`);
  await rt.whenReady();
  // Retrying an acknowledged key returns its recorded result, it does not add again.
  const some = [...acked.entries()][3];
  assert.ok(some, `only ${acked.size} keys were acknowledged`);
  const [someKey, someResult] = some;
  assert.equal(
    (await rt.api.invoke(someKey.split('#')[0]!, { function: 'api.add', args: [1], idempotencyKey: someKey })).result,
    someResult,
  );

  for (const w of workers) {
    const sent = [...acked.entries()].filter(([k]) => k.startsWith(`${w.id}#`));
    const results = sent.map(([, r]) => r).sort((a, b) => a - b);
    assert.deepEqual(
      results,
      Array.from({ length: sent.length }, (_, i) => i + 1),
      `${w.id}: each invocation took effect exactly once`,
    );
    assert.equal((await rt.api.invoke(w.id, { function: 'api.get' })).result, sent.length);
  }

  // The enqueued burst completes by itself after both kills, each exactly once.
  const deadline = Date.now() + 30_000;
  let total = 0;
  while (Date.now() < deadline) {
    total = (await rt.api.invoke(queued.id, { function: 'api.get' })).result as number;
    if (total >= QUEUED) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(total, QUEUED, 'every acknowledged enqueue ran exactly once');
});
