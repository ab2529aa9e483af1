// Durable waits survive the runtime process being SIGKILLed: a worker
// awaiting a promise is completed after the restart; a sleeping worker is
// woken on time by the scheduler the new runtime rebuilds from the oplog.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { RuntimeError } from '../lib/runtime/client';
import { GUESTS, jsExample, root, LOOPBACK_ALLOWED_ENV, untilValue } from './helpers';
import { runtimeProcess } from './runtime-process';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const F = (fn: string) => `test:golem/api.{${fn}}`;
const { rt, dbPath } = runtimeProcess('dp-golem-crash-', LOOPBACK_ALLOWED_ENV);
/** The worker's oplog entry kinds, read from the runtime's database as it is on disk. */
function kindsOnDisk(workerId: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT kind FROM "OplogEntry" WHERE workerId = ? ORDER BY idx').pluck().all(workerId) as string[];
  } finally {
    db.close();
  }
}
before(async () => {
  await rt.api.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
});
const until = <T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000) => untilValue(what, get, ok, ms, 25);

test('SIGKILL of the runtime while workers await a promise and sleep: both finish after the restart', async () => {
  const waiter = await rt.api.createWorker({ component: 'golemtest', name: 'waiter' });
  const sleeper = await rt.api.createWorker({ component: 'golemtest', name: 'sleeper' });
  const approve = await rt.api.invoke(waiter.id, { function: F('approve'), wait: false });
  const started = Date.now();
  const nap = await rt.api.invoke(sleeper.id, { function: F('nap'), args: [2500], wait: false });
  const w = await until(
    'the promise wait',
    () => rt.api.getWorker(waiter.id),
    (i) => i.status === 'suspended',
  );
  const s = await until(
    'the sleep',
    () => rt.api.getWorker(sleeper.id),
    (i) => i.status === 'suspended',
  );
  assert.ok(s.suspendedUntil);

  await rt.crash();
  await rt.whenReady();
  assert.equal(rt.restarts, 1);
  assert.equal((await rt.api.getWorker(waiter.id)).status, 'suspended', 'still waiting after the restart');

  // The scheduler was rebuilt from the oplog: the sleeper wakes at its time, not before.
  const napped = await rt.api.invoke(sleeper.id, { function: F('nap'), args: [2500], idempotencyKey: nap.idempotencyKey });
  assert.equal(napped.result, 2500);
  assert.ok(Date.now() - started >= 2450, 'not woken early');

  assert.equal(await rt.api.completePromise(waiter.id, w.awaitingPromise!, Buffer.from('yes').toString('base64')), true);
  const approved = await rt.api.invoke(waiter.id, { function: F('approve'), idempotencyKey: approve.idempotencyKey });
  assert.equal(approved.result, 'yes');
  assert.equal((await rt.api.listPromises(waiter.id))[0]!.completed, true);
});

test('SIGKILL of the runtime during a worker update: the update is taken up again after the restart', async () => {
  await rt.api.registerComponent('upd', jsExample('counter', 'counter'));
  const w = await rt.api.createWorker({ component: 'upd', name: 'u' });
  for (let i = 0; i < 200; i++) await rt.api.invoke(w.id, { function: 'api.add', args: [1] });
  const v2 = await rt.api.registerComponent('upd', GUESTS.counterV2);
  const before = (await rt.api.getWorker(w.id)).oplogLength;
  const update = rt.api.updateWorker(w.id, { version: v2.version }).catch((e: Error) => e);
  // Crash as soon as the pending-update entry is durable, while the history replays on v2.
  await until(
    'the pending update',
    () => rt.api.getWorker(w.id),
    (i) => i.oplogLength > before,
    5000,
  );
  await rt.crash();
  // The caller saw either the runtime die under it (503: retry) or, if the
  // replay was quicker than the kill, the finished update; never a failure.
  const answered = await update;
  if (answered instanceof Error) {
    assert.ok(answered instanceof RuntimeError && answered.status === 503, `unexpected: ${answered.message}`);
    assert.match(answered.message, /the runtime stopped \(SIGKILL\) before answering/);
  } else assert.equal(answered.version, v2.version);
  await rt.whenReady();
  const after = await until(
    'the update',
    () => rt.api.getWorker(w.id),
    (i) => i.version === v2.version,
    20_000,
  );
  assert.equal(after.version, v2.version);
  const updates = kindsOnDisk(w.id).filter((k) => k.endsWith('-update'));
  assert.deepEqual(updates, ['pending-update', 'successful-update'], 'one update, finished once, never failed');
  assert.equal((await rt.api.invoke(w.id, { function: 'api.add', args: [1] })).result, 201);
  assert.equal((await rt.api.invoke(w.id, { function: 'extra.hello' })).result, 'v2');
});

test('SIGKILL of the runtime during a retry backoff: the retry happens after the restart', async () => {
  let hits = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits += 1;
      res.writeHead(hits === 1 ? 503 : 200);
      res.end(hits === 1 ? 'down' : `up after ${hits}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  try {
    const w = await rt.api.createWorker({ component: 'golemtest', name: 'backoff' });
    const { idempotencyKey } = await rt.api.invoke(w.id, { function: F('slow-retries'), args: [url], wait: false });
    const retrying = await until(
      'the backoff',
      () => rt.api.getWorker(w.id),
      (i) => i.status === 'retrying',
    );
    assert.ok(retrying.retry && Date.parse(retrying.retry.at) > Date.now(), 'the next attempt is still ahead');
    const restarts = rt.restarts;
    await rt.crash();
    await rt.whenReady();
    assert.equal(rt.restarts, restarts + 1);
    // Before its time the worker must still be waiting (a slow restart may reach the time: then it may run).
    const asked = Date.now();
    const status = (await rt.api.getWorker(w.id)).status;
    if (asked < Date.parse(retrying.retry!.at)) {
      assert.equal(status, 'retrying', 'the backoff is rebuilt from the oplog');
      assert.equal(hits, 1, 'not retried before its time');
    }
    const out = await rt.api.invoke(w.id, { function: F('slow-retries'), args: [url], idempotencyKey });
    assert.equal(out.result, 'up after 2');
    assert.equal(hits, 2);
  } finally {
    server.close();
  }
});
