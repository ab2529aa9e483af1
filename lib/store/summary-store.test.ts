// The summary row OplogStore keeps beside each worker's oplog must equal
// what the history view says of the whole log (History over every entry),
// after every write: appends in batches of any size (alone or grouped with
// other workers'), interruptions, failures, retries, suspends, queued,
// scheduled and cancelled work, jumps, reverts, updates, forks (copied
// prefixes), imports (recorded entries), deletions, entries written behind the
// store's back, and rows of an older format. Named shapes first, then many
// random histories (seeded, so a failure repeats).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, migrationsDir } from './migrate';
import { OplogStore } from './oplog-store';
import type { OplogEntryBody } from '../oplog/entry';
import { KILLED_SUSPENDED, type WorkerSummary } from '../oplog/summary';
import { referenceSummary as reference, storedSummary } from '../testing/summary-reference';
import { createEntry as create, invoked, completed, queued } from '../testing/entries';

function open() {
  const db = new BetterSqlite3(':memory:');
  migrate(db);
  return { db, store: new OplogStore(db) };
}

const stored = (db: BetterSqlite3.Database, store: OplogStore, id: string) => storedSummary(db, store, id);
const norm = (s: WorkerSummary | undefined) => (s ? JSON.parse(JSON.stringify(s)) : s);
function check(db: BetterSqlite3.Database, store: OplogStore, id: string, what: string) {
  assert.deepEqual(norm(stored(db, store, id)), norm(reference(store, id)), `${id}: ${what}`);
}

const hostCall: OplogEntryBody = {
  kind: 'imported-function-invoked',
  functionName: 'wasi:clocks/wall-clock.now',
  request: null,
  response: 1,
  durability: 'read-local',
};

test('named shapes: the stored summary equals the history view after each batch', () => {
  const { db, store } = open();
  const shapes: Record<string, OplogEntryBody[][]> = {
    fresh: [[create('fresh')]],
    plain: [[create('plain', false)], [invoked('a')], [completed('a')]],
    done: [
      [create('done'), invoked('a'), hostCall],
      [hostCall, completed('a')],
      [invoked('b'), hostCall, completed('b')],
    ],
    running: [[create('running')], [invoked('a')], [hostCall, hostCall]],
    killed: [[create('killed')], [invoked('a'), hostCall], [{ kind: 'interrupted', reason: 'killed by request' }]],
    failed: [[create('failed')], [invoked('a')], [{ kind: 'error', error: 'boom', idempotencyKey: 'a' }]],
    // The same status with nothing else changed but its error: more than the length must be written.
    'failed-again': [
      [create('failed-again')],
      [invoked('a')],
      [{ kind: 'error', error: 'first', idempotencyKey: 'a' }],
      [{ kind: 'error', error: 'second', idempotencyKey: 'a' }],
    ],
    retrying: [[create('retrying')], [invoked('a')], [{ kind: 'error', error: 'boom', idempotencyKey: 'a', attempt: 1, retryAt: 9e12 }]],
    exited: [[create('exited')], [invoked('a'), { kind: 'exited', code: 3, idempotencyKey: 'a' }]],
    sleeping: [[create('sleeping')], [invoked('a')], [{ kind: 'suspend', until: 9e12 }]],
    awaiting: [[create('awaiting')], [invoked('a'), { kind: 'suspend', promise: 7 }]],
    'killed-asleep': [
      [create('killed-asleep'), invoked('a')],
      [{ kind: 'suspend', until: 9e12 }],
      [{ kind: 'interrupted', reason: KILLED_SUSPENDED }],
    ],
    queued: [[create('queued')], [queued('q1'), queued('q2')], [invoked('q1')], [completed('q1')]],
    requeued: [[create('requeued')], [queued('k1'), queued('k2')], [queued('k1')]],
    scheduled: [
      [create('scheduled')],
      [queued('s1', 9e12), queued('s2', 1)],
      [{ kind: 'cancel-pending-invocation', idempotencyKey: 's2' }],
    ],
    reverted: [
      [create('reverted'), invoked('a'), completed('a')],
      [invoked('b'), { kind: 'error', error: 'x' }],
      [{ kind: 'revert', start: 4, end: 5 }],
    ],
    'revert-queue': [[create('revert-queue'), queued('q')], [invoked('q')], [{ kind: 'revert', start: 3, end: 3 }]],
    'jump-queue': [[create('jump-queue'), queued('q'), invoked('q'), hostCall], [{ kind: 'jump', start: 3, end: 4 }]],
    updating: [[create('updating')], [{ kind: 'pending-update', targetVersion: 2, mode: 'automatic' }]],
    updated: [
      [create('updated'), { kind: 'pending-update', targetVersion: 2, mode: 'automatic' }],
      [{ kind: 'successful-update', targetVersion: 2, fromVersion: 1, mode: 'automatic' }],
    ],
    'update-failed': [
      [create('update-failed'), { kind: 'pending-update', targetVersion: 2, mode: 'automatic' }],
      [{ kind: 'failed-update', targetVersion: 2, details: 'no' }],
      [{ kind: 'pending-update', targetVersion: 3, mode: 'snapshot-based' }],
    ],
  };
  const statuses = new Set<string>();
  for (const [name, batches] of Object.entries(shapes)) {
    for (const [i, bodies] of batches.entries()) {
      store.append(`c/${name}`, bodies);
      check(db, store, `c/${name}`, `after batch ${i + 1}`);
    }
    statuses.add(store.summaries.get(`c/${name}`).status);
  }
  for (const s of ['idle', 'running', 'interrupted', 'failed', 'retrying', 'exited', 'suspended']) assert.ok(statuses.has(s), s);
  assert.equal(store.summaries.get('c/plain').plain, true);
  assert.deepEqual(store.summaries.get('c/killed-asleep').interruptedWait, { until: 9e12 });
  assert.equal(store.summaries.get('c/queued').pending, 1);
  assert.deepEqual(
    store.summaries.get('c/requeued').queue.map((q) => q.key),
    ['k1', 'k2', 'k1'],
    'the queue in oplog order',
  );
  assert.deepEqual(store.summaries.get('c/scheduled').queue, [{ key: 's1', index: 2, at: 9e12 }]);
  assert.equal(store.summaries.get('c/revert-queue').pending, 0, 'a reverted start does not put the invocation back in the queue (Golem)');
  assert.equal(store.summaries.get('c/jump-queue').pending, 1, 'a jump hides the start but keeps the queued entry: queued again');
  assert.equal(store.summaries.get('c/reverted').status, 'idle');
  assert.deepEqual(store.summaries.get('c/update-failed').update, { targetVersion: 3, mode: 'snapshot-based' });

  // Fork (a copied prefix, cut mid-invocation), import (recorded entries), deletion.
  db.transaction(() => store.copyPrefix('c/done', 'c/fork-mid', 3, 'fork-mid'))();
  check(db, store, 'c/fork-mid', 'a fork');
  assert.equal(store.summaries.get('c/fork-mid').status, 'running');
  db.transaction(() => store.insertRecorded('c/imported', store.slice('c/killed-asleep', 1)))();
  check(db, store, 'c/imported', 'an import');
  store.append('c/imported', [invoked('z')]);
  check(db, store, 'c/imported', 'an append after an import');
  store.deleteWorker('c/done');
  assert.equal(stored(db, store, 'c/done'), undefined, 'a purged worker has no summary');

  // Written behind the store's back: the next append notices and derives the summary whole.
  db.prepare(
    `INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey) VALUES ('c/fresh', 2, 'exported-function-invoked', 0, '{"functionName":"f","args":[],"idempotencyKey":"k"}', 'k')`,
  ).run();
  store.append('c/fresh', [hostCall]);
  check(db, store, 'c/fresh', 'an append after an entry written behind the store');
  // An older format is rebuilt when read; so is a missing row. Read by a store that has not written them
  // (a runtime started over an older database): the one that wrote them keeps their rows in memory.
  db.prepare('UPDATE "WorkerSummary" SET v = 0, status = \'exited\' WHERE workerId = ?').run('c/running');
  db.prepare('DELETE FROM "WorkerSummary" WHERE workerId = ?').run('c/failed');
  db.prepare(
    `INSERT INTO "Worker" (id, componentName, name, version, env, args, createdAt) VALUES ('c/running', 'c', 'running', 1, '[]', '[]', 0), ('c/failed', 'c', 'failed', 1, '[]', '[]', 0)`,
  ).run();
  const restarted = new OplogStore(db);
  assert.deepEqual(restarted.summaries.staleIds().sort(), ['c/failed', 'c/running']);
  assert.deepEqual(norm(restarted.summaries.get('c/running')), norm(reference(store, 'c/running')));
  assert.deepEqual(norm(restarted.summaries.get('c/failed')), norm(reference(store, 'c/failed')));
  assert.deepEqual(restarted.summaries.staleIds(), []);
});

/** mulberry32: a small seeded generator, so a failing history can be run again. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random histories: after every batch, alone or grouped, fork and import, the stored summary equals the history view', () => {
  const { db, store } = open();
  const r = rng(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const keys = ['a', 'b', 'c', 'd'];
  const WORKERS = 120;
  const lengths = new Map<string, number>();
  const body = (id: string): OplogEntryBody => {
    const len = lengths.get(id) ?? 1;
    const range = () => {
      const start = 2 + Math.floor(r() * Math.max(1, len - 1));
      return { start, end: Math.min(len, start + Math.floor(r() * 4)) };
    };
    const x = r();
    if (x < 0.2) return hostCall;
    if (x < 0.3) return invoked(pick(keys));
    if (x < 0.38) return completed(pick(keys));
    if (x < 0.46) return queued(pick(keys) + Math.floor(r() * 3), r() < 0.4 ? pick([1, 9e12, 9e12 + 1]) : undefined);
    if (x < 0.5) return { kind: 'cancel-pending-invocation', idempotencyKey: pick(keys) + Math.floor(r() * 3) };
    if (x < 0.56)
      return r() < 0.5
        ? { kind: 'error', error: `e${len}`, idempotencyKey: pick(keys), attempt: 1 + Math.floor(r() * 3), retryAt: 9e12, maxAttempts: 3 }
        : { kind: 'error', error: `e${len}` };
    if (x < 0.62) return { kind: 'suspend', ...(r() < 0.5 ? { until: 9e12 + len } : r() < 0.8 ? { promise: len } : {}) };
    if (x < 0.68) return { kind: 'interrupted', reason: r() < 0.5 ? KILLED_SUSPENDED : 'killed by request' };
    if (x < 0.7) return { kind: 'exited', code: 1 };
    if (x < 0.76) return { kind: 'revert', ...range() };
    if (x < 0.8) return { kind: 'jump', ...range() };
    if (x < 0.83)
      return { kind: 'pending-update', targetVersion: 2 + Math.floor(r() * 3), mode: pick(['automatic', 'snapshot-based'] as const) };
    if (x < 0.86)
      return r() < 0.5
        ? { kind: 'successful-update', targetVersion: 2, fromVersion: 1, mode: 'automatic' }
        : { kind: 'failed-update', targetVersion: 2, details: 'no' };
    if (x < 0.9) return { kind: 'begin-atomic-region' };
    return { kind: 'log', stream: 'stdout', message: 'hi' };
  };
  const ids = Array.from({ length: WORKERS }, (_, i) => `c/w${i}`);
  for (const id of ids) {
    store.append(id, [create(id.slice(2), r() < 0.2 ? false : undefined)]);
    check(db, store, id, 'created');
  }
  let checks = 0;
  for (let round = 0; round < 40; round++) {
    // A group commit: several workers' batches in one transaction, some workers more than once.
    const batches = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
      const workerId = pick(ids);
      const bodies = Array.from({ length: Math.floor(r() * 5) }, () => body(workerId));
      lengths.set(workerId, (lengths.get(workerId) ?? 1) + bodies.length);
      return { workerId, bodies };
    });
    if (r() < 0.3 && batches[0]) store.append(batches[0].workerId, batches[0].bodies);
    else store.appendMany(batches);
    for (const b of batches) {
      check(db, store, b.workerId, `round ${round}`);
      checks++;
    }
  }
  // Forks at every kind of cut, and imports of whole histories.
  for (let i = 0; i < 30; i++) {
    const from = pick(ids);
    const at = 1 + Math.floor(r() * store.length(from));
    db.transaction(() => store.copyPrefix(from, `c/fork${i}`, at, `fork${i}`))();
    check(db, store, `c/fork${i}`, `fork of ${from} at ${at}`);
    db.transaction(() => store.insertRecorded(`c/import${i}`, store.slice(from, 1)))();
    check(db, store, `c/import${i}`, `import of ${from}`);
  }
  // Every status and fact shape came up.
  const all = ids.map((id) => store.summaries.get(id));
  for (const s of ['idle', 'running', 'interrupted', 'failed', 'retrying', 'exited', 'suspended'])
    assert.ok(
      all.some((x) => x.status === s),
      s,
    );
  assert.ok(
    all.some((x) => x.pending > 1) &&
      all.some((x) => x.queue.some((q) => q.at)) &&
      all.some((x) => x.interruptedWait) &&
      all.some((x) => x.update),
  );
  assert.ok(checks > 100);
});

test('a database from before the summaries: the migration adds the table, and every worker is derived from its oplog', () => {
  const older = mkdtempSync(path.join(tmpdir(), 'dp-summary-migrations-'));
  try {
    const all = readdirSync(migrationsDir(), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const summary = all.findIndex((n) => n.endsWith('_worker_summary'));
    for (const n of all.slice(0, summary)) cpSync(path.join(migrationsDir(), n), path.join(older, n), { recursive: true });
    const db = new BetterSqlite3(':memory:');
    migrate(db, { migrationsDir: older });
    // Rows as the previous version wrote them: no summary anywhere.
    const ins = db.prepare('INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey) VALUES (?, ?, ?, 0, ?, ?)');
    const histories: Record<string, OplogEntryBody[]> = {
      'c/idle': [create('idle'), invoked('a'), hostCall, completed('a')],
      'c/asleep': [create('asleep'), queued('q', 9e12), invoked('a'), { kind: 'suspend', until: 9e12 }],
      'c/plain': [create('plain', false)],
    };
    for (const [id, bodies] of Object.entries(histories)) {
      db.prepare(`INSERT INTO "Worker" (id, componentName, name, version, env, args, createdAt) VALUES (?, 'c', ?, 1, '[]', '[]', 0)`).run(
        id,
        id.slice(2),
      );
      for (const [i, b] of bodies.entries()) {
        const { kind, ...rest } = b;
        ins.run(id, i + 1, kind, JSON.stringify(rest), 'idempotencyKey' in b ? b.idempotencyKey : null);
      }
    }
    assert.deepEqual(migrate(db), all.slice(summary));
    const store = new OplogStore(db);
    assert.deepEqual(store.summaries.staleIds().sort(), Object.keys(histories).sort());
    for (const id of Object.keys(histories)) assert.deepEqual(norm(store.summaries.get(id)), norm(reference(store, id)), id);
    assert.deepEqual(store.summaries.staleIds(), []);
    assert.equal(store.summaries.get('c/asleep').status, 'suspended');
    assert.equal(store.summaries.get('c/asleep').pending, 1);
    assert.equal(store.summaries.get('c/plain').plain, true);
  } finally {
    rmSync(older, { recursive: true, force: true });
  }
});

test('a write that rolls back leaves no summary in memory ahead of its row', () => {
  const { db, store } = open();
  store.append('c/a', [create('a'), invoked('k1'), completed('k1')]);
  store.append('c/b', [create('b')]);
  check(db, store, 'c/a', 'before');
  // A group commit whose second batch cannot be written (a BigInt has no JSON): the first worker's fold is undone too.
  const unwritable = { kind: 'log', level: 'info', context: '', message: 10n } as unknown as OplogEntryBody;
  assert.throws(() =>
    store.appendMany([
      { workerId: 'c/a', bodies: [invoked('k2')] },
      { workerId: 'c/b', bodies: [unwritable] },
    ]),
  );
  assert.equal(store.length('c/a'), 3);
  check(db, store, 'c/a', 'after a group commit that rolled back');
  // An append inside a caller's transaction that then rolls back.
  assert.throws(() =>
    db.transaction(() => {
      store.append('c/a', [invoked('k3')]);
      throw new Error('the caller gives up');
    })(),
  );
  check(db, store, 'c/a', "after a caller's transaction rolled back");
  // Both are folded from the row again: the next appends still agree with the history.
  store.append('c/a', [invoked('k4')]);
  check(db, store, 'c/a', 'an append after the rollbacks');
  store.appendMany([{ workerId: 'c/a', bodies: [completed('k4')] }]);
  check(db, store, 'c/a', 'a group commit after the rollbacks');
});
