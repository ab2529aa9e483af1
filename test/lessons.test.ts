// The lessons' components (examples/lessons) do what the lessons say: a
// checkout killed while its payment request is in flight sends it again
// (at least once); with an idempotency key the repeat carries the same key;
// with idempotence mode off the worker fails instead of repeating; and the
// tally with snapshot exports recovers by replaying less.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeEngine, recoveryDone, type TestEngine } from './helpers';
import { lessonComponent } from '../lib/learn/components';

process.env.PLAYGROUND_SNAPSHOT_EVERY = '50';

let t: TestEngine;
before(async () => {
  t = makeEngine();
  for (const n of ['lesson-checkout', 'lesson-tally', 'lesson-tally-snap'] as const) {
    const c = lessonComponent(n);
    await t.engine.registerComponent(n, { kind: 'js', source: c.source, wit: c.wit });
  }
});
after(() => t.close());

/** A payment service that holds its first request unanswered (it "charged", the answer is in flight). */
async function holdingService() {
  const requests: { key?: string; body: string }[] = [];
  let arrived!: () => void;
  const first = new Promise<void>((r) => (arrived = r));
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ key: req.headers['idempotency-key'] as string | undefined, body });
      if (requests.length === 1) {
        held.push(res);
        arrived();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"approved"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/pay`,
    requests,
    first,
    close: () =>
      new Promise<void>((r) => {
        for (const h of held) h.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const item = { 'product-id': 'p1', name: 'Mug', price: 5, quantity: 2 };

async function checkoutKilledInFlight(name: string, cure: string) {
  const svc = await holdingService();
  const w = t.engine.createWorker({ component: 'lesson-checkout', name, env: { PAYMENT_URL: svc.url, CURE: cure } });
  await t.engine.invoke(w.id, { function: 'lesson:checkout/api.{add-item}', args: [item] });
  const done = t.engine.invoke(w.id, { function: 'lesson:checkout/api.{checkout}' }).then(
    (r) => ({ result: r.result }),
    (e: Error) => ({ error: e.message }),
  );
  await svc.first;
  await t.engine.kill(w.id, { recover: true });
  const outcome = await done;
  const status = t.engine.getWorker(w.id).status;
  await svc.close();
  return { outcome, status, requests: svc.requests };
}

test('no cure: a kill while the payment request is in flight sends it again', async () => {
  const r = await checkoutKilledInFlight('plain', 'none');
  assert.equal(r.requests.length, 2, 'the service saw the request twice');
  assert.equal(r.requests[0]!.body, r.requests[1]!.body, 'the same order, replayed');
  assert.ok('result' in r.outcome && JSON.stringify(r.outcome.result).includes('success'), JSON.stringify(r.outcome));
});

test('idempotency key: the repeated request carries the same key', async () => {
  const r = await checkoutKilledInFlight('keyed', 'idempotency-key');
  assert.equal(r.requests.length, 2);
  assert.ok(r.requests[0]!.key && r.requests[0]!.key.length > 3, 'a key was sent');
  assert.equal(r.requests[1]!.key, r.requests[0]!.key);
});

test('idempotence mode off: the worker fails instead of sending again', async () => {
  const r = await checkoutKilledInFlight('at-most-once', 'at-most-once');
  assert.equal(r.requests.length, 1, 'sent once');
  assert.equal(r.status, 'failed');
  assert.ok('error' in r.outcome, 'the checkout failed');
});

const nextRecovery = (id: string) => recoveryDone(t, id);

test('the tally with snapshot exports replays fewer invocations than the one without', async () => {
  const replayed: Record<string, number> = {};
  for (const c of ['lesson-tally', 'lesson-tally-snap']) {
    const w = t.engine.createWorker({ component: c, name: 'h' });
    for (let i = 0; i < 100; i++) await t.engine.invoke(w.id, { function: 'lesson:tally/api.{add}', args: [1] });
    const rec = nextRecovery(w.id);
    await t.engine.kill(w.id, { recover: true });
    replayed[c] = (await rec).replayedInvocations ?? -1;
    assert.equal(Number((await t.engine.invoke(w.id, { function: 'lesson:tally/api.{get}' })).result), 100);
  }
  assert.equal(replayed['lesson-tally'], 100);
  assert.ok(replayed['lesson-tally-snap']! < 30, `replayed ${replayed['lesson-tally-snap']}`);
});
