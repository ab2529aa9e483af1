// SIGKILL the runtime process while keyed invocations from several callers
// are in flight inside it, then again while it recovers. After the restarts,
// every invocation took effect exactly once: acknowledged ones by themselves,
// unacknowledged ones when retried with their key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeError, type RuntimeEvent } from '../lib/runtime/client';
import { jsExample } from './helpers';
import { runtimeProcess } from './runtime-process';

const { rt } = runtimeProcess('dp-crash-');

async function until(ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    assert.ok(Date.now() < end, 'timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Entries the runtime reported committed, by key: which invocations it recorded and finished. */
function watchKeys() {
  const started = new Set<string>();
  const finished = new Set<string>();
  let frozen = false;
  const off = rt.onEvent((e: RuntimeEvent) => {
    if (frozen || e.type !== 'entries') return;
    for (const x of e.entries) {
      // Recorded by the runtime: queued behind another call, or started.
      if (x.kind === 'pending-worker-invocation' || x.kind === 'exported-function-invoked') started.add(x.idempotencyKey);
      if (x.kind === 'exported-function-completed') finished.add(x.idempotencyKey);
    }
  });
  return { started, finished, freeze: () => ((frozen = true), off()) };
}

test('SIGKILL with concurrent keyed invocations in flight, then again during recovery: each takes effect exactly once', async () => {
  await rt.api.registerComponent('counter', jsExample('counter', 'counter'));
  const WORKERS = 3;
  const PER_WORKER = 40;
  const IN_FLIGHT = 4; // concurrent callers per worker
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, (_, i) => rt.api.createWorker({ component: 'counter', name: `w${i}` })),
  );
  const queued = await rt.api.createWorker({ component: 'counter', name: 'queued' });
  const QUEUED = 30;

  const acked = new Map<string, number>(); // key -> result, per worker prefix
  const unacked: { worker: string; key: string }[] = [];
  let stop = false;
  let ackCount = 0;
  const seen = watchKeys();

  // Each worker gets IN_FLIGHT concurrent callers, each sending keyed adds
  // until told to stop: at any moment several calls wait inside the runtime.
  const caller = async (workerId: string, lane: number) => {
    for (let i = lane; i < PER_WORKER && !stop; i += IN_FLIGHT) {
      const key = `${workerId}#${i}`;
      try {
        acked.set(key, (await rt.api.invoke(workerId, { function: 'api.add', args: [1], idempotencyKey: key })).result as number);
        ackCount += 1;
      } catch (e) {
        assert.ok(e instanceof RuntimeError && e.status === 503, `unexpected failure: ${(e as Error).message}`);
        unacked.push({ worker: workerId, key });
      }
    }
  };
  const callers = workers.flatMap((w) => Array.from({ length: IN_FLIGHT }, (_, lane) => caller(w.id, lane)));

  // Meanwhile a burst is enqueued on another worker: acknowledged ones must run by themselves.
  const enqueue = (j: number) => rt.api.invoke(queued.id, { function: 'api.add', args: [1], idempotencyKey: `q-${j}`, wait: false });
  const burst = Promise.allSettled(Array.from({ length: QUEUED }, (_, j) => enqueue(j)));
  // Kill once a third of the calls were answered: the rest are on their way or waiting.
  while (ackCount < (WORKERS * PER_WORKER) / 3) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ackCount < WORKERS * PER_WORKER - WORKERS * IN_FLIGHT, 'calls are still on their way');
  stop = true; // no call is sent after the kill; the ones already sent stay in flight

  // The second kill: as soon as the restarted runtime reports a worker's recovery started.
  let trigger: string | undefined;
  const phases: string[] = [];
  let second: Promise<unknown> | undefined;
  const offRecovery = rt.onEvent((e) => {
    if (e.type !== 'recovery' || rt.restarts !== 1) return;
    if (!trigger && e.phase === 'started') {
      trigger = e.workerId;
      second = rt.crash();
    }
    if (e.workerId === trigger) phases.push(e.phase);
  });
  await rt.crash();
  seen.freeze();
  await Promise.all(callers);
  const enqueued = await burst;

  const inFlight = unacked.filter((u) => seen.started.has(u.key) && !seen.finished.has(u.key));
  assert.ok(
    inFlight.length >= 1,
    `some invocation was recorded by the runtime and unanswered at the kill (unacked: ${unacked.map((u) => u.key).join(' ')}; recorded: ${[...seen.started].filter((k) => !seen.finished.has(k)).join(' ')})`,
  );

  await until(() => second !== undefined);
  await second;
  offRecovery();
  assert.equal(rt.restarts, 2);
  assert.ok(!phases.includes('done'), `killed during ${trigger}'s recovery, before it was done: ${phases.join(', ')}`);
  await rt.whenReady();

  // An enqueue the kill cut off is sent again with its key.
  for (const [j, r] of enqueued.entries()) {
    if (r.status === 'fulfilled') continue;
    assert.ok(r.reason instanceof RuntimeError && r.reason.status === 503, `unexpected failure: ${(r.reason as Error).message}`);
    await enqueue(j);
  }
  // Retry the unacknowledged ones with their keys (concurrently, as callers would).
  await Promise.all(
    unacked.map(async ({ worker, key }) => {
      acked.set(key, (await rt.api.invoke(worker, { function: 'api.add', args: [1], idempotencyKey: key })).result as number);
    }),
  );
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
