// golem:api/host and golem:rpc/types against Golem's documented semantics,
// with a kill wherever durability matters. The guest is
// test/fixtures/golem-test (JavaScript, built by componentize-qjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeEngine, root, untilValue, type TestEngine } from './helpers';
import type { WorkerInfo, WorkerStatus } from '../lib/runtime/types';
import type { OplogEntry } from '../lib/oplog/entry';
import type { JsonValue } from '../lib/values/json-value';
import { hostCall, type Caller } from '../lib/runtime/host-calls/table';
import { kernelOf } from '../lib/runtime/engine';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const F = (fn: string) => `test:golem/api.{${fn}}`;

let t: TestEngine;
let service: { url: string; hits: Map<string, number>; close(): Promise<void> };

/** A local service: /fail/N/<key> answers 503 to the first N requests per key, then 200. */
async function flakyService() {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '/';
      const n = (hits.get(url) ?? 0) + 1;
      hits.set(url, n);
      const failFirst = /^\/fail\/(\d+)\//.exec(url);
      const status = failFirst && n <= Number(failFirst[1]) ? 503 : 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`${status === 200 ? 'ok' : 'unavailable'} after ${n}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const until = <T>(what: string, get: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000) => untilValue(what, get, ok, ms);

/** The worker once its status is `status` (`what` names the wait in a timeout). */
const untilStatus = (id: string, status: WorkerStatus, what: string) =>
  until(
    what,
    () => t.engine.getWorker(id),
    (i) => i.status === status,
  );
const kinds = (id: string): string[] => t.engine.store.slice(id, 1).map((e) => e.kind);
const entries = (id: string): OplogEntry[] => t.engine.store.slice(id, 1);
/** The kill landed where the test meant: `what` is the entry at `index`, `interrupted` the next one. */
function killedAfter(id: string, index: number, what: string): void {
  const log = entries(id);
  const e = log[index - 1];
  const name = e?.kind === 'imported-function-invoked' ? `${e.kind} ${e.functionName}` : e?.kind;
  assert.equal(name, what, `entry ${index} is the intended kill point`);
  assert.equal(log[index]?.kind, 'interrupted', `the worker was interrupted right after entry ${index}`);
}
/** Invokes `fn` on `id` (key 'k') with a kill right after entry `index`, which must be `what`: the call fails as killed. */
async function invokeKilledAfter(id: string, index: number, what: string, fn: string, args: JsonValue[]): Promise<void> {
  t.engine.killAfterIndex(id, index);
  await assert.rejects(t.engine.invoke(id, { function: F(fn), args, idempotencyKey: 'k' }), /killed/);
  killedAfter(id, index, what);
}
const worker = (name: string): WorkerInfo => t.engine.createWorker({ component: 'golemtest', name });

before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  service = await flakyService();
  await t.engine.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
});
after(async () => {
  await t.close();
  await service.close();
});

test('await-promise suspends the worker (no thread); completing the promise resumes it with the payload', async () => {
  const w = worker('promise');
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: F('approve'), wait: false });
  const suspended = await untilStatus(w.id, 'suspended', 'suspension');
  assert.equal(suspended.resident, false, 'a suspended worker holds no thread');
  const index = suspended.awaitingPromise;
  assert.ok(index !== undefined);
  const [p] = t.engine.listPromises(w.id);
  assert.ok(p, 'the promise is listed');
  assert.deepEqual([p.oplogIndex, p.completed, p.awaited], [index, false, true]);
  assert.throws(() => t.engine.completePromise(w.id, 2, 'eA=='), /no promise at oplog index 2/);

  assert.equal(t.engine.completePromise(w.id, index, Buffer.from('approved').toString('base64')), true);
  assert.equal(t.engine.completePromise(w.id, index, Buffer.from('again').toString('base64')), false, 'a promise completes once');
  const out = await t.engine.invoke(w.id, { function: F('approve'), idempotencyKey });
  assert.equal(out.result, 'approved');
  assert.ok(kinds(w.id).includes('suspend') && kinds(w.id).includes('promise-completed'));
  assert.equal(t.engine.listPromises(w.id)[0]!.completed, true);
});

test('a long sleep suspends the worker and the scheduler wakes it on time', async () => {
  const w = worker('sleeper');
  const started = Date.now();
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: F('nap'), args: [1500], wait: false });
  const s = await untilStatus(w.id, 'suspended', 'suspension');
  assert.equal(s.resident, false);
  // The deadline is taken when the guest subscribes, after its thread started: within [start, now] + 1.5 s.
  const wakesAt = Date.parse(s.suspendedUntil ?? '');
  assert.ok(wakesAt >= started + 1500 && wakesAt <= Date.now() + 1500, `wakes at ${s.suspendedUntil}`);
  const out = await t.engine.invoke(w.id, { function: F('nap'), args: [1500], idempotencyKey });
  assert.equal(out.result, 1500);
  assert.ok(Date.now() >= wakesAt, 'not woken before its time');
});

test('a trap inside an atomic region is retried with backoff and the region re-executes whole', async () => {
  const w = worker('atomic');
  const url = `${service.url}/fail/2/atomic`;
  const seen = new Set<string>();
  const off = t.engine.onEvent((e) => e.type === 'status' && e.workerId === w.id && seen.add(e.status));
  const out = await t.engine.invoke(w.id, { function: F('flaky-atomic'), args: [url] });
  off();
  assert.equal(out.result, 'ok after 3');
  assert.equal(service.hits.get('/fail/2/atomic'), 3, 'the request inside the region ran once per attempt');
  assert.ok(seen.has('retrying'), 'the worker was retrying between attempts');
  const errors = entries(w.id).filter((e) => e.kind === 'error');
  assert.deepEqual(
    errors.map((e) => e.kind === 'error' && [e.attempt, e.retryAt !== undefined]),
    [
      [1, true],
      [2, true],
    ],
  );
  assert.equal(kinds(w.id).filter((k) => k === 'jump').length, 2, 'each unfinished region was hidden by a jump');
  assert.equal(t.engine.getWorker(w.id).status, 'idle');
});

test('outside a region the recorded failure replays: after max-attempts (set by the guest) the worker fails', async () => {
  const w = worker('plain');
  const url = `${service.url}/fail/5/plain`;
  await assert.rejects(t.engine.invoke(w.id, { function: F('short-retries'), args: [url] }), /service answered 503/);
  const info = t.engine.getWorker(w.id);
  assert.equal(info.status, 'failed');
  assert.equal(service.hits.get('/fail/5/plain'), 1, 'the recorded response was replayed, not re-requested');
  const errors = entries(w.id).filter((e) => e.kind === 'error');
  assert.deepEqual(
    errors.map((e) => e.kind === 'error' && [e.attempt, e.maxAttempts, e.retryAt !== undefined]),
    [
      [1, 1, true],
      [2, 1, false],
    ],
  );
});

test('kill inside an atomic region: recovery re-executes the region whole', async () => {
  const w = worker('atomic-kill');
  // 1 create, 2 invoked, 3 begin-atomic-region, 4 the request: die right after it.
  await invokeKilledAfter(w.id, 4, 'imported-function-invoked playground:http/client.send', 'flaky-atomic', [
    `${service.url}/ok/atomic-kill`,
  ]);
  assert.equal(service.hits.get('/ok/atomic-kill'), 1);
  assert.equal(entries(w.id)[2]!.kind, 'begin-atomic-region');
  await t.engine.resume(w.id);
  const out = await t.engine.invoke(w.id, { function: F('flaky-atomic'), args: [`${service.url}/ok/atomic-kill`], idempotencyKey: 'k' });
  assert.equal(out.result, 'ok after 2');
  assert.equal(service.hits.get('/ok/atomic-kill'), 2, 'the unfinished region ran again');
  assert.ok(entries(w.id).some((e) => e.kind === 'jump' && e.start === 3));
});

test('kill after a recorded request outside a region: recovery does not repeat it', async () => {
  const w = worker('plain-kill');
  // Entry 3 is the recorded request.
  await invokeKilledAfter(w.id, 3, 'imported-function-invoked playground:http/client.send', 'flaky-plain', [
    `${service.url}/ok/plain-kill`,
  ]);
  await t.engine.resume(w.id);
  const out = await t.engine.invoke(w.id, { function: F('flaky-plain'), args: [`${service.url}/ok/plain-kill`], idempotencyKey: 'k' });
  assert.equal(out.result, 'ok after 1');
  assert.equal(service.hits.get('/ok/plain-kill'), 1);
});

test('non-idempotent mode: a remote write begun but not finished fails the worker instead of repeating it', async () => {
  const w = worker('at-most-once');
  // 1 create, 2 invoked, 3 set-idempotence-mode, 4 begin-remote-write: die before the request leaves.
  await invokeKilledAfter(w.id, 4, 'begin-remote-write', 'remote-write', [`${service.url}/ok/amo`, false]);
  await t.engine.resume(w.id);
  await untilStatus(w.id, 'failed', 'failure');
  assert.match(t.engine.getWorker(w.id).lastError ?? '', /non-idempotent remote write .* did not finish/);
  assert.equal(service.hits.get('/ok/amo') ?? 0, 0);

  // The default (idempotent) mode has no bracket: killed before the request leaves, recovery sends it
  // (at least once; a kill after the request left and before it was recorded would send it twice).
  const w2 = worker('at-least-once');
  await invokeKilledAfter(w2.id, 3, 'imported-function-invoked golem:api/host.set-idempotence-mode', 'remote-write', [
    `${service.url}/ok/alo`,
    true,
  ]);
  assert.equal(service.hits.get('/ok/alo') ?? 0, 0, 'the request had not left');
  await t.engine.resume(w2.id);
  const out = await t.engine.invoke(w2.id, { function: F('remote-write'), args: [`${service.url}/ok/alo`, true], idempotencyKey: 'k' });
  assert.equal(out.result, 'ok after 1');
  // A completed bracketed write replays without a request.
  const w3 = worker('amo-done');
  assert.equal(
    (await t.engine.invoke(w3.id, { function: F('remote-write'), args: [`${service.url}/ok/amo3`, false] })).result,
    'ok after 1',
  );
  assert.deepEqual(kinds(w3.id).slice(3, 6), ['begin-remote-write', 'imported-function-invoked', 'end-remote-write']);
  await t.engine.kill(w3.id, { recover: true });
  await untilStatus(w3.id, 'idle', 'recovery');
  assert.equal(service.hits.get('/ok/amo3'), 1);
});

test('persist-nothing: calls are not recorded, and replay runs them again', async () => {
  const w = worker('nothing');
  const out = await t.engine.invoke(w.id, { function: F('persist-nothing-call'), args: [`${service.url}/ok/nothing`] });
  assert.equal(out.result, 'ok after 1');
  assert.equal(
    entries(w.id).filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'playground:http/client.send').length,
    0,
  );
  await t.engine.kill(w.id, { recover: true });
  await until(
    'the request again',
    () => service.hits.get('/ok/nothing'),
    (n) => n === 2,
  );
  // The invocation's recorded result still stands (the zone re-ran, the answer is the oplog's).
  await untilStatus(w.id, 'idle', 'recovery');
  assert.equal(entries(w.id).filter((e) => e.kind === 'error').length, 0);
});

test('oplog index, idempotency key and self metadata are recorded and replay identically', async () => {
  const w = worker('meta');
  const idx = (await t.engine.invoke(w.id, { function: F('oplog-index') })).result;
  const entry = entries(w.id).find((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/host.get-oplog-index');
  assert.equal(Number(idx), entry!.index - 1, 'the index of the newest entry when it was asked');
  const key = (await t.engine.invoke(w.id, { function: F('idempotency-key') })).result as string;
  assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal((await t.engine.invoke(w.id, { function: F('self-name') })).result, 'meta:running');
  // Kill and replay: every answer is the recorded one (a divergence would fail the worker).
  await t.engine.kill(w.id, { recover: true });
  // Sent while it recovers: it runs right after the replay, and the worker still calls itself running.
  assert.equal((await t.engine.invoke(w.id, { function: F('self-name') })).result, 'meta:running');
  await untilStatus(w.id, 'idle', 'recovery');
  const again = await t.engine.invoke(w.id, { function: F('idempotency-key') });
  assert.notEqual(again.result, key, 'a new call makes a new key');
});

test("a worker asking for its own metadata is running, whatever the runtime's status for it says", async () => {
  const w = worker('asks-itself');
  const other = worker('asks-about-it');
  await t.engine.invoke(w.id, { function: F('self-name') });
  // The engine's status says idle, as it may right after a recovery, before the thread's next start is read.
  const k = kernelOf(t.engine);
  assert.equal(k.statuses.get(w.id).status, 'idle');
  const asked = async (by: string) =>
    ((await hostCall(k, { id: by } as Caller, { op: 'metadata', worker: w.id })) as { status: WorkerStatus }).status;
  assert.equal(await asked(w.id), 'running', 'the caller itself');
  assert.equal(await asked(other.id), 'idle', 'another worker asking about it');
});

test('worker-to-worker calls are durable and exactly once when the callee is killed mid-call', async () => {
  const a = worker('caller');
  assert.equal((await t.engine.invoke(a.id, { function: F('ping'), args: ['callee', 41, false] })).result, 42);
  const b = t.engine.getWorker('golemtest/callee');
  assert.equal((await t.engine.invoke(b.id, { function: F('count') })).result, 1, 'the callee was created on first call and ran once');
  assert.ok(
    entries(a.id).some((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:rpc/types.wasm-rpc.invoke-and-await'),
  );

  // Callee killed right after it recorded the start of the call: it recovers, the caller still gets one answer.
  const next = t.engine.store.length(b.id) + 1;
  t.engine.killAfterIndex(b.id, next);
  assert.equal((await t.engine.invoke(a.id, { function: F('ping'), args: ['callee', 1, false] })).result, 2);
  killedAfter(b.id, next, 'exported-function-invoked');
  assert.equal((await t.engine.invoke(b.id, { function: F('count') })).result, 2);
});

test('worker-to-worker call: the caller killed while waiting retries with the same key, the callee runs once', async () => {
  const a = worker('caller2');
  const { idempotencyKey } = await t.engine.invoke(a.id, { function: F('ping'), args: ['callee2', 9, true], wait: false });
  await until(
    'callee busy',
    () => t.engine.listWorkers({ component: 'golemtest' }).find((w) => w.name === 'callee2')?.status,
    (s) => s === 'running',
  );
  await t.engine.kill(a.id);
  await t.engine.resume(a.id);
  const out = await t.engine.invoke(a.id, { function: F('ping'), args: ['callee2', 9, true], idempotencyKey });
  assert.equal(out.result, 10);
  assert.equal((await t.engine.invoke('golemtest/callee2', { function: F('count') })).result, 1, 'the slow call ran once');
});

test('scheduled invocations run at their time; pending ones are listed and can be cancelled', async () => {
  const w = worker('scheduled');
  const at = Date.now() + 700;
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: F('pong'), args: [1], scheduleAt: new Date(at).toISOString() });
  const later = await t.engine.invoke(w.id, { function: F('pong'), args: [100], scheduleAt: Date.now() + 60_000 });
  const pending = t.engine.listPending(w.id);
  assert.deepEqual(
    pending.map((p) => p.idempotencyKey),
    [idempotencyKey, later.idempotencyKey],
  );
  assert.ok(pending[0]!.scheduledAt);
  assert.equal(t.engine.cancelPending(w.id, later.idempotencyKey), true);
  assert.equal(t.engine.cancelPending(w.id, later.idempotencyKey), false);
  const out = await t.engine.invoke(w.id, { function: F('pong'), args: [1], idempotencyKey });
  assert.ok(Date.now() >= at - 20, 'not before its time');
  assert.equal(out.result, 2);
  assert.deepEqual(t.engine.listPending(w.id), []);
  assert.throws(() => t.engine.cancelPending(w.id, idempotencyKey), /already started/);
  assert.equal((await t.engine.invoke(w.id, { function: F('count') })).result, 1, 'the cancelled one never ran');
});

test('poll, complete (once), commit and delete a promise from the guest', async () => {
  const w = worker('poller');
  assert.equal((await t.engine.invoke(w.id, { function: F('poll-own') })).result, 'none,true,false,ok');
  assert.equal(t.engine.listPromises(w.id)[0]!.completed, true);
});

test('other workers from the guest: resolve, metadata, fork-worker, revert-worker, get-workers', async () => {
  const target = worker('t');
  await t.engine.invoke(target.id, { function: F('pong'), args: [1] });
  await t.engine.invoke(target.id, { function: F('pong'), args: [1] });
  const o = worker('other');
  assert.equal((await t.engine.invoke(o.id, { function: F('others'), args: ['t'] })).result, 'missing,t,idle,true');
  // The copy has the first 3 entries: one pong; the target lost its last invocation: one pong.
  assert.equal((await t.engine.invoke('golemtest/t-copy', { function: F('count') })).result, 1);
  assert.equal((await t.engine.invoke(target.id, { function: F('count') })).result, 1);
  assert.ok(entries(target.id).some((e) => e.kind === 'revert'));
});

test('fork from the guest: the original goes on with "original", the copy with "forked"', async () => {
  const w = worker('forker');
  assert.equal((await t.engine.invoke(w.id, { function: F('fork-me'), args: ['forked-one'] })).result, 'original');
  await until(
    'the copy to finish',
    () => entries('golemtest/forked-one').some((e) => e.kind === 'exported-function-completed'),
    (v) => v,
  );
  const done = entries('golemtest/forked-one').filter((e) => e.kind === 'exported-function-completed');
  assert.deepEqual(
    done.map((e) => e.kind === 'exported-function-completed' && e.result),
    ['forked'],
  );
});

test('set-oplog-index travels back: what followed is hidden by a jump and runs again', async () => {
  const w = worker('jumper');
  const out = await t.engine.invoke(w.id, { function: F('jump-once'), args: [`${service.url}/ok/jump`] });
  assert.equal(out.result, 'ok after 2');
  assert.equal(service.hits.get('/ok/jump'), 2);
  assert.ok(entries(w.id).some((e) => e.kind === 'jump'));
  // Replay skips the hidden attempt: no divergence, same answer.
  await t.engine.kill(w.id, { recover: true });
  await untilStatus(w.id, 'idle', 'recovery');
  assert.equal(service.hits.get('/ok/jump'), 2);
});
