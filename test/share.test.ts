import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { exportWorker, importWorker } from '../lib/runtime/share';
import { makeEngine, recordingServer, jsExample, withEngine } from './helpers';

// Share a history: export a worker from one database, import it into a fresh
// one. Proves: the same oplog entry for entry, the same state by replay, no
// live effect repeated by that replay (the HTTP service is not called again),
// the imported worker goes on live and can be forked; a bad file writes nothing.

const a = makeEngine();
const b = makeEngine();
after(async () => {
  await a.close();
  await b.close();
});

const cart = (f: string) => `demo:shopping-cart/api.{${f}}`;

/** A counter worker on `a` that added `n`, exported and read back as a file a client would send. */
async function counterFile(name: string, n: number) {
  const w = a.engine.createWorker({ component: 'counter', name });
  await a.engine.invoke(w.id, { function: 'api.add', args: [n] });
  return JSON.parse(JSON.stringify(await exportWorker(a.engine, w.id)));
}

/** What an import answers, as the route would: 201, or the error's status. */
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 201,
    (e: { status?: number }) => e.status ?? 500,
  );

test('export, then import into a fresh database: identical oplog, same state, no effect repeated', async () => {
  const pay = await recordingServer();
  try {
    await a.engine.registerComponent('shopping-cart', jsExample('shopping-cart', 'cart'));
    const w = a.engine.createWorker({ component: 'shopping-cart', name: 'alice', env: { PAYMENT_URL: `http://${pay.authority}/pay` } });
    await a.engine.invoke(w.id, { function: cart('initialize-cart'), args: ['alice'] });
    await a.engine.invoke(w.id, { function: cart('add-item'), args: [{ 'product-id': 'p1', name: 'Tea', price: 3.5, quantity: 2 }] });
    const checkout = await a.engine.invoke(w.id, { function: cart('checkout'), args: [] });
    await a.engine.invoke(w.id, { function: cart('add-item'), args: [{ 'product-id': 'p2', name: 'Cake', price: 2, quantity: 1 }] });
    await a.engine.kill(w.id);
    assert.equal(pay.bodies.length, 1);

    // Through JSON, as the file travels.
    const file = JSON.parse(JSON.stringify(await exportWorker(a.engine, w.id)));
    const imported = await importWorker(b.engine, file);
    assert.equal(imported.id, 'shopping-cart/alice');
    assert.equal(imported.componentVersionCreated, true);
    assert.equal(imported.status, 'interrupted');
    assert.deepEqual(imported.env, [['PAYMENT_URL', `http://${pay.authority}/pay`]]);
    assert.deepEqual(b.engine.store.slice(imported.id, 1), a.engine.store.slice(w.id, 1), 'the same oplog, entry for entry');
    const original = await a.engine.invoke(w.id, { function: cart('get-cart-contents'), args: [] });
    const copy = await b.engine.invoke(imported.id, { function: cart('get-cart-contents'), args: [] });
    assert.deepEqual(copy.result, original.result, 'the same state by replay');
    assert.deepEqual(copy.result, [{ 'product-id': 'p2', name: 'Cake', price: 2, quantity: 1 }]);
    assert.equal(pay.bodies.length, 1, 'replaying the imported history did not pay again');
    assert.ok(JSON.stringify(checkout.result).includes('order-'));

    // Forkable, and a second import of the same bytes reuses the version.
    const fork = b.engine.fork(imported.id, { name: 'alice-fork', atIndex: 5 });
    assert.equal(fork.oplogLength, 5);
    const again = await importWorker(b.engine, file, { name: 'alice-2' });
    assert.equal(again.componentVersionCreated, false);
    assert.equal(again.version, imported.version);
    assert.equal(
      b.engine.store.slice(again.id, 1, 1)[0]!.kind === 'create' &&
        (b.engine.store.slice(again.id, 1, 1)[0] as { workerName?: string }).workerName,
      'alice-2',
    );
  } finally {
    await pay.close();
  }
});

test('a bad history file is refused and leaves nothing behind', async () => {
  await a.engine.registerComponent('counter', jsExample('counter', 'counter'));
  const file = await counterFile('c', 2);
  await assert.rejects(importWorker(b.engine, { ...file, format: 'something-else' }), /not a worker history file/);
  const gap = { ...file, oplog: [file.oplog[0], { ...file.oplog[1], index: 7 }] };
  await assert.rejects(importWorker(b.engine, gap), /oplog entry 2 is malformed/);
  await assert.rejects(importWorker(b.engine, file, { name: 'bad name!' }), /name/);
  assert.equal(b.engine.listWorkers().filter((x) => x.component === 'counter').length, 0);
  assert.equal(b.engine.components.versions('counter').length, 0);
  // A good one then works, and the worker goes on live from its state.
  const ok = await importWorker(b.engine, file);
  assert.equal((await b.engine.invoke(ok.id, { function: 'api.add', args: [3] })).result, 5);
});

test("an import keeps the playground's limits: past PLAYGROUND_MAX_COMPONENTS or PLAYGROUND_MAX_WORKERS, 429 and nothing written", async () => {
  const file = await counterFile('limits', 4);
  await withEngine({ maxComponents: 1, maxWorkers: 1 }, async (full) => {
    await full.engine.registerComponent('other', jsExample('counter', 'counter'));
    const status = (e: unknown) => (e as { status?: number }).status;
    await assert.rejects(importWorker(full.engine, file), (e) => status(e) === 429 && /PLAYGROUND_MAX_COMPONENTS/.test(String(e)));
    assert.equal(full.engine.components.versions('counter').length, 0, 'no component version written');
    // A component it holds already: the worker limit is what refuses it.
    full.engine.createWorker({ component: 'other', name: 'one' });
    await assert.rejects(
      importWorker(full.engine, { ...file, component: { ...file.component, name: 'other' } }),
      (e) => status(e) === 429 && /PLAYGROUND_MAX_WORKERS/.test(String(e)),
    );
    assert.deepEqual(
      full.engine.listWorkers().map((x) => x.name),
      ['one'],
    );
    assert.equal(full.engine.components.versions('other').length, 1, 'no component version written');
  });
});

test('imports at once keep the worker limit and a name once: 429 and 409, not a third worker or a database error', async () => {
  const file = await counterFile('at-once', 1);
  await withEngine({ maxWorkers: 2 }, async (two) => {
    const got = await Promise.all(['i1', 'i2', 'i3', 'i1'].map((name) => statusOf(importWorker(two.engine, file, { name }))));
    // Which two get in depends on the order their awaits resume; the others are told why, as 4xx.
    assert.equal(got.filter((x) => x === 201).length, 2, `answers ${JSON.stringify(got)}`);
    assert.ok(
      got.every((x) => x === 201 || x === 409 || x === 429),
      `answers ${JSON.stringify(got)}`,
    );
    assert.equal(two.engine.listWorkers().length, 2);
    // All four carried the same bytes: one version of the component, none left by the refused ones.
    assert.deepEqual(
      two.engine.components.versions('counter').map((v) => v.version),
      [1],
    );
  });
});

test('imports at once of two new components keep PLAYGROUND_MAX_COMPONENTS: one lands, the other is 429 and leaves nothing', async () => {
  const file = await counterFile('two-names', 1);
  await withEngine({ maxComponents: 1 }, async (one) => {
    const got = await Promise.all(
      ['first', 'second'].map((name) => statusOf(importWorker(one.engine, { ...file, component: { ...file.component, name } }))),
    );
    assert.deepEqual([...got].sort(), [201, 429], `answers ${JSON.stringify(got)}`);
    const held = ['first', 'second'].filter((n) => one.engine.components.versions(n).length > 0);
    assert.equal(held.length, 1, `components held: ${JSON.stringify(held)}`);
    assert.equal(one.engine.listWorkers().length, 1);
  });
});

test('an import goes to the newest version holding the same bytes', async () => {
  const file = await counterFile('newest', 2);
  await withEngine({}, async (c) => {
    const bytes = Buffer.from(file.component.wasm, 'base64');
    for (let i = 0; i < 2; i++) await c.engine.registerComponent('counter', { kind: 'upload', bytes, wit: file.component.wit });
    const got = await importWorker(c.engine, file);
    assert.equal(got.componentVersionCreated, false);
    assert.equal(got.version, 2);
    assert.equal((await c.engine.invoke(got.id, { function: 'api.get' })).result, 2);
  });
});
