// StartQueue (lib/runtime/start-queue.ts): the cap on thread starts at once
// and its first-come-first-served order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StartQueue } from '../lib/runtime/start-queue';

test('StartQueue: at most `limit` at once, the rest served first come first served', async () => {
  const q = new StartQueue(2, 60_000);
  const order: number[] = [];
  const releases: (() => void)[] = [];
  const waits = [0, 1, 2, 3, 4].map((i) =>
    q.acquire().then((release) => {
      order.push(i);
      releases.push(release);
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1], 'two slots');
  assert.equal(q.queued, 3);
  releases[1]!();
  releases[1]!(); // a second release of the same slot frees nothing more
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, [0, 1, 2]);
  releases[0]!();
  releases[2]!();
  await Promise.all(waits);
  assert.deepEqual(order, [0, 1, 2, 3, 4], 'in arrival order');
});

test('StartQueue: a slot held too long is freed for the next in line', async () => {
  const q = new StartQueue(1, 50);
  await q.acquire(); // never released
  const t0 = Date.now();
  // The queue's own timer does not hold the process open (unref): this one does.
  const keepAlive = setTimeout(() => {}, 5000);
  const release = await q.acquire();
  clearTimeout(keepAlive);
  assert.ok(Date.now() - t0 >= 40, 'waited for the hold limit');
  release();
});
