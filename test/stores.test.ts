// wasi:keyvalue and wasi:blobstore: a WAT component (test/fixtures/stores)
// that appends to a key-value entry and a blob, and reads them back. Killed
// after every oplog index in turn, each run must give the uninterrupted run's
// results and leave the same values in the store: a step applied twice would
// show up as a repeated byte, a lost one as a missing byte.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, root, type TestEngine } from './helpers';
import type { Engine } from '../lib/runtime/engine';
import { KvStore } from '../lib/store/kv-store';
import type { StoreCall, StoreReply } from '../lib/host/store-call';

const STEPS = 3;
const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'stores', f), 'utf8');
const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');
let t: TestEngine;

before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('stores', { kind: 'wat', source: fixture('stores.wat'), wit: fixture('stores.wit') });
});
after(() => t.close());

/** Invokes; an invocation cut short by a kill is retried with its key. */
async function invokeRetrying(engine: Engine, id: string, args: unknown[], key: string, kills: { n: number }): Promise<unknown> {
  for (;;) {
    try {
      return (await engine.invoke(id, { function: 'step', args: args as never, idempotencyKey: key })).result;
    } catch (e) {
      assert.match((e as Error).message, /killed/);
      kills.n += 1;
      assert.ok(kills.n < 3, 'a worker was killed more than once');
    }
  }
}

async function run(id: string, scope: string): Promise<{ results: unknown[]; kills: number }> {
  const kills = { n: 0 };
  const results: unknown[] = [];
  for (let n = 1; n <= STEPS; n++) results.push(await invokeRetrying(t.engine, id, [scope, n], `step-${n}`, kills));
  return { results, kills: kills.n };
}

/** What the worker page shows: the value of "count" and of object "log" in the worker's scope. */
function stored(id: string, scope: string): { kv?: string; blob?: string } {
  const s = t.engine.workerStores(id);
  return {
    kv: s.buckets.find((b) => b.name === scope)?.entries.find((e) => e.key === 'count')?.value,
    blob: s.containers.find((c) => c.name === scope)?.objects.find((o) => o.name === 'log')?.data,
  };
}

test('a component stores and reads key-value entries and blobs; the worker view shows them', async () => {
  const w = t.engine.createWorker({ component: 'stores', name: 'plain' });
  const { results } = await run(w.id, 'plain');
  assert.deepEqual(results, [[1], [1, 2], [1, 2, 3]]);
  assert.deepEqual(stored(w.id, 'plain'), { kv: b64([1, 2, 3]), blob: b64([1, 2, 3]) });
  const calls = t.engine.store
    .slice(w.id, 1)
    .flatMap((e) => (e.kind === 'imported-function-invoked' ? [`${e.functionName}:${e.durability}`] : []));
  assert.deepEqual(calls.slice(0, 5), [
    'wasi:keyvalue/eventual.get:read-remote',
    'wasi:keyvalue/eventual.set:write-remote',
    'wasi:blobstore/blobstore.create-container:write-remote',
    'wasi:blobstore/container.write-data:write-remote',
    'wasi:blobstore/container.get-data:read-remote',
  ]);
});

test('kill at every oplog index: same results as an uninterrupted run, each step stored once', async () => {
  const base = t.engine.createWorker({ component: 'stores', name: 'baseline' });
  const baseline = await run(base.id, 'baseline');
  assert.equal(baseline.kills, 0);
  const total = t.engine.store.length(base.id);

  let killedRuns = 0;
  for (let k = 1; k <= total; k++) {
    const name = `kill-at-${k}`;
    const w = t.engine.createWorker({ component: 'stores', name });
    t.engine.killAfterIndex(w.id, k);
    const r = await run(w.id, name);
    killedRuns += r.kills;
    assert.deepEqual(r.results, baseline.results, `kill after index ${k}`);
    assert.deepEqual(stored(w.id, name), { kv: b64([1, 2, 3]), blob: b64([1, 2, 3]) }, `kill after index ${k}: store`);
    const sets = t.engine.store
      .slice(w.id, 1)
      .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:keyvalue/eventual.set');
    assert.equal(sets.length, STEPS, `kill after index ${k}: one recorded set per step`);
    // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
    await t.engine.deleteWorker(w.id, { purge: true });
  }
  assert.equal(killedRuns, total, 'a kill happened at every index');
});

/**
 * Wraps the engine's store to kill the worker's thread right after the first
 * set into `bucket` reached the database, before the thread could record it.
 */
function killAfterFirstSet(bucket: string, id: string): { reached(): number; restore(): void } {
  const kv = (t.engine as unknown as { kv: { run(c: StoreCall): StoreReply } }).kv;
  const original = kv.run.bind(kv);
  let reached = 0;
  kv.run = (c) => {
    const reply = original(c);
    if (c.op === 'kv-set' && c.bucket === bucket && ++reached === 1) void t.engine.kill(id);
    return reply;
  };
  return {
    reached: () => reached,
    restore: () => {
      kv.run = original;
    },
  };
}

test('a kill after a store write and before its entry is committed repeats the write on recovery: at least once', async () => {
  const w = t.engine.createWorker({ component: 'stores', name: 'window' });
  const writes = killAfterFirstSet('window', w.id);
  let r: Awaited<ReturnType<typeof run>>;
  try {
    r = await run(w.id, 'window');
  } finally {
    writes.restore();
  }
  assert.equal(r.kills, 1);
  assert.equal(writes.reached(), STEPS + 1, 'the interrupted set reached the store twice');
  const sets = t.engine.store
    .slice(w.id, 1)
    .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:keyvalue/eventual.set');
  assert.equal(sets.length, STEPS, 'and is recorded once');
  // Writing the same value again leaves the same state and results.
  assert.deepEqual(r.results, [[1], [1, 2], [1, 2, 3]]);
  assert.deepEqual(stored(w.id, 'window'), { kv: b64([1, 2, 3]), blob: b64([1, 2, 3]) });
});

test('with idempotence mode off, a store write cut short by a kill fails the worker instead of being repeated', async () => {
  const wit =
    'package demo:kvonce;\nworld kvonce {\n  import wasi:keyvalue/eventual@0.1.0;\n  import golem:api/host@1.1.7;\n  export put: func(v: u8) -> u8;\n}\n';
  const source = `import { set } from 'wasi:keyvalue/eventual@0.1.0';
import { Bucket, OutgoingValue } from 'wasi:keyvalue/types@0.1.0';
import { setIdempotenceMode } from 'golem:api/host@1.1.7';
export function put(v) {
  setIdempotenceMode(false);
  const o = OutgoingValue.newOutgoingValue();
  o.outgoingValueWriteBodySync(new Uint8Array([v]));
  set(Bucket.openBucket('once'), 'k', o);
  return v;
}`;
  await t.engine.registerComponent('kvonce', { kind: 'js', source, wit });
  const w = t.engine.createWorker({ component: 'kvonce', name: 'once' });
  const writes = killAfterFirstSet('once', w.id);
  try {
    await assert.rejects(t.engine.invoke(w.id, { function: 'put', args: [7], idempotencyKey: 'p' }), /killed/);
    await assert.rejects(
      t.engine.invoke(w.id, { function: 'put', args: [7], idempotencyKey: 'p' }),
      /non-idempotent remote write \(wasi:keyvalue\/eventual.set/,
    );
  } finally {
    writes.restore();
  }
  assert.equal(writes.reached(), 1, 'the write was not repeated');
  assert.equal(t.engine.getWorker(w.id).status, 'failed');
});

test("replay answers from the oplog: a value changed behind the worker's back is not seen by the replayed steps", async () => {
  const w = t.engine.createWorker({ component: 'stores', name: 'replay' });
  await run(w.id, 'replay');
  // Someone else rewrites the entry; the worker's history must not change on recovery.
  t.engine.db.prepare(`UPDATE "KeyValue" SET value = ? WHERE bucket = 'replay' AND key = 'count'`).run(Buffer.from([9]));
  await t.engine.kill(w.id);
  // Recovery replays steps 1-3 from the oplog (had they read the store, step 1
  // would have written [9, 1] and diverged from its record); step 4 then reads
  // the store live and sees the other writer's value.
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'step', args: ['replay', 4] })).result, [9, 4]);
  await t.engine.kill(w.id);
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'step', args: ['replay', 5] })).result, [9, 4, 5]);
  assert.notEqual(t.engine.getWorker(w.id).status, 'failed');
});

test('buckets and containers are shared by every worker of every component (Golem: one environment)', async () => {
  await t.engine.registerComponent('stores-other', { kind: 'wat', source: fixture('stores.wat'), wit: fixture('stores.wit') });
  const a = t.engine.createWorker({ component: 'stores', name: 'share-a' });
  const b = t.engine.createWorker({ component: 'stores-other', name: 'share-b' });
  assert.deepEqual((await t.engine.invoke(a.id, { function: 'step', args: ['shared', 1] })).result, [1]);
  assert.deepEqual((await t.engine.invoke(b.id, { function: 'step', args: ['shared', 2] })).result, [1, 2]);
  assert.deepEqual(stored(a.id, 'shared'), { kv: b64([1, 2]), blob: b64([1, 2]) });
});

test('a JavaScript guest uses wasi:keyvalue (its synchronous methods)', async () => {
  const wit =
    'package demo:kvjs;\nworld kvjs {\n  import wasi:keyvalue/eventual@0.1.0;\n  import wasi:keyvalue/eventual-batch@0.1.0;\n  export put: func(k: string, v: string) -> list<string>;\n}\n';
  const source = `import { get, set, exists } from 'wasi:keyvalue/eventual@0.1.0';
import { keys } from 'wasi:keyvalue/eventual-batch@0.1.0';
import { Bucket, OutgoingValue } from 'wasi:keyvalue/types@0.1.0';
const bytes = (s) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const text = (b) => String.fromCharCode(...b);
export function put(k, v) {
  const b = Bucket.openBucket('js-bucket');
  const missing = get(b, 'nothing-here');
  const o = OutgoingValue.newOutgoingValue();
  o.outgoingValueWriteBodySync(bytes(v));
  set(b, k, o);
  return [String(missing == null), String(exists(b, k)), text(get(b, k).incomingValueConsumeSync()), keys(b).join(',')];
}`;
  await t.engine.registerComponent('kvjs', { kind: 'js', source, wit });
  const w = t.engine.createWorker({ component: 'kvjs', name: 'js' });
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'put', args: ['greeting', 'hello'] })).result, [
    'true',
    'true',
    'hello',
    'greeting',
  ]);
  assert.deepEqual(t.engine.workerStores(w.id).buckets, [
    {
      name: 'js-bucket',
      entries: [
        {
          key: 'greeting',
          size: 5,
          value: b64([...Buffer.from('hello')]),
          truncated: false,
          updatedAt: t.engine.workerStores(w.id).buckets[0]!.entries[0]!.updatedAt,
        },
      ],
    },
  ]);
});

test('store semantics follow Golem: missing container and object are errors the guest sees, copy needs the target container', () => {
  const s = new KvStore(t.engine.db);
  assert.deepEqual(s.run({ op: 'bs-get-container', container: 'none' }), { err: 'Container not found' });
  assert.ok('ok' in s.run({ op: 'bs-create-container', container: 'c1' }));
  assert.ok('ok' in s.run({ op: 'bs-create-container', container: 'c1' }), 'creating an existing container is not an error');
  s.run({ op: 'bs-write-data', container: 'c1', object: 'o', data: new Uint8Array([1, 2, 3, 4]) });
  assert.deepEqual(s.run({ op: 'bs-get-data', container: 'c1', object: 'o', start: 1, end: 3 }), { ok: new Uint8Array([2, 3]) });
  assert.match((s.run({ op: 'bs-get-data', container: 'c1', object: 'o', start: 0, end: 9 }) as { err: string }).err, /outside the object/);
  assert.match((s.run({ op: 'bs-object-info', container: 'c1', object: 'nope' }) as { err: string }).err, /does not exist/);
  assert.match(
    (s.run({ op: 'bs-copy-object', src: { container: 'c1', object: 'o' }, dest: { container: 'c2', object: 'o' } }) as { err: string }).err,
    /container c2/,
  );
  s.run({ op: 'bs-create-container', container: 'c2' });
  assert.deepEqual(s.run({ op: 'bs-move-object', src: { container: 'c1', object: 'o' }, dest: { container: 'c2', object: 'p' } }), {
    ok: null,
  });
  assert.deepEqual(s.run({ op: 'bs-list-objects', container: 'c1' }), { ok: [] });
  assert.deepEqual(s.run({ op: 'bs-list-objects', container: 'c2' }), { ok: ['p'] });
  assert.deepEqual(s.run({ op: 'kv-get', bucket: 'b', key: 'k' }), { ok: null });
  s.run({
    op: 'kv-set-many',
    bucket: 'b',
    entries: [
      ['k', new Uint8Array([7])],
      ['l', new Uint8Array([8])],
    ],
  });
  assert.deepEqual(s.run({ op: 'kv-get-many', bucket: 'b', keys: ['l', 'x', 'k'] }), {
    ok: [new Uint8Array([8]), null, new Uint8Array([7])],
  });
  s.run({ op: 'kv-delete-many', bucket: 'b', keys: ['k'] });
  assert.deepEqual(s.run({ op: 'kv-keys', bucket: 'b' }), { ok: ['l'] });
});
