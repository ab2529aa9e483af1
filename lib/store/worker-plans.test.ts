// The listing's and recovery's queries over the Worker table, as SQLite plans
// them: a page walks the listing index (deletedAt, createdAt desc, id) in its
// order and looks each summary up by its key; no query scans a table or sorts.
// The queries are the ones WorkerStore really runs, recorded while listing,
// paging (with a cursor, a component, deleted workers) and recovering.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from './migrate';
import { WorkerStore } from './worker-store';
import { recordQueries } from '../testing/record-queries';

test('listing and recovery read the Worker table through its listing index, in order, and each summary by its key', () => {
  const db = new BetterSqlite3(':memory:');
  migrate(db);
  db.prepare(`INSERT INTO "Component" (name, createdAt) VALUES ('c', 0)`).run();
  const queries = recordQueries(db, /FROM "Worker"/, !!process.env.SHOW_PLANS);
  const store = new WorkerStore(db);
  for (let i = 0; i < 40; i++) store.insert({ id: `c/w${i}`, componentName: 'c', name: `w${i}`, version: 1, env: '[]', args: '[]' });
  store.markDeleted('c/w3');
  const all = store.list({});
  const at = { createdAt: Number(all[5]!.createdAt), id: all[5]!.id };
  store.list({ component: 'c' });
  store.list({ deleted: true });
  store.page({}, undefined, 10);
  store.page({}, at, 10);
  store.page({ component: 'c' }, at, 10);
  store.page({ deleted: true }, at, 10);
  store.unsettledPage(undefined, 10);
  store.unsettledPage(at, 10);

  const planned = queries.plans();
  assert.ok(planned.length >= 8, `only ${planned.length} distinct Worker statements ran`);
  const problems: string[] = [];
  for (const { sql, oneLine, text } of planned) {
    if (/\bSCAN\b/.test(text)) problems.push(`table or index scan: ${oneLine}\n    ${text}`);
    // Deleted workers (kept for replay; few) come sorted: the index orders them by deletion first.
    if (/TEMP B-TREE/.test(text) && !/deletedAt IS NOT NULL/.test(sql)) problems.push(`sort: ${oneLine}\n    ${text}`);
    // The component filter may seek its own index; every other read walks the listing index.
    if (!/componentName = \?/.test(sql) && !/Worker_deletedAt_createdAt_id_idx/.test(text))
      problems.push(`not through the listing index: ${oneLine}\n    ${text}`);
    if (/"WorkerSummary"/.test(sql) && !/SEARCH s USING INDEX sqlite_autoindex_WorkerSummary_1 \(workerId=\?\)/.test(text))
      problems.push(`summary not looked up by its key: ${oneLine}\n    ${text}`);
  }
  assert.deepEqual(problems, []);
});
