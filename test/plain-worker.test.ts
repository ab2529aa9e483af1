// A plain worker (durable: false) is the same component run as it would be on
// an ordinary server: it records nothing, so a kill loses its state and the
// invocation it was running, and it comes back empty. Beside it, a durable
// worker of the same component keeps everything.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, untilValue, type TestEngine } from './helpers';
import { lessonComponent } from '../lib/learn/components';

let t: TestEngine;
before(async () => {
  t = makeEngine();
  const c = lessonComponent('lesson-tally');
  await t.engine.registerComponent('tally', { kind: 'js', source: c.source, wit: c.wit });
});
after(() => t.close());

const call = (id: string, fn: string, args: unknown[] = []) =>
  t.engine.invoke(id, { function: `lesson:tally/api.{${fn}}`, args: args as never[] }).then((r) => Number(r.result));

test('a plain worker keeps no oplog and comes back empty after a kill; the durable one comes back with its state', async () => {
  const durable = t.engine.createWorker({ component: 'tally', name: 'durable' });
  const plain = t.engine.createWorker({ component: 'tally', name: 'plain', durable: false });
  assert.equal(plain.durable, false);
  assert.equal(durable.durable, undefined);
  for (const w of [durable, plain]) for (const n of [2, 3, 4]) await call(w.id, 'add', [n]);
  assert.equal(await call(durable.id, 'get'), 9);
  assert.equal(await call(plain.id, 'get'), 9);
  assert.deepEqual(
    t.engine.store.slice(plain.id, 1).map((e) => e.kind),
    ['create'],
    'the plain worker recorded nothing',
  );
  assert.ok(t.engine.store.length(durable.id) >= 9);

  await t.engine.kill(durable.id, { recover: true });
  await t.engine.kill(plain.id, { recover: true });
  assert.equal(await call(durable.id, 'get'), 9, 'durable: replayed back to its state');
  assert.equal(await call(plain.id, 'get'), 0, 'plain: started again empty');
  assert.deepEqual(
    t.engine.store.slice(plain.id, 1).map((e) => e.kind),
    ['create', 'interrupted'],
  );
});

test('a plain worker loses the invocation a kill interrupts; the durable one finishes it', async () => {
  const durable = t.engine.createWorker({ component: 'tally', name: 'd2' });
  const plain = t.engine.createWorker({ component: 'tally', name: 'p2', durable: false });
  const outcome = (id: string) =>
    call(id, 'work', [30, 50]).then(
      (v) => ({ v }),
      (e: Error & { status?: number }) => ({ error: e.message, status: e.status }),
    );
  const d = outcome(durable.id);
  const p = outcome(plain.id);
  // Both mid-call: the durable one has printed steps, the plain one reports running (it records nothing).
  await untilValue(
    'three steps printed',
    () => t.engine.store.slice(durable.id, 1).filter((e) => e.kind === 'log').length >= 3,
    Boolean,
    20_000,
  );
  await untilValue('the plain worker running', () => t.engine.getWorker(plain.id).status === 'running', Boolean, 20_000);
  await new Promise((r) => setTimeout(r, 300));
  await t.engine.kill(durable.id, { recover: true });
  await t.engine.kill(plain.id, { recover: true });
  assert.deepEqual(await d, { v: 30 }, 'durable: the work finished, every step counted once');
  const lost = await p;
  assert.ok('error' in lost && lost.status === 503 && /plain worker was killed/.test(lost.error), JSON.stringify(lost));
  assert.equal(await call(plain.id, 'get'), 0);
});

test('a plain worker does not suspend in a long sleep', async () => {
  const plain = t.engine.createWorker({ component: 'tally', name: 'p3', durable: false });
  const started = Date.now();
  assert.equal(await call(plain.id, 'nap', [1500]), 0);
  assert.ok(Date.now() - started >= 1400);
  assert.notEqual(t.engine.getWorker(plain.id).status, 'suspended');
  assert.deepEqual(
    t.engine.store.slice(plain.id, 1).map((e) => e.kind),
    ['create'],
    'no suspend entry either',
  );
});
