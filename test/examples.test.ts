// The shipped examples build and behave, including across kills.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, recordingServer, type TestEngine } from './helpers';
import { examples } from '../lib/examples';

let t: TestEngine;
let server: Awaited<ReturnType<typeof recordingServer>>;
before(async () => {
  t = makeEngine();
  server = await recordingServer();
  for (const e of examples()) await t.engine.registerComponent(e.id, { kind: 'js', source: e.source, wit: e.wit });
});
after(async () => {
  await t.close();
  await server.close();
});

const api = (fn: string) => `api.${fn}`;

test('shopping cart: the cart survives a kill, checkout pays once', async () => {
  const w = t.engine.createWorker({ component: 'shopping-cart', name: 'alice', env: { PAYMENT_URL: `http://${server.authority}/pay` } });
  const call = async (fn: string, ...args: unknown[]) => (await t.engine.invoke(w.id, { function: api(fn), args: args as never })).result;
  await call('initialize-cart', 'alice');
  await call('add-item', { 'product-id': 'p1', name: 'Tea', price: 3.5, quantity: 2 });
  await call('add-item', { 'product-id': 'p2', name: 'Cake', price: 2, quantity: 1 });
  await call('update-item-quantity', 'p2', 3);
  await t.engine.kill(w.id);
  const contents = await call('get-cart-contents');
  assert.deepEqual(contents, [
    { 'product-id': 'p1', name: 'Tea', price: 3.5, quantity: 2 },
    { 'product-id': 'p2', name: 'Cake', price: 2, quantity: 3 },
  ]);
  const sent = server.bodies.length;
  const result = (await call('checkout')) as { success?: { 'order-id': string } };
  assert.match(result.success?.['order-id'] ?? '', /^order-\d+$/);
  assert.equal(server.bodies.length - sent, 1);
  assert.equal(JSON.parse(server.bodies.at(-1)!).total, 13);
  await t.engine.kill(w.id);
  assert.deepEqual(await call('get-cart-contents'), []);
  assert.equal(server.bodies.length - sent, 1, 'replaying checkout did not pay again');
  const logs = t.engine.store.slice(w.id, 1).filter((e) => e.kind === 'log').map((e) => (e.kind === 'log' ? e.message : ''));
  assert.ok(logs.some((l) => l.startsWith('paid 13.00')));
});

test('workflow: killed while it sleeps, it does not repeat the first call', async () => {
  const w = t.engine.createWorker({ component: 'workflow', name: 'sleeper' });
  const sent = server.bodies.length;
  const r = await t.engine.invoke(w.id, { function: api('run'), args: [`http://${server.authority}/wf`, 1500], wait: false, idempotencyKey: 'wf-1' });
  assert.equal(r.queued, true);
  // Wait until step 1 is recorded, then kill during the sleep.
  const deadline = Date.now() + 10_000;
  while (!t.engine.store.slice(w.id, 1).some((e) => e.kind === 'log' && e.message.startsWith('sleeping'))) {
    assert.ok(Date.now() < deadline, 'the workflow never reached its sleep');
    await new Promise((res) => setTimeout(res, 20));
  }
  await t.engine.kill(w.id);
  assert.equal(server.bodies.length - sent, 1);
  const done = await t.engine.invoke(w.id, { function: api('run'), args: [`http://${server.authority}/wf`, 1500], idempotencyKey: 'wf-1' });
  assert.deepEqual(done.result, ['step 1 -> 200', 'step 2 -> 200']);
  assert.deepEqual(server.bodies.slice(sent), ['step 1', 'step 2'], 'each step reached the service once');
});
