// Every oplog query, as SQLite plans it: a lookup by kind or idempotency key
// seeks its index in index order, and no query scans the table or sorts a
// worker's entries. The queries are the ones OplogStore really runs (recorded
// while every method is exercised), and no oplog SQL lives outside lib/store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from './migrate';
import { OplogStore } from './oplog-store';
import { recordQueries } from '../testing/record-queries';
import type { OplogEntryBody } from '../oplog/entry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test("every oplog query uses an index: no table scan, no sort of a worker's entries", () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db);
  const queries = recordQueries(db, /"OplogEntry"/, !!process.env.SHOW_PLANS);
  const store = new OplogStore(db);
  const w = 'c/w';
  const bodies: OplogEntryBody[] = [{ kind: 'create', componentName: 'c', componentVersion: 1, workerName: 'w', env: [], args: [] }];
  for (let i = 0; i < 200; i++) {
    bodies.push(
      { kind: 'pending-worker-invocation', functionName: 'api.add', args: [i], idempotencyKey: `k${i}` },
      { kind: 'exported-function-invoked', functionName: 'api.add', args: [i], idempotencyKey: `k${i}` },
      {
        kind: 'imported-function-invoked',
        functionName: i % 50 === 0 ? 'golem:api/host.create-promise' : 'wasi:clocks/wall-clock.now',
        request: null,
        response: i,
        durability: 'read-local',
      },
      { kind: 'exported-function-completed', idempotencyKey: `k${i}`, result: i },
    );
  }
  bodies.push(
    { kind: 'snapshot', data: 'AA==', callSeq: 1 },
    { kind: 'revert', start: 790, end: 801 },
    { kind: 'jump', start: 700, end: 702 },
  );
  store.append(w, bodies);
  store.appendMany([
    { workerId: 'c/other', bodies: bodies.slice(0, 10) },
    { workerId: w, bodies: [{ kind: 'log', stream: 'stdout', message: 'hi' }] },
  ]);
  // Every public method, with the options callers use.
  store.length(w);
  store.slice(w, 10, 20);
  store.slice(w, 700);
  store.query(w);
  store.query(w, { from: 100, to: 200, limit: 10 });
  store.query(w, { reverse: true, limit: 50 });
  store.query(w, { kinds: ['error'] });
  store.query(w, { kinds: ['snapshot', 'revert'], reverse: true, limit: 5 });
  store.query(w, { kinds: ['exported-function-invoked'], from: 10, to: 500, limit: 3 });
  store.query(w, { text: 'create-promise', limit: 5 });
  store.query(w, { kinds: ['imported-function-invoked'], text: 'create-promise', limit: 5 });
  store.ofKinds(w, ['snapshot']);
  store.ofKinds(w, ['jump', 'revert']);
  store.ofKinds(w, ['exported-function-invoked'], 300);
  store.lastOf(w, ['exported-function-invoked', 'exported-function-completed', 'error', 'exited', 'interrupted', 'suspend', 'revert']);
  store.lastOf(w, ['snapshot'], 500);
  store.hostCalls(w, 'golem:api/host.create-promise');
  store.pendingInputs(w);
  store.byIdempotencyKey(w, 'k7');
  db.transaction(() => {
    store.copyPrefix(w, 'c/fork', 400, 'fork');
    assert.equal(store.overrideResponse('c/fork', 4, 42), true);
  })();
  store.deleteWorker('c/other');

  const planned = queries.plans();
  assert.ok(planned.length >= 12, `only ${planned.length} distinct oplog statements ran`);
  const problems: string[] = [];
  for (const { sql, oneLine, plan, text } of planned) {
    if (/\bSCAN OplogEntry\b/.test(text)) problems.push(`table scan: ${oneLine}\n    ${text}`);
    if (/TEMP B-TREE/.test(text)) problems.push(`sort: ${oneLine}\n    ${text}`);
    if (/\bkind = \?/.test(sql) && !/OplogEntry_workerId_kind_idx_idx/.test(text))
      problems.push(`by kind without its index: ${oneLine}\n    ${text}`);
    if (/\bkind IN \(/.test(sql)) problems.push(`kind IN list (walks the primary key): ${oneLine}\n    ${text}`);
    // The primary key with only the worker bound walks that worker's whole log. Fine for the
    // newest index (MAX), deleting the log, and a page in index order with no filter; the text
    // search (a substring of the payload, from the timeline) is the one filtered read allowed to.
    const wholeWorker = plan.some((d) => /sqlite_autoindex_OplogEntry_1 \(workerId=\?\)$/.test(d));
    const filtered = /\bkind\b|idempotencyKey =/.test(sql.replace(/SELECT idx, kind,/g, 'SELECT idx,').replace(/kind LIKE/g, ''));
    if (wholeWorker && filtered) problems.push(`filtered read over a worker's whole log: ${oneLine}\n    ${text}`);
    if (/idempotencyKey = \?/.test(sql) && !/OplogEntry_workerId_idempotencyKey_idx_idx/.test(text))
      problems.push(`by key without its index: ${oneLine}\n    ${text}`);
  }
  assert.deepEqual(problems, []);
});

test('no oplog SQL outside lib/store', () => {
  const offenders: string[] = [];
  for (const dir of ['lib', 'app', 'components']) {
    for (const f of readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
      const file = path.join(dir, f);
      if (!/\.tsx?$/.test(f) || /\.test\.tsx?$/.test(f) || file.startsWith(path.join('lib', 'store') + path.sep)) continue;
      if (/"OplogEntry"/.test(readFileSync(path.join(root, file), 'utf8'))) offenders.push(file);
    }
  }
  assert.deepEqual(offenders, []);
});

test('query() by kinds, window, text and direction returns what filtering the whole log returns', () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db);
  const store = new OplogStore(db);
  const bodies: OplogEntryBody[] = [];
  for (let i = 0; i < 60; i++) {
    bodies.push(
      { kind: 'exported-function-invoked', functionName: 'api.add', args: [i], idempotencyKey: `k${i}` },
      { kind: 'log', stream: 'stdout', message: i % 7 === 0 ? `needle_${i}%` : `hay ${i}` },
      { kind: 'exported-function-completed', idempotencyKey: `k${i}`, result: i },
    );
  }
  store.append('w', bodies);
  const all = store.slice('w', 1);
  const cases: Parameters<OplogStore['query']>[1][] = [
    { kinds: ['log', 'exported-function-completed'], limit: 7 },
    { kinds: ['log', 'exported-function-completed'], reverse: true, limit: 7 },
    { kinds: ['log', 'exported-function-invoked'], from: 20, to: 90, limit: 100 },
    { kinds: ['log'], text: 'needle_', limit: 100 },
    { kinds: ['log', 'exported-function-completed'], text: 'e_1', reverse: true, limit: 3 },
    { text: '%', limit: 100 },
    { from: 5, to: 9 },
  ];
  for (const q of cases) {
    const expected = all
      .filter(
        (e) =>
          (!q?.kinds || q.kinds.includes(e.kind)) &&
          (q?.from === undefined || e.index >= q.from) &&
          (q?.to === undefined || e.index <= q.to),
      )
      .filter((e) => !q?.text || JSON.stringify(e).toLowerCase().includes(q.text.toLowerCase()));
    if (q?.reverse) expected.reverse();
    assert.deepEqual(
      store.query('w', q).map((e) => e.index),
      expected.slice(0, q?.limit ?? 1000).map((e) => e.index),
      JSON.stringify(q),
    );
  }
});
