// Shared threads after a recovery (issue 13, lib/runtime/pool/hosts.ts): a
// recovered worker goes on to run the invocations queued in its oplog, and
// the runtime counts them as owed from its `recovered` message. A kill that
// lands in between (after `recovered`, before `started`) must not take the
// worker for idle: dropping only its instance while its thread ran it left
// the thread blocked on a host call nobody answered, and the neighbour's
// calls never started.

import { test } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Engine } from '../lib/runtime/engine';
import type { WorkerStatus } from '../lib/runtime/types';
import { makeEngine, root, untilWorker, threadEntry, recordingServer, untilValue, LOOPBACK_ALLOWED } from './helpers';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'egress', f), 'utf8');
const F = (fn: string) => `test:fetcher/api.{${fn}}`;
const opts = { spareThreads: 0, workersPerThread: 4, idleEvictMs: 60_000 };

/** A runtime restarted once w's scheduled invocation is due: it is in w's oplog only, and w's recovery runs it once live. m is in memory. */
async function restartedWithQueued() {
  const server = await recordingServer();
  const t = makeEngine(opts);
  await t.engine.registerComponent('fetcher', { kind: 'js', source: fixture('fetcher.js'), wit: fixture('fetcher.wit') });
  const m = t.engine.createWorker({ component: 'fetcher', name: 'm' }).id;
  const w = t.engine.createWorker({ component: 'fetcher', name: 'w' }).id;
  await t.engine.invoke(m, { function: F('last') });
  await t.engine.invoke(w, { function: F('last') });
  const due = Date.now() + 1500;
  await t.engine.invoke(w, { function: F('get'), args: [`http://${server.authority}/q`], scheduleAt: due });
  await t.engine.shutdown();
  while (Date.now() < due + 200) await new Promise((r) => setTimeout(r, 100));
  const db = new Database(t.dbPath);
  const engine = new Engine({ db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry, ...opts, egress: LOOPBACK_ALLOWED });
  const before = (await engine.invoke(m, { function: F('last') })).result;
  const close = async () => {
    await engine.shutdown();
    db.close();
    await server.close();
  };
  return { engine, m, w, before, close };
}

test('a kill as a recovered worker starts its queued invocation leaves its neighbour a working thread', { timeout: 120_000 }, async () => {
  const { engine, m, w, before, close } = await restartedWithQueued();
  try {
    let killed: Promise<unknown> | undefined;
    engine.onEvent((e) => {
      // Between w's `recovered` and its `started`.
      if (e.type === 'recovery' && e.phase === 'done' && e.workerId === w && !killed) killed = engine.kill(w);
    });
    void engine.recoverAll();
    await untilValue('the kill', () => killed !== undefined, Boolean, 20_000);
    await killed;
    assert.equal(engine.sharing().joined, 1, 'w was placed beside m');
    assert.equal(engine.getWorker(w).status, 'interrupted');
    // On a wedged thread this call would never be answered (the test's time limit would fail it).
    assert.equal((await engine.invoke(m, { function: F('last') })).result, before);
  } finally {
    await close();
  }
});

test('a recovered worker with a queued invocation is not shown idle before it runs it', { timeout: 120_000 }, async () => {
  const { engine, w, close } = await restartedWithQueued();
  try {
    const statuses: WorkerStatus[] = [];
    let recovered = false;
    engine.onEvent((e) => {
      if (e.type === 'recovery' && e.phase === 'done' && e.workerId === w) recovered = true;
      else if (recovered && e.type === 'status' && e.workerId === w) statuses.push(e.status);
    });
    void engine.recoverAll();
    await untilValue(
      'the queued invocation answered',
      () => engine.getWorker(w),
      (i) => i.status === 'idle' && statuses.length > 0,
      30_000,
    );
    assert.equal(statuses.indexOf('idle'), statuses.length - 1, `idle only once it has run (${statuses.join(' → ')})`);
  } finally {
    await close();
  }
});

test(
  'a worker dropped while its thread runs it (taken for idle) unwinds at its next host call: the thread comes back',
  { timeout: 120_000 },
  async () => {
    // A server that answers only when told: w's call is then blocked in a host call.
    let answer: (() => void) | undefined;
    const server = http.createServer((req, res) => {
      req.resume();
      answer = () => res.end('late');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const t = makeEngine(opts);
    try {
      const { engine } = t;
      await engine.registerComponent('fetcher', { kind: 'js', source: fixture('fetcher.js'), wit: fixture('fetcher.wit') });
      const m = engine.createWorker({ component: 'fetcher', name: 'm' }).id;
      const w = engine.createWorker({ component: 'fetcher', name: 'w' }).id;
      const before = (await engine.invoke(m, { function: F('last') })).result;
      await engine.invoke(w, { function: F('last') });
      assert.equal(engine.sharing().joined, 1, 'w was placed beside m');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
      void engine.invoke(w, { function: F('get'), args: [url] }).catch(() => {});
      await untilWorker(t, 'w running its call', w, (i) => i.status === 'running', 20_000);
      const release = await untilValue(
        'the request held',
        () => answer,
        (a) => a !== undefined,
        20_000,
      );
      engine.dropAsIfIdle(w);
      release!();
      // Had the answer been held back from the dropped run, the thread would wait for it forever and this call never start.
      assert.equal((await engine.invoke(m, { function: F('last') })).result, before);
      assert.equal(await engine.heldOnThread(m), 1, "the thread let go of w's instance");
    } finally {
      await t.close();
      await new Promise((r) => server.close(r));
    }
  },
);
