// A kill that lands while the worker's start waits for a start slot (a burst
// of starts is let through a few at a time) used to be undone by that start:
// the queued start went on, replayed past the `interrupted` entry and ran the
// call. Now the kill calls the start off: the caller is answered 503 at once,
// as for a running worker, and the worker stays interrupted until resumed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { jsExample, makeEngine, untilWorker, type TestEngine } from './helpers';

const ADD = 'demo:counter/api.{add}';
const GET = 'demo:counter/api.{get}';
let t: TestEngine;

before(async () => {
  // One start at a time, so that a second worker's start waits behind the first one's recovery.
  t = makeEngine({ startConcurrency: 1, idleEvictMs: 60_000 });
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
});
after(() => t.close());

test('a kill while the start waits for a slot: the caller gets 503, the worker stays interrupted', { timeout: 60_000 }, async () => {
  // A worker whose recovery takes a while (a long history to replay) holds the only start slot.
  const long = t.engine.createWorker({ component: 'counter', name: 'long' });
  for (let i = 0; i < 1000; i += 1) await t.engine.invoke(long.id, { function: ADD, args: [1] });
  await t.engine.kill(long.id);

  const queued = t.engine.createWorker({ component: 'counter', name: 'queued' });
  const first = t.engine.invoke(long.id, { function: GET, args: [] }); // recovery: 1,000 invocations replayed
  await new Promise((r) => setImmediate(r));
  let answered: { status?: number; message: string } | undefined;
  const second = t.engine.invoke(queued.id, { function: ADD, args: [5], idempotencyKey: 'five' }).then(
    () => (answered = { message: 'answered with a result' }),
    (e: Error & { status?: number }) => (answered = { status: e.status, message: e.message }),
  );
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(t.engine.getWorker(long.id).resident, true, 'the long worker is still recovering when the kill lands');
  const killed = await t.engine.kill(queued.id);
  assert.equal(killed.status, 'interrupted');
  await second;
  assert.equal(answered?.status, 503, `the caller was ${answered?.message}`);
  assert.match(answered?.message ?? '', /killed/);
  // Nothing recorded the call (it was taken to run at once): it will not resume, its caller retries with the key.
  assert.match(answered?.message ?? '', /nothing of it was kept; retry with the same idempotency key/);
  assert.doesNotMatch(answered?.message ?? '', /resumes/);

  assert.deepEqual((await first).result, 1000);
  // Long after the slot came free, the killed worker has not started and ran nothing.
  await new Promise((r) => setTimeout(r, 300));
  const after = t.engine.getWorker(queued.id);
  assert.equal(after.status, 'interrupted');
  assert.equal(after.resident, false);
  const kinds = t.engine.store.slice(queued.id, 1).map((e) => e.kind);
  assert.ok(!kinds.includes('exported-function-completed'), `nothing ran: ${kinds.join(', ')}`);

  // Resumed, it is a fresh counter; the call the caller was told failed can be sent again with its key.
  await t.engine.resume(queued.id);
  await untilWorker(t, 'resume', queued.id, (w) => w.status === 'idle', 10_000);
  assert.deepEqual((await t.engine.invoke(queued.id, { function: ADD, args: [5], idempotencyKey: 'five' })).result, 5);
});
