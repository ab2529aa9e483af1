// Each worker's recoveries after an interruption, kept beside its oplog (not in
// it: a recovery is what the runtime did, not what the worker did, so replay,
// forks, exports and the checker's comparisons never see these rows). Written by
// the runtime process, the database's one writer; read by the dashboard.

import type { Database } from 'better-sqlite3';

export interface RecoveryRecord {
  id: number;
  workerId: string;
  /** Why the worker was interrupted (the `interrupted` entry's reason). */
  cause: string;
  /** The oplog index of that interruption. */
  afterIndex: number;
  startedAt: number;
  /** Absent when the recovery was cut short (killed again mid-replay, or the runtime died). */
  finishedAt?: number;
  ms?: number;
  replayedInvocations?: number;
  /** The last entry replayed before the worker went on live. */
  lastIndex?: number;
}

interface Row {
  id: number;
  workerId: string;
  cause: string;
  afterIndex: number;
  startedAt: number | bigint;
  finishedAt: number | bigint | null;
  ms: number | null;
  replayedInvocations: number | null;
  lastIndex: number | null;
}

/** The newest this many recoveries of a worker are kept; older ones are dropped as new ones come. */
export const RECOVERIES_KEPT = 500;

export class RecoveryStore {
  constructor(private readonly db: Database) {}

  /**
   * A recovery begins. One interruption is recovered from once: a later replay
   * with no new interruption (after an eviction, say) is not another recovery.
   */
  started(workerId: string, cause: string, afterIndex: number, at = Date.now()): void {
    this.db.transaction(() => {
      const done = this.db
        .prepare('SELECT 1 FROM "Recovery" WHERE workerId = ? AND afterIndex = ? AND finishedAt IS NOT NULL')
        .get(workerId, afterIndex);
      if (done) return;
      this.db
        .prepare('INSERT INTO "Recovery" (workerId, cause, afterIndex, startedAt) VALUES (?, ?, ?, ?)')
        .run(workerId, cause, afterIndex, at);
      this.db
        .prepare(
          'DELETE FROM "Recovery" WHERE workerId = ? AND id <= (SELECT id FROM "Recovery" WHERE workerId = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
        )
        .run(workerId, workerId, RECOVERIES_KEPT);
    })();
  }

  /** Completes the worker's latest recovery, if it is still open. */
  finished(workerId: string, r: { ms: number; replayedInvocations: number; lastIndex: number }, at = Date.now()): void {
    this.db
      .prepare(
        'UPDATE "Recovery" SET finishedAt = ?, ms = ?, replayedInvocations = ?, lastIndex = ? WHERE id = (SELECT id FROM "Recovery" WHERE workerId = ? ORDER BY id DESC LIMIT 1) AND finishedAt IS NULL',
      )
      .run(at, r.ms, r.replayedInvocations, r.lastIndex, workerId);
  }

  /** Oldest first. */
  list(workerId: string): RecoveryRecord[] {
    const rows = this.db.prepare('SELECT * FROM "Recovery" WHERE workerId = ? ORDER BY id').all(workerId) as Row[];
    return rows.map((r) => ({
      id: r.id,
      workerId: r.workerId,
      cause: r.cause,
      afterIndex: r.afterIndex,
      startedAt: Number(r.startedAt),
      ...(r.finishedAt !== null ? { finishedAt: Number(r.finishedAt) } : {}),
      ...(r.ms !== null ? { ms: r.ms } : {}),
      ...(r.replayedInvocations !== null ? { replayedInvocations: r.replayedInvocations } : {}),
      ...(r.lastIndex !== null ? { lastIndex: r.lastIndex } : {}),
    }));
  }
}
