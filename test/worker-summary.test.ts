// Each worker's summary row (what listing and recovery read) against the
// history view over its whole oplog, through the engine's own paths:
// invocations, queued work, a thread killed mid-invocation (terminated at a
// commit point), a kill while suspended, a revert, a fork, an update, a
// deletion and a purge, an import; then a fresh engine over the file lists
// and recovers the same. Last, the runtime process is SIGKILLed while many
// workers write: the row and the oplog are written in one transaction, so in
// a snapshot taken right after the kill, and after the restart's recovery,
// every row still equals its oplog.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { GUESTS, makeEngine, root, jsExample, untilValue, untilWorker, threadEntry, type TestEngine } from './helpers';
import { openDatabase } from '../lib/testing/harness';
import { referenceSummary, storedSummary } from '../lib/testing/summary-reference';
import { Engine } from '../lib/runtime/engine';
import { OplogStore } from '../lib/store/oplog-store';
import { exportWorker, importWorker } from '../lib/runtime/share';
import { RuntimeClient, RuntimeError } from '../lib/runtime/client';
import type { WorkerSummary } from '../lib/oplog/summary';
import { SUMMARY_UNSETTLED } from '../lib/store/summary-store';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const F = (fn: string) => `test:golem/api.{${fn}}`;
const norm = (s: WorkerSummary | undefined) => (s ? JSON.parse(JSON.stringify(s)) : s);

let t: TestEngine;
before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  await t.engine.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
});
after(() => t.close());

/** Every worker's stored row equals the history view's answer over its committed oplog. */
function checkAll(db: BetterSqlite3.Database, store: OplogStore, what: string): number {
  const ids = db.prepare('SELECT id FROM "Worker"').pluck().all() as string[];
  for (const id of ids) assert.deepEqual(norm(storedSummary(db, store, id)), norm(referenceSummary(store, id)), `${id} ${what}`);
  return ids.length;
}
/** What is committed: the rows and the entries are read from the file alike. */
const check = (what: string) => checkAll(t.db, t.engine.store, what);
const add = (id: string, n = 1, key?: string) =>
  t.engine.invoke(id, { function: 'api.add', args: [n], ...(key ? { idempotencyKey: key } : {}) });

test(
  'the summary row equals the history view after each engine path, and a fresh engine lists and recovers from it',
  { timeout: 60_000 },
  async () => {
    const e = t.engine;
    const done = e.createWorker({ component: 'counter', name: 'done' });
    await add(done.id, 1);
    await add(done.id, 2);
    check('after invocations');

    // Queued work: several enqueued at once, run one at a time.
    const q = e.createWorker({ component: 'counter', name: 'queued' });
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => e.invoke(q.id, { function: 'api.add', args: [1], idempotencyKey: `q${i}`, wait: false })),
    );
    check('with queued work');
    await untilWorker(t, 'the queue to drain', q.id, (w) => w.pendingInvocations === 0 && w.status === 'idle', 20_000);
    check('after the queue drained');

    // A thread terminated at a commit point inside an invocation (the committer stops writing there).
    const killed = e.createWorker({ component: 'counter', name: 'killed' });
    await add(killed.id, 1);
    e.killAfterIndex(killed.id, e.store.length(killed.id) + 1);
    await add(killed.id, 5).catch(() => {});
    check('after a thread terminated mid-invocation');
    await add(killed.id, 1); // recovers by replay, finishes
    check('after its recovery');

    // Killed while suspended: interrupted, and it keeps its wake-up.
    const sleeper = e.createWorker({ component: 'golemtest', name: 'sleeper' });
    const nap = e.invoke(sleeper.id, { function: F('nap'), args: [60_000], idempotencyKey: 'nap' }).catch(() => {});
    await untilWorker(t, 'suspension', sleeper.id, (w) => w.status === 'suspended', 20_000);
    check('suspended');
    const k = await e.kill(sleeper.id);
    await nap;
    assert.equal(k.status, 'interrupted');
    assert.ok(k.suspendedUntil, 'the kill keeps the wake-up');
    check('killed while suspended');
    assert.ok(e.store.summaries.get(sleeper.id).interruptedWait?.until);

    // Slept (suspended, woken by its timer) and finished: no fact of the sleep is left, so recovery skips it.
    const napped = e.createWorker({ component: 'golemtest', name: 'napped' });
    await e.invoke(napped.id, { function: F('nap'), args: [1_200], idempotencyKey: 'nap' });
    assert.ok(
      e.store.slice(napped.id, 1).some((x) => x.kind === 'suspend'),
      'the nap suspended the worker',
    );
    check('after a sleep woke and finished');
    assert.equal(e.store.summaries.get(napped.id).suspend, undefined);

    // Killed while suspended, resumed, then reverted into the middle of a later invocation: interrupted again, by
    // the revert this time, which the runtime does not bring back; the old interrupt's wake-up is not a fact any more.
    const rewound = e.createWorker({ component: 'golemtest', name: 'rewound' });
    const nap2 = e.invoke(rewound.id, { function: F('nap'), args: [1_500], idempotencyKey: 'nap' }).catch(() => {});
    await untilWorker(t, 'suspension', rewound.id, (w) => w.status === 'suspended', 20_000);
    await e.kill(rewound.id);
    await nap2;
    await e.resume(rewound.id);
    await untilWorker(t, 'the resumed nap to finish', rewound.id, (w) => w.status === 'idle', 20_000);
    await e.invoke(rewound.id, { function: F('count'), args: [], idempotencyKey: 'c1' });
    const started = e.store
      .slice(rewound.id, 1)
      .filter((x) => x.kind === 'exported-function-invoked')
      .at(-1)!;
    await e.revert(rewound.id, { toIndex: started.index });
    assert.equal(e.getWorker(rewound.id).status, 'interrupted');
    check('after a revert into an invocation');

    // Revert, fork, update.
    const reverted = e.createWorker({ component: 'counter', name: 'reverted' });
    await add(reverted.id, 1);
    await add(reverted.id, 2);
    await e.revert(reverted.id, { lastInvocations: 1 });
    check('after a revert');
    e.fork(done.id, { name: 'forked', atIndex: 3 });
    check('after a fork');
    assert.equal(e.store.summaries.get('counter/forked').length, 3);
    const upd = e.createWorker({ component: 'counter', name: 'updated' });
    await add(upd.id, 3);
    const v2 = await e.registerComponent('counter', GUESTS.counterV2);
    await e.updateWorker(upd.id, { version: v2.version });
    check('after an update');

    // Plain worker, deletion, purge.
    const plain = e.createWorker({ component: 'counter', name: 'plain', durable: false });
    await add(plain.id, 1);
    const gone = e.createWorker({ component: 'counter', name: 'gone' });
    await add(gone.id, 1);
    await e.deleteWorker(gone.id);
    check('after a deletion');
    await e.deleteWorker(gone.id, { purge: true });
    assert.equal(t.db.prepare('SELECT COUNT(*) FROM "WorkerSummary" WHERE workerId = ?').pluck().get(gone.id), 0, 'a purge drops the row');

    // Import (issue 12): the imported history gets its summary with it.
    const file = JSON.parse(JSON.stringify(await exportWorker(e, killed.id)));
    const imported = await importWorker(e, file, { name: 'imported' });
    check('after an import');
    assert.equal(e.store.summaries.get(imported.id).length, e.store.length(killed.id));
    const n = check('at the end');

    // A fresh engine over the file: its listing, read from the rows, equals each worker read on its own.
    await e.shutdown();
    const db = openDatabase(t.dbPath);
    const fresh = new Engine({ db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry, spareThreads: 0 });
    try {
      const listed = fresh.listWorkers();
      assert.equal(listed.length, n);
      const byName = new Map(listed.map((w) => [w.name, w]));
      assert.equal(byName.get('sleeper')?.status, 'interrupted');
      assert.equal(byName.get('plain')?.durable, false);
      assert.equal(byName.get('forked')?.oplogLength, 3);
      assert.equal(byName.get('queued')?.pendingInvocations, 0);
      const other = new Engine({ db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry, spareThreads: 0 });
      // The other engine has no row to start from: every summary is dropped and rebuilt from the oplog.
      db.prepare('DELETE FROM "WorkerSummary"').run();
      assert.deepEqual(
        listed.map((w) => w.id).map((id) => other.getWorker(id)),
        listed,
        'rebuilt from the oplog, the same facts',
      );
      await other.shutdown();
      checkAll(db, fresh.store, 'after the rebuild');
      // Recovery reads only the rows that leave it something to do: the sleeper killed while suspended.
      const unsettled = db.prepare(`SELECT workerId FROM "WorkerSummary" s WHERE ${SUMMARY_UNSETTLED}`).pluck().all();
      assert.deepEqual(unsettled, ['golemtest/sleeper']);
      // Recovery wakes the sleeper at its deadline (a timer, from the row) and resumes no idle one.
      assert.deepEqual(await fresh.recoverAll(), []);
    } finally {
      await fresh.shutdown();
      db.close();
    }
  },
);

test(
  'SIGKILL of the runtime while many workers write: every row equals its oplog right after, and after the restart',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dp-summary-crash-'));
    const dbFile = path.join(dir, 'crash.db');
    const rt = new RuntimeClient(path.join(root, '.runtime', 'runtime.mjs'), { ...process.env, DATABASE_URL: `file:${dbFile}` });
    let stopped = false;
    try {
      await rt.api.registerComponent('counter', jsExample('counter', 'counter'));
      const ids = (
        await Promise.all(Array.from({ length: 6 }, (_, i) => rt.api.createWorker({ component: 'counter', name: `w${i}` })))
      ).map((w) => w.id);
      let stop = false;
      let answered = 0;
      let failure: unknown;
      const callers = ids.map(async (id) => {
        for (let i = 0; !stop; i++) {
          // Enqueued (pending entries) and awaited calls (invoked, completed) interleave.
          await rt.api
            .invoke(id, { function: 'api.add', args: [1], idempotencyKey: `${id}#${i}`, wait: i % 3 !== 0 })
            .then(() => answered++)
            .catch((e: unknown) => {
              // Only the kill may fail a call; anything else ends the test (not a loop of instant failures).
              if (!(e instanceof RuntimeError && e.status === 503)) {
                stop = true;
                failure ??= e;
              }
            });
        }
      });
      try {
        await untilValue('60 answers', () => answered >= 60 || failure !== undefined, Boolean, 60_000, 5);
      } finally {
        // The callers end with the test, whatever it met: a loop left calling keeps the file's process alive.
        if (failure !== undefined || answered < 60) stop = true;
      }
      assert.equal(failure, undefined);
      const db = new BetterSqlite3(dbFile, { readonly: true });
      const store = new OplogStore(db);
      // Checked as the runtime's exit is seen, before the new one is started: the file as the kill left it.
      let atKill = 0;
      const off = rt.onEvent((ev) => {
        if (ev.type === 'runtime' && ev.phase === 'crashed') atKill = checkAll(db, store, 'right after the SIGKILL');
      });
      await rt.crash();
      off();
      assert.equal(atKill, ids.length, 'checked at the kill');
      stop = true;
      await Promise.all(callers);
      await rt.whenReady();
      await rt.stop();
      stopped = true;
      assert.equal(checkAll(db, store, 'after the restart and its recovery'), ids.length);
      db.close();
    } finally {
      // Once only: a second stop of a runtime ended by SIGTERM waits for an exit that already happened.
      if (!stopped) await rt.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
