// Many suspended workers woken at the same moment (issue 13): thread starts
// go through a capped FIFO queue (lib/runtime/start-queue.ts) instead of all
// booting at once. The burst here is a crowd of workers suspended on a promise whose
// promises are all completed in one go: completing a promise wakes a worker
// through the same Engine.wake the timer of a durable sleep calls.
// The suite runs the 200: putting each to sleep no longer boots a
// thread (a suspended worker leaves its thread to the next one), and the woken
// ones over PLAYGROUND_MAX_RESIDENT hand their threads on as they go idle.
// WAKE_BURST=n runs another size.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, root, type TestEngine } from './helpers';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const APPROVE = 'test:golem/api.{approve}';
const BURST = Number(process.env.WAKE_BURST ?? 200);

let t: TestEngine | undefined;
after(async () => t?.close());

test(`a wake burst: ${BURST} suspended workers woken at once all finish, none timed out`, { timeout: 1_800_000 }, async () => {
  // A short invocation timeout: a start that waited in line must not be charged for the wait.
  t = makeEngine({ idleEvictMs: 60_000, invocationTimeoutMs: 30_000 });
  const { engine } = t;
  await engine.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });

  const suspended = new Set<string>();
  const off = engine.onEvent((e) => {
    if (e.type === 'status' && e.status === 'suspended') suspended.add(e.workerId);
  });
  const workers: { id: string; key: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < BURST) {
        const w = engine.createWorker({ component: 'golemtest', name: `burst-${next++}` });
        const { idempotencyKey } = await engine.invoke(w.id, { function: APPROVE, wait: false });
        workers.push({ id: w.id, key: idempotencyKey });
        const end = Date.now() + 120_000;
        while (!suspended.has(w.id) && engine.status(w.id).status !== 'suspended') {
          assert.ok(Date.now() < end, `${w.id} did not suspend: ${JSON.stringify(engine.status(w.id))}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }),
  );
  off();
  const asleep = workers.map((w) => engine.getWorker(w.id));
  assert.ok(
    asleep.every((w) => w.status === 'suspended' && !w.resident && w.awaitingPromise !== undefined),
    'all suspended, none in memory',
  );

  // All at once, in one turn of the event loop.
  for (const w of asleep)
    assert.equal(engine.completePromise(w.id, w.awaitingPromise!, Buffer.from(`ok ${w.name}`).toString('base64')), true);
  const results = await Promise.all(workers.map((w) => engine.invoke(w.id, { function: APPROVE, idempotencyKey: w.key })));
  assert.deepEqual(
    results.map((r) => r.result),
    asleep.map((w) => `ok ${w.name}`),
    'each woke with its own payload',
  );
  const statuses = workers.map((w) => engine.status(w.id).status);
  assert.ok(
    statuses.every((s) => s === 'idle'),
    `all idle after the burst: ${[...new Set(statuses)].join(', ')}`,
  );
  // No invocation was interrupted by the timeout and re-run.
  for (const w of workers)
    assert.ok(
      !engine.store.slice(w.id, 1).some((e) => e.kind === 'interrupted' || e.kind === 'error'),
      `${w.id} has no interruption or error`,
    );
});
