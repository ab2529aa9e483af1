// The shipped examples build and behave, including across kills.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineWithServer } from './helpers';
import { examples } from '../lib/examples';

const { t, server } = await engineWithServer(async (t) => {
  for (const e of examples()) await t.engine.registerComponent(e.id, { kind: 'js', source: e.source, wit: e.wit });
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
  const logs = t.engine.store
    .slice(w.id, 1)
    .filter((e) => e.kind === 'log')
    .map((e) => (e.kind === 'log' ? e.message : ''));
  assert.ok(logs.some((l) => l.startsWith('paid 13.00')));
});

test('workflow: killed while it sleeps, it does not repeat the first call', async () => {
  const w = t.engine.createWorker({ component: 'workflow', name: 'sleeper' });
  const sent = server.bodies.length;
  const r = await t.engine.invoke(w.id, {
    function: api('run'),
    args: [`http://${server.authority}/wf`, 1500],
    wait: false,
    idempotencyKey: 'wf-1',
  });
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

/** A stand-in for /api/demo/flaky: 503 for the first `failures` requests per key. */
async function flakyServer() {
  const { createServer } = await import('node:http');
  const counts = new Map<string, number>();
  const s = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const key = u.searchParams.get('key') ?? '';
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const ok = n > Number(u.searchParams.get('failures') ?? 2);
    res.writeHead(ok ? 200 : 503);
    res.end(ok ? `ok (request ${n})` : 'unavailable');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/flaky`, counts, close: () => new Promise<void>((r) => s.close(() => r())) };
}

test('flaky service: the runtime retries the failing request (no retry code in the guest) and it succeeds', async () => {
  const flaky = await flakyServer();
  try {
    const w = t.engine.createWorker({ component: 'flaky-service', name: 'f', env: { FLAKY_URL: flaky.url } });
    const out = await t.engine.invoke(w.id, { function: 'demo:flaky/api.{call}', args: ['k', 2] });
    assert.match(String(out.result), /ok \(request 3\).*attempt 3/);
    assert.equal(flaky.counts.get('k'), 3);
    assert.equal(t.engine.store.slice(w.id, 1).filter((e) => e.kind === 'error').length, 2);
    // More failures than the policy allows: the worker fails with the reason.
    const w2 = t.engine.createWorker({ component: 'flaky-service', name: 'f2', env: { FLAKY_URL: flaky.url } });
    await assert.rejects(t.engine.invoke(w2.id, { function: 'demo:flaky/api.{call}', args: ['k2', 10] }), /503/);
    assert.equal(t.engine.getWorker(w2.id).status, 'failed');
  } finally {
    await flaky.close();
  }
});

test('ping-pong: one worker calls another through wasm-rpc', async () => {
  const a = t.engine.createWorker({ component: 'rpc-pair', name: 'ping' });
  assert.deepEqual((await t.engine.invoke(a.id, { function: 'demo:pingpong/api.{ping}', args: ['pong', 41] })).result, { ok: 42 });
  assert.equal((await t.engine.invoke('rpc-pair/pong', { function: 'demo:pingpong/api.{count}' })).result, 1);
  // Wait for the caller's replay to finish, then ask: a replay that called again would have counted 2 by then.
  const replayed = new Promise<void>((res) => {
    const off = t.engine.onEvent((e) => e.type === 'recovery' && e.workerId === a.id && e.phase === 'done' && (off(), res()));
  });
  await t.engine.kill(a.id, { recover: true });
  await replayed;
  assert.ok(t.engine.getWorker(a.id).resident, 'the caller was replayed into memory');
  assert.equal(
    (await t.engine.invoke('rpc-pair/pong', { function: 'demo:pingpong/api.{count}' })).result,
    1,
    'replaying the caller did not call again',
  );
});

/** An approval run on worker `name`, its promise completed with `payload`: the run's result and what it printed. */
async function approval(name: string, payload: Buffer): Promise<{ result: unknown; printed: string; suspends: number }> {
  const w = t.engine.createWorker({ component: 'approval-workflow', name, env: { NOTIFY_URL: `http://${server.authority}/notify` } });
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: 'demo:approval/api.{run}', args: ['a laptop'], wait: false });
  const deadline = Date.now() + 10_000;
  while (t.engine.getWorker(w.id).awaitingPromise === undefined) {
    assert.ok(Date.now() < deadline, 'never waited for approval');
    await new Promise((r) => setTimeout(r, 25));
  }
  const promise = t.engine.getWorker(w.id).awaitingPromise!;
  assert.match(server.bodies.at(-1) ?? '', new RegExp(`"promise":${promise}`), 'the approver was told which promise');
  t.engine.completePromise(w.id, promise, payload.toString('base64'));
  const out = await t.engine.invoke(w.id, { function: 'demo:approval/api.{run}', args: ['a laptop'], idempotencyKey });
  const entries = t.engine.store.slice(w.id, 1);
  return {
    result: out.result,
    printed: entries.flatMap((e) => (e.kind === 'log' ? [e.message] : [])).join(''),
    suspends: entries.filter((e) => e.kind === 'suspend').length,
  };
}

test('approval workflow: waits suspended for a person, then sleeps and finishes', async () => {
  // Text beyond ASCII: the guest decodes the payload and prints the approver's name as UTF-8.
  const run = await approval('a', Buffer.from('{"approved": true, "by": "Zoë 🎉"}'));
  assert.equal(run.result, 'approved: a laptop');
  assert.match(run.printed, /^a laptop: approved by Zoë 🎉$/m);
  assert.ok(run.suspends >= 2, 'suspended for the promise and for the sleep');
});

test('approval workflow: a payload of raw bytes that are not UTF-8 is a no, not a failed workflow', async () => {
  const run = await approval('raw', Buffer.from([0xff, 0xfe, 0x79, 0x65, 0x73]));
  assert.equal(run.result, 'rejected: a laptop');
});

test('examples use Golem’s current host API (1.5.0); ping-pong the newest with golem:rpc (1.3.0, Golem 1.5 dropped it)', () => {
  const golem = (id: string) => t.engine.components.getVersion(id)!.imports.filter((i) => i.startsWith('golem:'));
  const users = examples()
    .filter((e) => golem(e.id).length > 0)
    .map((e) => e.id);
  assert.ok(users.length >= 3, `examples importing golem: ${users.join(', ')}`);
  for (const id of users) {
    const expected =
      id === 'rpc-pair' ? ['golem:api/host@1.3.0', 'golem:rpc/types@0.2.2'] : ['golem:api/host@1.5.0', 'golem:core/types@1.5.0'];
    assert.deepEqual(golem(id).sort(), expected.sort(), id);
  }
  // The approval workflow waits on 1.5's get-promise-result.subscribe: its pollable is wasi:io's.
  assert.ok(t.engine.components.getVersion('approval-workflow')!.imports.includes('wasi:io/poll@0.2.3'));
});
