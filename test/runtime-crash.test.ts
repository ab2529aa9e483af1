// SIGKILL the runtime process in the middle of a stream of invocations with
// idempotency keys. After it restarts, every acknowledged invocation took
// effect exactly once, enqueued ones complete by themselves, and retrying an
// unacknowledged one with its key completes it once.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuntimeClient, RuntimeError } from '../lib/runtime/client';
import { example, root } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'dp-crash-'));
const rt = new RuntimeClient(path.join(root, '.runtime', 'runtime.mjs'), {
  ...process.env, DATABASE_URL: `file:${path.join(dir, 'crash.db')}`,
});
after(async () => {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL of the runtime mid-stream: exactly once for every acknowledged invocation', async () => {
  await rt.api.registerComponent('counter', { kind: 'js', source: example('counter', 'counter.js'), wit: example('counter', 'counter.wit') });
  const awaited = await rt.api.createWorker({ component: 'counter', name: 'awaited' });
  const queued = await rt.api.createWorker({ component: 'counter', name: 'queued' });

  const N = 120;
  const acked = new Map<string, number>();
  const unacked: string[] = [];
  let crashed = false;
  const queuedAcks: string[] = [];

  // Enqueue a burst on the second worker right before the crash: acknowledged, not yet run.
  const stream = (async () => {
    for (let i = 0; i < N; i++) {
      const key = `add-${i}`;
      if (i === 60) {
        for (let j = 0; j < 30; j++) {
          const r = await rt.api.invoke(queued.id, { function: 'api.add', args: [1], idempotencyKey: `q-${j}`, wait: false });
          queuedAcks.push(r.idempotencyKey);
        }
        void rt.crash().then(() => (crashed = true));
      }
      try {
        const r = await rt.api.invoke(awaited.id, { function: 'api.add', args: [1], idempotencyKey: key });
        acked.set(key, r.result as number);
      } catch (e) {
        assert.ok(e instanceof RuntimeError && e.status === 503, `unexpected failure: ${(e as Error).message}`);
        unacked.push(key);
      }
    }
  })();
  await stream;
  await rt.whenReady();
  assert.ok(crashed || rt.restarts === 1, 'the runtime was killed and restarted');
  assert.equal(rt.restarts, 1);
  assert.ok(unacked.length >= 1, 'some invocation was in flight when the runtime died');

  // Retry the unacknowledged ones with their keys.
  for (const key of unacked) {
    const r = await rt.api.invoke(awaited.id, { function: 'api.add', args: [1], idempotencyKey: key });
    acked.set(key, r.result as number);
  }
  // Retrying an acknowledged key returns its recorded result, it does not add again.
  const [someKey, someResult] = [...acked.entries()][3];
  assert.equal((await rt.api.invoke(awaited.id, { function: 'api.add', args: [1], idempotencyKey: someKey })).result, someResult);

  const results = [...acked.values()].sort((a, b) => a - b);
  assert.deepEqual(results, Array.from({ length: N }, (_, i) => i + 1), 'each invocation took effect exactly once');
  assert.equal((await rt.api.invoke(awaited.id, { function: 'api.get' })).result, N);

  // The enqueued burst completes by itself after the restart.
  const deadline = Date.now() + 20_000;
  let total = 0;
  while (Date.now() < deadline) {
    total = (await rt.api.invoke(queued.id, { function: 'api.get' })).result as number;
    if (total === 30) break;
  }
  assert.equal(total, 30, 'every acknowledged enqueue ran exactly once');
});
