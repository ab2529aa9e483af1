// The listing over a few hundred workers of mixed statuses (idle, scheduled
// work, suspended, interrupted by a kill while suspended, failed, plain,
// deleted): every way it is read (the whole list, pages, the JSON text the
// runtime sends GET /api/workers) gives each worker as reading it on its own
// does, with the status the history view tells from its whole oplog. Then a
// fresh engine over the file: recovery reads only the workers it has work
// for, yet the listing is the same as one derived from the oplogs alone, and
// an invocation scheduled before the restart still runs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GUESTS, makeEngine, root, jsExample, untilWorker, threadEntry, type TestEngine } from './helpers';
import { openDatabase } from '../lib/testing/harness';
import { referenceSummary } from '../lib/testing/summary-reference';
import { Engine } from '../lib/runtime/engine';
import type { WorkerInfo } from '../lib/runtime/types';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');

let t: TestEngine;
before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  await t.engine.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
  await t.engine.registerComponent('boom', GUESTS.boom);
});
after(() => t.close());

/** Every page of 37, in order. */
function paged(e: Engine, filter: { deleted?: boolean }): WorkerInfo[] {
  const out: WorkerInfo[] = [];
  for (let after: string | undefined; ;) {
    const p = e.listWorkersPage({ ...filter, limit: 37, after });
    out.push(...p.workers);
    if (!p.next) return out;
    after = p.next;
  }
}

/** The listing read every way, each equal to the workers read one by one. */
async function checkListing(e: Engine, what: string, skip?: string): Promise<WorkerInfo[]> {
  const but = (ws: WorkerInfo[]) => ws.filter((w) => w.id !== skip);
  const live = but(e.listWorkers());
  const deleted = e.listWorkers({ deleted: true });
  for (const [list, filter] of [
    [live, {}],
    [deleted, { deleted: true }],
  ] as const) {
    assert.deepEqual(
      list,
      list.map((w) => e.getWorker(w.id)),
      `${what}: listed as read one by one`,
    );
    assert.deepEqual(but(paged(e, filter)), list, `${what}: pages`);
    assert.deepEqual(
      but(JSON.parse(await e.listWorkersJson(filter)) as WorkerInfo[]),
      JSON.parse(JSON.stringify(list)),
      `${what}: the JSON text`,
    );
    for (const w of list) assert.equal(w.status, referenceSummary(e.store, w.id)?.status, `${what}: ${w.id}'s status from its oplog`);
  }
  return live;
}

test('listing a few hundred workers of mixed statuses equals reading each, before and after a restart', { timeout: 120_000 }, async () => {
  const e = t.engine;
  const later = Date.now() + 3_600_000;
  for (let i = 0; i < 300; i++) {
    const w = e.createWorker({ component: 'counter', name: `w${i}`, ...(i % 50 === 7 ? { durable: false } : {}) });
    // Every fifth has an invocation scheduled an hour ahead: pending, not started.
    if (i % 5 === 0 && i % 50 !== 7)
      await e.invoke(w.id, { function: 'api.add', args: [1], idempotencyKey: `later-${i}`, wait: false, scheduleAt: later });
  }
  for (let i = 1; i < 300; i += 10) await e.deleteWorker(`counter/w${i}`);
  const boom = e.createWorker({ component: 'boom', name: 'b' });
  await assert.rejects(e.invoke(boom.id, { function: 'boom' }), /no/);
  for (const name of ['sleeper', 'killed']) {
    const w = e.createWorker({ component: 'golemtest', name });
    void e.invoke(w.id, { function: 'test:golem/api.{nap}', args: [3_600_000], idempotencyKey: 'nap' }).catch(() => {});
    await untilWorker(t, 'suspension', w.id, (x) => x.status === 'suspended', 20_000);
  }
  await e.kill('golemtest/killed');
  const live = await checkListing(e, 'live engine');
  const statuses = new Map(live.map((w) => [w.id, w.status]));
  assert.equal(live.length, 300 - 30 + 3);
  assert.equal(e.listWorkers({ deleted: true }).length, 30);
  assert.equal(statuses.get('golemtest/sleeper'), 'suspended');
  assert.equal(statuses.get('golemtest/killed'), 'interrupted');
  assert.equal(statuses.get(boom.id), 'failed');
  assert.equal(live.filter((w) => w.durable === false).length, 6);
  assert.equal(live.filter((w) => w.pendingInvocations === 1).length, 300 / 5);

  // Due in a moment: the restart below must still run it (left out of the listings after the restart: it may run meanwhile).
  const soon = e.createWorker({ component: 'counter', name: 'soon' });
  await e.invoke(soon.id, { function: 'api.add', args: [5], idempotencyKey: 'soon', wait: false, scheduleAt: Date.now() + 1500 });
  // The naps stay suspended in the oplog: their callers are not awaited past the shutdown.
  await e.shutdown();
  const db = openDatabase(t.dbPath);
  const fresh = new Engine({ db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry, spareThreads: 0 });
  try {
    // Nothing to resume but the scheduled one, if its time came during the restart.
    assert.deepEqual(
      (await fresh.recoverAll()).filter((id) => id !== soon.id),
      [],
    );
    const after = await checkListing(fresh, 'after a restart', soon.id);
    assert.deepEqual(
      after.map((w) => [w.id, w.status]),
      live.map((w) => [w.id, w.status]),
      'the same workers with the same statuses',
    );
    // Derived from the oplogs alone (no summary rows), the same listing.
    const other = new Engine({ db, dbPath: t.dbPath, filesDir: `${t.dbPath}.files`, threadEntry, spareThreads: 0 });
    db.prepare('DELETE FROM "WorkerSummary"').run();
    assert.deepEqual(
      after.map((w) => other.getWorker(w.id)),
      after,
    );
    await other.shutdown();
    // The scheduled invocation was rebuilt by recovery and runs at its time.
    const ran = await untilWorker(
      { ...t, engine: fresh },
      'the scheduled invocation',
      soon.id,
      (w) => w.pendingInvocations === 0 && w.status === 'idle',
      20_000,
    );
    assert.ok(ran.oplogLength > 3, 'it ran after the restart');
  } finally {
    await fresh.shutdown();
    db.close();
  }
});
