// For tests: a worker's summary as the history view tells it from the whole
// log (History over every entry, each wait read by a plain scan), computed
// apart from the summary's own fold, and the summary row as stored.

import assert from 'node:assert/strict';
import type BetterSqlite3 from 'better-sqlite3';
import type { OplogStore } from '../store/oplog-store';
import type { OplogEntry, OplogKind } from '../oplog/entry';
import { History, LIFECYCLE_KINDS } from '../oplog/history';
import { CRASHED, KILLED_RECOVERING, KILLED_SUSPENDED, SUMMARY_VERSION, UPDATE_KINDS, type WorkerSummary } from '../oplog/summary';

/** What the history view says of the whole log, read independently of the summary's fold. */
export function referenceSummary(store: OplogStore, id: string): WorkerSummary | undefined {
  const all = store.slice(id, 1);
  if (all.length === 0) return undefined;
  const h = new History(all);
  const last = (kinds: readonly OplogKind[], upTo = Infinity) => [...all].reverse().find((e) => kinds.includes(e.kind) && e.index <= upTo);
  const wait = (e: OplogEntry | undefined) =>
    e?.kind !== 'suspend'
      ? undefined
      : e.until !== undefined
        ? { until: e.until }
        : e.promise !== undefined
          ? { promise: e.promise }
          : undefined;
  const st = h.status();
  const pending = h.pending();
  const first = all[0];
  const err = last(['error']);
  const upd = last(UPDATE_KINDS);
  const intr = last(['interrupted']);
  const s: WorkerSummary = {
    length: all[all.length - 1]!.index,
    status: st.status,
    ...(st.error !== undefined ? { error: st.error } : {}),
    pending: pending.length,
    queue: pending.map((e) => ({ key: e.idempotencyKey, index: e.index, ...(e.scheduledAt ? { at: e.scheduledAt } : {}) })),
    plain: first?.kind === 'create' && first.durable === false,
  };
  // Each fact only while its status holds.
  const sw = st.status === 'suspended' ? wait(last(['suspend'])) : undefined;
  if (sw) s.suspend = sw;
  if (st.status === 'retrying' && err?.kind === 'error' && err.retryAt !== undefined)
    s.retry = {
      ...(err.attempt !== undefined ? { attempt: err.attempt } : {}),
      ...(err.maxAttempts !== undefined ? { maxAttempts: err.maxAttempts } : {}),
      at: err.retryAt,
    };
  const life = last(LIFECYCLE_KINDS);
  if (st.status === 'interrupted' && intr?.kind === 'interrupted' && life === intr) {
    const iw = intr.reason === KILLED_SUSPENDED ? wait(last(['suspend'], intr.index)) : undefined;
    if (iw) s.interruptedWait = iw;
    if (intr.reason === CRASHED || intr.reason === KILLED_RECOVERING) s.interruptedResume = true;
  }
  if (upd?.kind === 'pending-update') s.update = { targetVersion: upd.targetVersion, mode: upd.mode };
  return s;
}

/** The stored row as it is (no rebuild), parsed; also checks that what the store keeps in memory equals it. */
export function storedSummary(db: BetterSqlite3.Database, store: OplogStore, id: string): WorkerSummary | undefined {
  const row = db.prepare('SELECT v FROM "WorkerSummary" WHERE workerId = ?').get(id) as { v: number } | undefined;
  if (!row) return undefined;
  assert.equal(row.v, SUMMARY_VERSION, `${id}: the row has the current format`);
  const stored = store.summaries.stored(id);
  assert.deepEqual(norm(store.summaries.get(id)), norm(stored), `${id}: the summary in memory equals the row`);
  return stored;
}

const norm = (s: WorkerSummary | undefined) => (s ? (JSON.parse(JSON.stringify(s)) as WorkerSummary) : s);
