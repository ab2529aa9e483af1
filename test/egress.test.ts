// Guests' outgoing HTTP under the egress policy (issue 9): a loopback service
// not on the allow list is refused with a recorded error the guest sees; the
// replay returns that same error from the oplog (even once the policy would
// allow it) without a request; allowing it makes a new call succeed. Also:
// output past PLAYGROUND_MAX_OUTPUT_KB is cut with a recorded note.

process.env.PLAYGROUND_MAX_OUTPUT_KB = '4';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../lib/runtime/engine';
import { engineWithServer, root, threadEntry, LOOPBACK_ALLOWED } from './helpers';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'egress', f), 'utf8');
const F = (fn: string) => `test:fetcher/api.{${fn}}`;
const { t, server } = await engineWithServer(
  async (t) => {
    await t.engine.registerComponent('fetcher', { kind: 'js', source: fixture('fetcher.js'), wit: fixture('fetcher.wit') });
  },
  // The loopback default: public addresses yes, loopback only when listed.
  { egress: { public: true, allow: [] } },
);

const sends = (engine: Engine, id: string) =>
  engine.store
    .slice(id, 1, 10_000)
    .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'playground:http/client.send');

test('names are checked on the address they resolve to; metadata and private ranges are refused', async () => {
  const w = t.engine.createWorker({ component: 'fetcher', name: 'names' });
  const port = server.authority.split(':')[1];
  const byName = (await t.engine.invoke(w.id, { function: F('get'), args: [`http://localhost:${port}/x`] })).result as string;
  assert.match(byName, /^err:HTTP-request-denied: HTTP to localhost:\d+ \((127\.0\.0\.1|::1)\) is refused/);
  const metadata = (await t.engine.invoke(w.id, { function: F('get'), args: ['http://169.254.169.254/latest/meta-data/'] }))
    .result as string;
  assert.match(metadata, /^err:HTTP-request-denied: .*private, link-local or reserved address/);
  const mapped = (await t.engine.invoke(w.id, { function: F('get'), args: [`http://[::ffff:127.0.0.1]:${port}/x`] })).result as string;
  assert.match(mapped, /^err:HTTP-request-denied/);
  assert.equal(server.bodies.length, 0, 'nothing reached the service');
});

test('a guest printing past PLAYGROUND_MAX_OUTPUT_KB is cut with a recorded note, and recovers to the same oplog', async () => {
  const w = t.engine.createWorker({ component: 'fetcher', name: 'loud' });
  assert.equal((await t.engine.invoke(w.id, { function: F('shout'), args: [100] })).result, 100);
  const logs = () => t.engine.store.slice(w.id, 1, 10_000).filter((e) => e.kind === 'log') as { message: string }[];
  const stored = logs().reduce((n, e) => n + Buffer.byteLength(e.message), 0);
  assert.ok(stored < 4 * 1024 + 300, `stored ${stored} bytes of output`);
  assert.match(
    logs().at(-1)!.message,
    /\[output cut: this invocation printed more than 4096 bytes \(PLAYGROUND_MAX_OUTPUT_KB\); the rest is not stored\]/,
  );
  const length = t.engine.store.length(w.id);
  await t.engine.kill(w.id, { recover: true });
  // The next invocation has its own allowance: its 2 KiB are stored in full.
  assert.equal((await t.engine.invoke(w.id, { function: F('shout'), args: [2] })).result, 2);
  assert.notEqual((await t.engine.getWorker(w.id)).status, 'failed');
  const after = t.engine.store.slice(w.id, length + 1, 10_000).filter((e) => e.kind === 'log') as { message: string }[];
  assert.equal(
    after.reduce((n, e) => n + Buffer.byteLength(e.message), 0),
    2048,
  );
});

test('the worker and component limits refuse with 429 and a message saying which setting', async () => {
  const live = t.engine.listWorkers({}).length;
  const limited = new Engine({
    db: t.engine.db,
    dbPath: t.dbPath,
    filesDir: `${t.dbPath}.files`,
    threadEntry,
    spareThreads: 0,
    maxWorkers: live + 1,
    maxComponents: 1,
  });
  try {
    limited.createWorker({ component: 'fetcher', name: 'one-more' });
    assert.throws(
      () => limited.createWorker({ component: 'fetcher', name: 'too-many' }),
      (e: Error & { status?: number }) =>
        e.status === 429 && /already runs \d+ workers, its limit \(PLAYGROUND_MAX_WORKERS\)/.test(e.message),
    );
    assert.throws(() => limited.fork('fetcher/one-more', { name: 'forked' }), /PLAYGROUND_MAX_WORKERS/);
    await assert.rejects(
      async () =>
        limited.registerComponent('second', { kind: 'wat', source: '(module)', wit: 'package a:b;\nworld w { export f: func(); }' }),
      (e: Error & { status?: number }) => e.status === 429 && /PLAYGROUND_MAX_COMPONENTS/.test(e.message),
    );
    assert.equal(t.engine.listWorkers({}).length, live + 1, 'nothing half-created');
  } finally {
    await limited.shutdown();
  }
});

// Last: it ends the test engine and goes on with one that allows loopback.
test('a refused request is a recorded error; replay returns it without a request; allowing the address lets a new call through', async () => {
  const w = t.engine.createWorker({ component: 'fetcher', name: 'w' });
  const url = `http://${server.authority}/hello`;
  const refused = (await t.engine.invoke(w.id, { function: F('get'), args: [url] })).result as string;
  assert.match(
    refused,
    /^err:HTTP-request-denied: HTTP to 127\.0\.0\.1:\d+ \(127\.0\.0\.1\) is refused: it is a loopback address; add it to PLAYGROUND_HTTP_ALLOW/,
  );
  assert.equal(server.bodies.length, 0, 'nothing reached the service');
  assert.equal(sends(t.engine, w.id).length, 1, 'the refusal is in the oplog');
  assert.equal((await t.engine.getWorker(w.id)).status, 'idle', 'the worker goes on');

  // A new engine over the same database whose policy allows loopback: the
  // recorded refusal still replays (memory rebuilt from the oplog), no request.
  await t.engine.shutdown();
  const allowing = new Engine({ db: t.engine.db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry, egress: LOOPBACK_ALLOWED });
  try {
    await allowing.kill(w.id, { recover: true });
    const length = allowing.store.length(w.id);
    assert.equal((await allowing.invoke(w.id, { function: F('last') })).result, refused);
    assert.equal(server.bodies.length, 0, 'the replay made no request');
    assert.equal(sends(allowing, w.id).length, 1);
    assert.ok(allowing.store.length(w.id) > length);
    // Live again, under the allowing policy, the same call goes through.
    assert.equal((await allowing.invoke(w.id, { function: F('get'), args: [url] })).result, 'ok:200:ok#1');
    assert.equal(server.bodies.length, 1);
  } finally {
    await allowing.shutdown();
  }
});
