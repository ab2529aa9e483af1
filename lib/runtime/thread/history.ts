// What a worker's thread reads of its history before it runs: the usable
// snapshot, the entries to replay after it, and the queued invocations to
// start once it is live.

import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { OplogStore } from '../../store/oplog-store';
import { DROP_KINDS, History, type PendingEntry } from '../../oplog/history';
import { snapshotExports } from './exports';
import type { ThreadInit, ToRun } from './protocol';

export type Snapshot = NonNullable<ReturnType<History['usableSnapshot']>>;

// better-sqlite3 is CommonJS: required, not imported, it costs a thread's boot ~8 ms
// less CPU (no ESM wrapper, no scan of its source for exports).
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

// The history database, opened once per thread (read-only: the runtime writes every entry).
let opened: { path: string; store: OplogStore } | undefined;
export function oplogStore(dbPath: string): OplogStore {
  if (opened?.path !== dbPath) {
    const db = new Database(dbPath, { readonly: true });
    db.pragma('busy_timeout = 5000');
    opened = { path: dbPath, store: new OplogStore(db) };
  }
  return opened.store;
}

/**
 * With a snapshot, recovery loads it and replays only what follows: its cost
 * no longer grows with the whole history. A debug session replays everything
 * (`fromSnapshot` false).
 */
export function loadHistory(store: OplogStore, init: ThreadInit, fromSnapshot: boolean) {
  const upTo = init.historyUpTo ?? Number.MAX_SAFE_INTEGER;
  // Snapshots are read one at a time, newest first: their data is the guest's whole state.
  const base: Snapshot | undefined =
    !fromSnapshot || !snapshotExports(init.exports)
      ? undefined
      : new History(store.ofKinds(init.workerId, DROP_KINDS, upTo)).usableSnapshot(upTo, (i) =>
          store.lastOf(init.workerId, ['snapshot'], i),
        );
  const entries = store.slice(init.workerId, base ? base.index + 1 : 1, init.historyUpTo);
  // Queued invocations not started, from the whole log (the replayed suffix does not show them all).
  const pendingRecorded: PendingEntry[] = new History(base ? store.pendingInputs(init.workerId) : entries).pending();
  return { base, entries, pendingRecorded };
}

/**
 * The queued invocations to run once live: those recovery did not run.
 * Queued invocations survive a jump (it only hides what the guest did), not a
 * revert. A scheduled one not yet due is posted by the runtime when it is.
 */
export function pendingToRun(pendingRecorded: PendingEntry[], invokedKeys: Set<string>): ToRun[] {
  return pendingRecorded
    .filter((p) => !invokedKeys.has(p.idempotencyKey) && !(p.scheduledAt && p.scheduledAt > Date.now()))
    .map((p) => ({ type: 'invoke', key: p.idempotencyKey, functionName: p.functionName, args: p.args }));
}
