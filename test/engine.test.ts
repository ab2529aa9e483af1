import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, example, jsExample } from './helpers';

const t = makeEngine();
after(() => t.close());

test('a JavaScript counter: build (never from the build cache), create a worker, invoke, read the oplog', async () => {
  // The one build that always runs componentize-qjs, whatever PLAYGROUND_BUILD_CACHE says.
  const cache = process.env.PLAYGROUND_BUILD_CACHE;
  delete process.env.PLAYGROUND_BUILD_CACHE;
  const v = await t.engine
    .registerComponent('counter', jsExample('counter', 'counter'))
    .finally(() => cache !== undefined && (process.env.PLAYGROUND_BUILD_CACHE = cache));
  assert.equal(v.version, 1);
  assert.deepEqual(
    v.exports.map((f) => `${f.interface}.${f.name}`),
    ['demo:counter/api.add', 'demo:counter/api.get', 'demo:counter/api.reset'],
  );
  const w = t.engine.createWorker({ component: 'counter', name: 'c1' });
  assert.equal(w.status, 'idle');
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'demo:counter/api.{add}', args: [5] })).result, 5);
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'api.add', wave: '7' })).result, 12);
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'demo:counter/api.{get}' })).result, 12);
  const kinds = t.engine.store.slice(w.id, 1).map((e) => e.kind);
  assert.deepEqual(kinds, [
    'create',
    'exported-function-invoked',
    'exported-function-completed',
    'exported-function-invoked',
    'exported-function-completed',
    'exported-function-invoked',
    'exported-function-completed',
  ]);
  const invoked = t.engine.store.slice(w.id, 4, 4)[0];
  assert.ok(invoked);
  assert.equal(invoked.kind, 'exported-function-invoked');
  assert.deepEqual(invoked.kind === 'exported-function-invoked' && invoked.args, [7]);
  assert.equal(t.engine.getWorker(w.id).status, 'idle');
});

test('a second build of the same name is a new immutable version', async () => {
  const src = example('counter', 'counter.js').replace('total += n;', 'total += 2 * n;');
  const v2 = await t.engine.registerComponent('counter', { kind: 'js', source: src, wit: example('counter', 'counter.wit') });
  assert.equal(v2.version, 2);
  const old = t.engine.createWorker({ component: 'counter', name: 'old', version: 1 });
  const neu = t.engine.createWorker({ component: 'counter', name: 'new' });
  assert.equal(neu.version, 2);
  assert.equal((await t.engine.invoke(old.id, { function: 'api.add', args: [3] })).result, 3);
  assert.equal((await t.engine.invoke(neu.id, { function: 'api.add', args: [3] })).result, 6);
});

test('a WAT component: build, invoke, typed result', async () => {
  const wat = `(module
    (memory (export "memory") 1)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "double") (param i64) (result i64) local.get 0 i64.const 2 i64.mul))`;
  const wit = 'package demo:math;\nworld math {\n  export add: func(a: u32, b: u32) -> u32;\n  export double: func(x: u64) -> u64;\n}\n';
  const v = await t.engine.registerComponent('math', { kind: 'wat', source: wat, wit });
  assert.deepEqual(
    v.exports.map((f) => f.name),
    ['add', 'double'],
  );
  const w = t.engine.createWorker({ component: 'math', name: 'm' });
  assert.equal((await t.engine.invoke(w.id, { function: 'add', args: [40, 2] })).result, 42);
  assert.equal((await t.engine.invoke(w.id, { function: 'double', args: [21] })).result, 42);
});

test('an idempotency key returns the recorded result and never runs twice', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'idem', version: 1 });
  const a = await t.engine.invoke(w.id, { function: 'api.add', args: [10], idempotencyKey: 'k1' });
  const b = await t.engine.invoke(w.id, { function: 'api.add', args: [10], idempotencyKey: 'k1' });
  assert.equal(a.result, 10);
  assert.equal(b.result, 10);
  assert.equal((await t.engine.invoke(w.id, { function: 'api.get' })).result, 10);
});

test('the same idempotency key sent twice at once runs once; both callers get its result', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'twice', version: 1 });
  await t.engine.invoke(w.id, { function: 'api.add', args: [1] });
  // On an idle worker, while it is busy, and enqueued: the second call must attach to the first.
  const [a, b] = await Promise.all([
    t.engine.invoke(w.id, { function: 'api.add', args: [10], idempotencyKey: 'same-idle' }),
    t.engine.invoke(w.id, { function: 'api.add', args: [10], idempotencyKey: 'same-idle' }),
  ]);
  assert.deepEqual([a.result, b.result], [11, 11]);
  const busy = t.engine.invoke(w.id, { function: 'api.add', args: [100] });
  const [c, d] = await Promise.all([
    t.engine.invoke(w.id, { function: 'api.add', args: [5], idempotencyKey: 'same-busy' }),
    t.engine.invoke(w.id, { function: 'api.add', args: [5], idempotencyKey: 'same-busy' }),
  ]);
  await busy;
  assert.equal(c.result, d.result);
  await Promise.all([
    t.engine.invoke(w.id, { function: 'api.add', args: [7], idempotencyKey: 'same-queued', wait: false }),
    t.engine.invoke(w.id, { function: 'api.add', args: [7], idempotencyKey: 'same-queued', wait: false }),
  ]);
  assert.equal((await t.engine.invoke(w.id, { function: 'api.get' })).result, 1 + 10 + 100 + 5 + 7);
  for (const key of ['same-idle', 'same-busy', 'same-queued']) {
    const kinds = t.engine.store.byIdempotencyKey(w.id, key).map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === 'exported-function-invoked').length, 1, `${key}: started once (${kinds.join(', ')})`);
    assert.ok(kinds.filter((k) => k === 'pending-worker-invocation').length <= 1, `${key}: enqueued at most once (${kinds.join(', ')})`);
  }
});

test('enqueued invocations run one at a time, in order', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'queue', version: 1 });
  const keys: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const r = await t.engine.invoke(w.id, { function: 'api.add', args: [i], wait: false, idempotencyKey: `q${i}` });
    assert.equal(r.queued, true);
    keys.push(r.idempotencyKey);
  }
  const last = await t.engine.invoke(w.id, { function: 'api.get' });
  assert.equal(last.result, 15);
  const results = keys.map((k) => t.engine.store.byIdempotencyKey(w.id, k).find((e) => e.kind === 'exported-function-completed'));
  assert.deepEqual(
    results.map((e) => e && e.kind === 'exported-function-completed' && e.result),
    [1, 3, 6, 10, 15],
  );
});

test('a killed worker recovers its memory by replay on the next invocation', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'killme', version: 1 });
  await t.engine.invoke(w.id, { function: 'api.add', args: [4] });
  await t.engine.invoke(w.id, { function: 'api.add', args: [5] });
  const killed = await t.engine.kill(w.id);
  assert.equal(killed.status, 'interrupted');
  assert.equal(killed.resident, false);
  assert.equal((await t.engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 10);
  const kinds = t.engine.store.slice(w.id, 1).map((e) => e.kind);
  assert.ok(kinds.includes('interrupted'));
});

test('a fresh engine over the same database recovers workers on demand', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'restart', version: 1 });
  await t.engine.invoke(w.id, { function: 'api.add', args: [7] });
  const { Engine } = await import('../lib/runtime/engine');
  const { threadEntry } = await import('./helpers');
  const second = new Engine({ db: t.engine.db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry });
  try {
    assert.equal((await second.invoke(w.id, { function: 'api.get' })).result, 7);
  } finally {
    await second.shutdown();
  }
});

test('kill with recover: the worker comes back at once (a simulated crash)', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'simcrash', version: 1 });
  await t.engine.invoke(w.id, { function: 'api.add', args: [2] });
  await t.engine.kill(w.id, { recover: true });
  const deadline = Date.now() + 5000;
  while (!t.engine.getWorker(w.id).resident) {
    assert.ok(Date.now() < deadline, 'the worker did not come back by itself');
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal((await t.engine.invoke(w.id, { function: 'api.get' })).result, 2);
});

test('idle workers are evicted from memory and recovered on demand', async () => {
  const { makeEngine: make } = await import('./helpers');
  const e = make({ idleEvictMs: 150 });
  try {
    await e.engine.registerComponent('counter', jsExample('counter', 'counter'));
    const w = e.engine.createWorker({ component: 'counter', name: 'sleepy' });
    await e.engine.invoke(w.id, { function: 'api.add', args: [5] });
    assert.equal(e.engine.getWorker(w.id).resident, true);
    const idleSince = Date.now();
    const deadline = idleSince + 10_000;
    while (e.engine.getWorker(w.id).resident) {
      assert.ok(Date.now() < deadline, 'never evicted');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(Date.now() - idleSince >= 140, 'not evicted before it was idle for idleEvictMs');
    assert.equal(e.engine.getWorker(w.id).status, 'idle');
    assert.equal((await e.engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 6);
  } finally {
    await e.close();
  }
});
