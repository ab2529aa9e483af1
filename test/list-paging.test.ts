// listWorkersPage (GET /api/workers?limit=&after=): every worker exactly once,
// in listWorkers' order (newest first, ties by id), with workers created in the same millisecond, and
// with a worker created while paging.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine, jsExample } from './helpers';
import type { WorkerInfo } from '../lib/runtime/types';

let t: TestEngine;
before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  await t.engine.registerComponent('other', jsExample('counter', 'counter'));
});
after(async () => t.close());

function walk(filter: { component?: string; deleted?: boolean }, limit: number): WorkerInfo[] {
  const out: WorkerInfo[] = [];
  let after: string | undefined;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 1000, 'paging ends');
    const p = t.engine.listWorkersPage({ ...filter, limit, after });
    assert.ok(p.workers.length <= limit);
    out.push(...p.workers);
    if (!p.next) return out;
    after = p.next;
  }
}

test('pages return every worker exactly once, in the order of the full list', () => {
  // Created in a tight loop: many share a millisecond, so the cursor must break ties.
  for (let i = 0; i < 230; i++) t.engine.createWorker({ component: i % 3 === 0 ? 'other' : 'counter', name: `w${i}` });
  const all = t.engine.listWorkers();
  assert.equal(all.length, 230);
  const stamps = new Set(all.map((w) => w.createdAt));
  assert.ok(stamps.size < all.length, 'some workers share a creation time (the case the tie-break is for)');
  for (const limit of [1, 7, 229, 1000]) {
    const paged = walk({}, limit);
    assert.deepEqual(
      paged.map((w) => w.id),
      all.map((w) => w.id),
      `limit ${limit}`,
    );
  }
  const others = walk({ component: 'other' }, 9);
  assert.deepEqual(
    others.map((w) => w.id),
    t.engine.listWorkers({ component: 'other' }).map((w) => w.id),
  );
  assert.equal(others.length, 77);
});

test('a worker created while paging does not shift the pages after the cursor', () => {
  const before = t.engine.listWorkers().map((w) => w.id);
  const first = t.engine.listWorkersPage({ limit: 50 });
  t.engine.createWorker({ component: 'counter', name: 'late' }); // newest: sorts before the first page
  const seen = [...first.workers.map((w) => w.id)];
  let after = first.next;
  while (after) {
    const p = t.engine.listWorkersPage({ limit: 50, after });
    seen.push(...p.workers.map((w) => w.id));
    after = p.next;
    assert.ok(seen.length <= before.length + 50, 'the cursor moves on');
  }
  assert.deepEqual(seen, before, 'the old workers, each once');
});

test('deleted workers page apart; a bad cursor is a 400 with a message', async () => {
  const victim = t.engine.listWorkers({ component: 'other' })[0];
  assert.ok(victim);
  await t.engine.deleteWorker(victim.id);
  assert.deepEqual(
    walk({ deleted: true }, 2).map((w) => w.id),
    [victim.id],
  );
  assert.ok(!walk({}, 64).some((w) => w.id === victim.id));
  assert.throws(
    () => t.engine.listWorkersPage({ limit: 5, after: 'nonsense' }),
    (e: Error & { status?: number }) => e.status === 400 && /cursor/.test(e.message),
  );
});
