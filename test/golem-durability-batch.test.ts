// golem:durability's batched remote write, as Golem defines it: a JavaScript
// guest begins a write-remote-batched durable function, sends two requests
// (playground:http/client, each a recorded host call) to a local counting
// service and ends it. Killed (thread terminated) after every oplog index from
// the one before the batch to the end of the invocation:
// - idempotence mode on: a kill inside the open batch (after its
//   begin-remote-write, before its end-remote-write) re-runs the batch on
//   recovery, so each request already sent reaches the service again (at least
//   once); a kill before or after the batch sends each request exactly once;
//   a full replay afterwards sends nothing (the attempt in doubt is hidden).
// - idempotence mode off: a kill inside the open batch leaves the worker
//   `failed`, naming the unfinished remote write, with nothing sent again;
//   outside it the worker completes, each request sent once.
// Also: a single write-remote durable function is bracketed (and fails when
// in doubt) only in idempotence mode off; a batch paused by a suspension (a long sleep inside it) is not in
// doubt when the worker wakes; end-durable-function with forced-commit leaves
// the entries in the store when it returns.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, root, untilValue, type TestEngine } from './helpers';
import type { OplogEntry } from '../lib/oplog/entry';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'durability-batch', f), 'utf8');

const PARTS = ['a', 'b'];
let t: TestEngine;
let server: http.Server;
let base = '';
/** Requests seen per path. */
const seen = new Map<string, number>();

before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const p = req.url ?? '/';
      seen.set(p, (seen.get(p) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`ok ${seen.get(p)}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await t.engine.registerComponent('batch', { kind: 'js', source: fixture('batch.js'), wit: fixture('batch.wit') });
});
after(async () => {
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const log = (id: string): OplogEntry[] => t.engine.store.slice(id, 1);
const sends = (entries: OplogEntry[]) =>
  entries.filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'playground:http/client.send');
const counts = (path: string) => PARTS.map((p) => seen.get(`${path}/${p}`) ?? 0);

/** Where the batch sits in an uninterrupted run's oplog: its begin and end, and each request's entry. */
function layout(entries: OplogEntry[]) {
  const begin = entries.find((e) => e.kind === 'begin-remote-write')!.index;
  const end = entries.find((e) => e.kind === 'end-remote-write' && e.beginIndex === begin)?.index;
  assert.ok(end, 'the batch has its end-remote-write');
  return { begin, end, sent: sends(entries).map((e) => e.index), total: entries.length };
}

async function invoke(id: string, path: string, idempotent: boolean) {
  const urls = PARTS.map((p) => `${base}${path}/${p}`);
  return (await t.engine.invoke(id, { function: 'api.batch', args: [urls, idempotent], idempotencyKey: 'batch' })).result;
}

test('idempotence on: a kill inside the open batch re-runs it (at least once), outside it each request is sent once', async () => {
  const w0 = t.engine.createWorker({ component: 'batch', name: 'on-base' });
  assert.equal(await invoke(w0.id, '/on-base', true), 'ok 1,ok 1');
  const at = layout(log(w0.id));
  assert.equal(at.sent.length, 2);
  assert.ok(at.begin < at.sent[0]! && at.sent[1]! < at.end, 'the requests are inside the batch');

  let reran = 0;
  for (let k = at.begin - 1; k <= at.total; k++) {
    const path = `/on-${k}`;
    const w = t.engine.createWorker({ component: 'batch', name: `on-${k}` });
    t.engine.killAfterIndex(w.id, k);
    await assert.rejects(invoke(w.id, path, true), /killed/, `kill after ${k}`);
    const before = counts(path);
    // Recovery: the retry with the same key finishes the invocation.
    const result = await invoke(w.id, path, true);
    const after = counts(path);
    const inside = k >= at.begin && k < at.end;
    // A request whose entry was committed by the kill had been sent; the rest had not.
    const sentBefore = at.sent.map((s) => (k >= s ? 1 : 0));
    assert.deepEqual(before, sentBefore, `kill after ${k}: what had reached the service`);
    if (inside) {
      // The batch ran again whole: every request is sent once more, those sent before twice in all.
      assert.deepEqual(
        after,
        sentBefore.map((n) => n + 1),
        `kill after ${k} (inside the batch): re-run`,
      );
      if (sentBefore.some((n) => n > 0)) reran += 1;
      assert.ok(
        log(w.id).some((e) => e.kind === 'jump' && e.start === at.begin + 1),
        `kill after ${k}: the attempt in doubt is hidden`,
      );
    } else {
      assert.deepEqual(after, [1, 1], `kill after ${k} (outside the batch): exactly once`);
    }
    assert.equal(result, after.map((n) => `ok ${n}`).join(','), `kill after ${k}: the guest saw the last responses`);
    if (k >= at.sent[0]! && k < at.end) {
      // Where a partial attempt was recorded, a full replay (another kill) sends nothing: the jump hides that attempt.
      await t.engine.kill(w.id);
      assert.equal((await t.engine.invoke(w.id, { function: 'api.ping', args: [] })).result, 'pong');
      assert.deepEqual(counts(path), after, `kill after ${k}: a full replay sent nothing`);
      assert.equal(t.engine.getWorker(w.id).status, 'idle');
    }
    // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
    await t.engine.deleteWorker(w.id, { purge: true });
  }
  assert.equal(reran, at.sent.length, 'kills fell after each request inside the batch');
});

test('idempotence off: a kill inside the open batch fails the worker, naming the unfinished remote write; outside it completes', async () => {
  const w0 = t.engine.createWorker({ component: 'batch', name: 'off-base' });
  assert.equal(await invoke(w0.id, '/off-base', false), 'ok 1,ok 1');
  const at = layout(log(w0.id));

  for (let k = at.begin - 1; k <= at.total; k++) {
    const path = `/off-${k}`;
    const w = t.engine.createWorker({ component: 'batch', name: `off-${k}` });
    t.engine.killAfterIndex(w.id, k);
    await assert.rejects(invoke(w.id, path, false), /killed/, `kill after ${k}`);
    const sentBefore = at.sent.map((s) => (k >= s ? 1 : 0));
    assert.deepEqual(counts(path), sentBefore, `kill after ${k}: what had reached the service`);
    if (k >= at.begin && k < at.end) {
      await assert.rejects(invoke(w.id, path, false), /unfinished remote write \(begun at oplog index \d+/, `kill after ${k}`);
      const info = t.engine.getWorker(w.id);
      assert.equal(info.status, 'failed', `kill after ${k}`);
      assert.match(info.lastError ?? '', new RegExp(`unfinished remote write \\(begun at oplog index ${at.begin} `));
      assert.deepEqual(counts(path), sentBefore, `kill after ${k}: nothing sent again`);
    } else {
      assert.equal(await invoke(w.id, path, false), 'ok 1,ok 1', `kill after ${k}`);
      assert.deepEqual(counts(path), [1, 1], `kill after ${k}: exactly once`);
    }
    // Done with it (a failed worker's thread has already ended; a finished one's goes to the next run).
    await t.engine.deleteWorker(w.id, { purge: true });
  }
});

test('a single write-remote durable function: bracketed and failed when in doubt with idempotence off, not bracketed with it on', async () => {
  const on = t.engine.createWorker({ component: 'batch', name: 'single-on' });
  const r = await t.engine.invoke(on.id, { function: 'api.single', args: [`${base}/single-on`, true] });
  assert.equal(r.result, 'ok 1');
  assert.ok(!log(on.id).some((e) => e.kind === 'begin-remote-write' || e.kind === 'end-remote-write'));

  const off = t.engine.createWorker({ component: 'batch', name: 'single-off' });
  const call = () => t.engine.invoke(off.id, { function: 'api.single', args: [`${base}/single-off`, false], idempotencyKey: 's' });
  // 1 create, 2 invoked, 3 set-idempotence-mode, 4 the durable function's begin-remote-write, 5 the send's own.
  t.engine.killAfterIndex(off.id, 5);
  await assert.rejects(call(), /killed/);
  assert.deepEqual(
    log(off.id)
      .slice(3, 5)
      .map((e) => e.kind),
    ['begin-remote-write', 'begin-remote-write'],
  );
  await assert.rejects(call(), /unfinished remote write \(begun at oplog index 4 /);
  assert.equal(t.engine.getWorker(off.id).status, 'failed');
  assert.equal(seen.get('/single-off') ?? 0, 0, 'never sent');
});

test('a batch paused by a suspension is not in doubt: woken, it goes on (idempotence off, nothing sent twice)', async () => {
  const w = t.engine.createWorker({ component: 'batch', name: 'nap' });
  const args = [`${base}/nap`, 1500];
  const { idempotencyKey } = await t.engine.invoke(w.id, { function: 'api.batch-with-nap', args, wait: false });
  await untilValue(
    'suspension',
    () => t.engine.getWorker(w.id).status,
    (s) => s === 'suspended',
    30_000,
  );
  assert.deepEqual(counts('/nap'), [1, 0]);
  const out = await t.engine.invoke(w.id, { function: 'api.batch-with-nap', args, idempotencyKey });
  assert.equal(out.result, 'ok 1,ok 1');
  assert.deepEqual(counts('/nap'), [1, 1]);
  const kinds = log(w.id).map((e) => e.kind);
  assert.ok(kinds.includes('suspend') && !kinds.includes('jump'), kinds.join(' '));
  assert.equal(kinds.filter((k) => k === 'end-remote-write').length, 3, 'the batch and its two requests ended once each');
});

test('end-durable-function with forced-commit: the entries are in the store when it returns', async () => {
  // Without it, the last local entries would wait in the thread's buffer, and a guest that never
  // yields again never posts them.
  const w = t.engine.createWorker({ component: 'batch', name: 'forced' });
  const running = t.engine.invoke(w.id, { function: 'api.commit-then-spin', args: [] }).catch((e: Error) => e);
  const persisted = () =>
    log(w.id).filter(
      (e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:durability/durability.persist-durable-function-invocation',
    ).length;
  await untilValue('the forced commit', persisted, (n) => n === 5, 10_000);
  await t.engine.kill(w.id);
  assert.match(String(await running), /killed/);
  assert.equal(persisted(), 5, 'the kill lost nothing committed');
});
