// The guarantees for outgoing HTTP, proven with a guest that drives
// wasi:http/outgoing-handler itself (test/fixtures/wasi-http-guest, WAT):
// - killed at every oplog index (commit points, where nothing is in flight):
//   the service sees each request exactly once and the result is the same;
// - killed inside the request (it reached the service, its response is not
//   recorded yet), default idempotence mode: recovery sends it again, so the
//   service sees it twice (at least once), and the invocation completes;
// - the same with idempotence mode off (golem:api set-idempotence-mode(false)):
//   the worker fails instead of sending it again (at most once).

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeEngine, root, type TestEngine } from './helpers';

/** Where the test service listens: the one place to change for a guest egress allow-list. */
const SERVICE_HOST = '127.0.0.1';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'wasi-http-guest', f), 'utf8');
let t: TestEngine;
let authority = '';
let server: http.Server;
/** Requests seen per path. */
const seen = new Map<string, number>();
/** Paths whose request kills the worker (by id) before it is answered. */
const killOnArrival = new Map<string, string>();

before(async () => {
  t = makeEngine();
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const p = req.url ?? '/';
      seen.set(p, (seen.get(p) ?? 0) + 1);
      const victim = killOnArrival.get(p);
      if (victim) {
        killOnArrival.delete(p);
        await t.engine.kill(victim); // the request left the guest; its response is not recorded
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, SERVICE_HOST, r));
  authority = `${SERVICE_HOST}:${(server.address() as AddressInfo).port}`;
  await t.engine.registerComponent('wasihttp', { kind: 'wat', source: fixture('http.wat'), wit: fixture('http.wit') });
});
after(async () => {
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Invokes; an invocation cut short by a kill is retried with its key. */
async function callRetrying(id: string, p: string, idempotent: boolean, kills: { n: number }): Promise<unknown> {
  for (;;) {
    try {
      return (await t.engine.invoke(id, { function: 'call', args: [authority, p, idempotent], idempotencyKey: 'call' })).result;
    } catch (e) {
      assert.match((e as Error).message, /killed/);
      kills.n += 1;
      assert.ok(kills.n < 3, 'killed more than once');
    }
  }
}

const handles = (id: string) =>
  t.engine.store
    .slice(id, 1)
    .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:http/outgoing-handler.handle');

test('wasi:http guest killed at every oplog index: each request reaches the service exactly once', async () => {
  const base = t.engine.createWorker({ component: 'wasihttp', name: 'baseline' });
  assert.equal(await callRetrying(base.id, '/baseline', true, { n: 0 }), 200);
  assert.equal(seen.get('/baseline'), 1);
  const total = t.engine.store.length(base.id);
  let kills = 0;
  for (let k = 1; k <= total; k++) {
    const w = t.engine.createWorker({ component: 'wasihttp', name: `kill-at-${k}` });
    t.engine.killAfterIndex(w.id, k);
    const run = { n: 0 };
    assert.equal(await callRetrying(w.id, `/kill-at-${k}`, true, run), 200, `kill after index ${k}`);
    kills += run.n;
    assert.equal(seen.get(`/kill-at-${k}`), 1, `kill after index ${k}: the service saw the request once`);
    assert.equal(handles(w.id).length, 1, `kill after index ${k}: one recorded request`);
  }
  assert.equal(kills, total, 'a kill happened at every index');
});

test('killed inside the request, default idempotence mode: sent again on recovery (at least once), then completes', async () => {
  const w = t.engine.createWorker({ component: 'wasihttp', name: 'inflight' });
  killOnArrival.set('/inflight', w.id);
  await assert.rejects(
    t.engine.invoke(w.id, { function: 'call', args: [authority, '/inflight', true], idempotencyKey: 'call' }),
    (e: Error & { status?: number }) => e.status === 503 && /killed/.test(e.message),
  );
  assert.equal(seen.get('/inflight'), 1, 'the request had reached the service');
  assert.equal(handles(w.id).length, 0, 'its response was not recorded');
  assert.equal(
    (await t.engine.invoke(w.id, { function: 'call', args: [authority, '/inflight', true], idempotencyKey: 'call' })).result,
    200,
  );
  assert.equal(seen.get('/inflight'), 2, 'recovery sent the request in flight again');
  assert.equal(handles(w.id).length, 1, 'the oplog holds one request');
});

test('killed inside the request, idempotence mode off: the worker fails instead of sending it again', async () => {
  const w = t.engine.createWorker({ component: 'wasihttp', name: 'inflight-off' });
  killOnArrival.set('/inflight-off', w.id);
  await assert.rejects(
    t.engine.invoke(w.id, { function: 'call', args: [authority, '/inflight-off', false], idempotencyKey: 'call' }),
    /killed/,
  );
  assert.equal(seen.get('/inflight-off'), 1);
  await assert.rejects(
    t.engine.invoke(w.id, { function: 'call', args: [authority, '/inflight-off', false], idempotencyKey: 'call' }),
    /non-idempotent remote write \(wasi:http\/outgoing-handler\.handle.*not repeated/,
  );
  assert.equal(t.engine.getWorker(w.id).status, 'failed');
  assert.equal(seen.get('/inflight-off'), 1, 'not sent again');
  const kinds = t.engine.store.slice(w.id, 1).map((e) => e.kind);
  assert.ok(kinds.includes('begin-remote-write') && !kinds.includes('end-remote-write'));
});
