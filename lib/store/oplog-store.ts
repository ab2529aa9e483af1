// The oplog's hot path talks to SQLite through better-sqlite3 directly:
// Prisma Client managed ~3k single inserts/s here, the engine needs >50k
// (see bench/); every other table is read and written the same way (README, "Prisma").

import type { Database, Statement } from 'better-sqlite3';
import type { HostFunction } from '../host/functions';
import type { OplogEntry, OplogEntryBody, OplogKind } from '../oplog/entry';
import { entryIdempotencyKey } from '../oplog/kinds';
import { SummaryStore } from './summary-store';

interface Row {
  idx: number;
  kind: string;
  timestamp: number | bigint;
  payload: string;
}

export interface OplogQuery {
  /** First index to return (inclusive, 1-based). */
  from?: number;
  /** Last index to return (inclusive). */
  to?: number;
  limit?: number;
  kinds?: OplogKind[];
  /** Case-insensitive substring of the entry's payload. */
  text?: string;
  /** Newest first. */
  reverse?: boolean;
}

/** Rows per INSERT: one statement for a commit's rows costs ~1.5 µs a row less than a statement run per row. */
const ROWS_PER_INSERT = 32;
const COLUMNS = 6;

/** Inserts oplog rows given flat (workerId, idx, kind, timestamp, payload, idempotencyKey) values, 32 rows a statement. */
class RowInserter {
  private readonly byCount: Statement[] = [];

  constructor(private readonly db: Database) {}

  run(values: unknown[]): void {
    const step = ROWS_PER_INSERT * COLUMNS;
    for (let at = 0; at < values.length; at += step) {
      const chunk = at === 0 && values.length <= step ? values : values.slice(at, at + step);
      this.statement(chunk.length / COLUMNS).run(chunk);
    }
  }

  private statement(rows: number): Statement {
    return (this.byCount[rows] ??= this.db.prepare(
      `INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`,
    ));
  }
}

export class OplogStore {
  private readonly insert: RowInserter;
  private readonly maxIdx: Statement;
  private readonly byKey: Statement;
  private readonly range: Statement;
  private readonly kindRange: Statement;
  private readonly lastOfKind: Statement;
  private readonly hostCallsOf: Statement;
  private readonly appendTx: (workerId: string, bodies: OplogEntryBody[], now: number) => OplogEntry[];
  private readonly manyTx: (batches: { workerId: string; bodies: OplogEntryBody[] }[], now: number) => OplogEntry[][];
  private summaryStore: SummaryStore | undefined;

  constructor(readonly db: Database) {
    this.insert = new RowInserter(db);
    this.maxIdx = db.prepare('SELECT COALESCE(MAX(idx), 0) AS m FROM "OplogEntry" WHERE workerId = ?').pluck();
    this.byKey = db.prepare(
      'SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ? AND idempotencyKey = ? ORDER BY idx',
    );
    this.range = db.prepare(
      'SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ? AND idx >= ? AND idx <= ? ORDER BY idx',
    );
    this.kindRange = db.prepare(
      'SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ? AND kind = ? AND idx <= ? ORDER BY idx',
    );
    this.lastOfKind = db.prepare('SELECT MAX(idx) FROM "OplogEntry" WHERE workerId = ? AND kind = ? AND idx <= ?').pluck();
    this.hostCallsOf = db.prepare(
      `SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ? AND kind = 'imported-function-invoked'
       AND json_extract(payload, '$.functionName') = ? ORDER BY idx`,
    );
    // Indices are assigned inside the write transaction, so even several
    // writers (two runtimes over one file in tests) never collide.
    const write = (workerId: string, bodies: OplogEntryBody[], now: number) => {
      let idx = this.maxIdx.get(workerId) as number;
      const out: OplogEntry[] = [];
      const values: unknown[] = [];
      for (const body of bodies) {
        idx += 1;
        const { kind, ...rest } = body;
        values.push(workerId, idx, kind, now, JSON.stringify(rest), entryIdempotencyKey(body) ?? null);
        // A copy (callers keep their bodies): Object.assign then two fields costs ~0.1 µs, a spread with them ~1.5 µs.
        const entry = Object.assign({}, body) as OplogEntry;
        entry.index = idx;
        entry.timestamp = now;
        out.push(entry);
      }
      this.insert.run(values);
      // In the same transaction: the summary never disagrees with the oplog.
      this.summaries.appended(workerId, out);
      return out;
    };
    const tx = db.transaction(write);
    this.appendTx = (w, b, n) => this.settled(() => tx.immediate(w, b, n));
    // Each batch written directly, not as a nested transaction: a savepoint and
    // its release per batch cost more than the batch's inserts, and a throw
    // rolls the whole group back all the same.
    const many = db.transaction((batches: { workerId: string; bodies: OplogEntryBody[] }[], now: number) =>
      batches.map((b) => write(b.workerId, b.bodies, now)),
    );
    this.manyTx = (b, n) => this.settled(() => many.immediate(b, n));
  }

  /** Runs a write transaction; the summaries it folded are kept in memory only if it committed on its own (not nested in a caller's). */
  private settled<T>(write: () => T): T {
    const nested = this.db.inTransaction;
    let committed = false;
    try {
      const out = write();
      committed = !nested;
      return out;
    } finally {
      this.summaryStore?.settle(committed);
    }
  }

  /** Each worker's summary (listing, recovery), kept current by every write here. */
  get summaries(): SummaryStore {
    // Made on first use: worker threads open the database read-only and never ask.
    return (this.summaryStore ??= new SummaryStore(this.db, this));
  }

  /** Appends and commits atomically; returns the entries with their indices. */
  append(workerId: string, bodies: OplogEntryBody[]): OplogEntry[] {
    if (bodies.length === 0) return [];
    return this.appendTx(workerId, bodies, Date.now());
  }

  /**
   * Writes entries recorded elsewhere (an imported history) with their own indices and times.
   * Runs inside the caller's transaction, beside the worker row it belongs to.
   */
  insertRecorded(workerId: string, entries: readonly OplogEntry[]): void {
    const values: unknown[] = [];
    for (const e of entries) {
      const { index, timestamp, kind, ...rest } = e;
      values.push(workerId, index, kind, timestamp, JSON.stringify(rest), entryIdempotencyKey(e) ?? null);
    }
    this.insert.run(values);
    this.summaries.rebuild(workerId);
  }

  /** Several workers' entries in one transaction (group commit). */
  appendMany(batches: { workerId: string; bodies: OplogEntryBody[] }[]): OplogEntry[][] {
    return this.manyTx(batches, Date.now());
  }

  length(workerId: string): number {
    return this.maxIdx.get(workerId) as number;
  }

  /** Entries from..to inclusive, in order (the replay path: no filtering). */
  slice(workerId: string, from: number, to: number = Number.MAX_SAFE_INTEGER): OplogEntry[] {
    return (this.range.all(workerId, from, to) as Row[]).map(toEntry);
  }

  query(workerId: string, q: OplogQuery = {}): OplogEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.from !== undefined) {
      where.push('idx >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('idx <= ?');
      params.push(q.to);
    }
    if (q.text) {
      where.push("(payload LIKE ? ESCAPE '\\' OR kind LIKE ? ESCAPE '\\')");
      const pat = `%${q.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      params.push(pat, pat);
    }
    const cols = 'SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ?';
    const rest = where.map((w) => ` AND ${w}`).join('');
    // Named: without statistics SQLite would rather walk an idx window by primary key.
    const byKind =
      'SELECT idx, kind, timestamp, payload FROM "OplogEntry" INDEXED BY "OplogEntry_workerId_kind_idx_idx" WHERE workerId = ?';
    // Several kinds: one index range per kind, merged in index order (an IN
    // list would walk the worker's whole log by primary key to fill the page).
    const kinds = q.kinds ?? [];
    const sql = kinds.length === 0 ? `${cols}${rest}` : kinds.map(() => `${byKind} AND kind = ?${rest}`).join(' UNION ALL ');
    const all = kinds.length === 0 ? [workerId, ...params] : kinds.flatMap((k) => [workerId, k, ...params]);
    all.push(q.limit ?? 1000);
    return (this.db.prepare(`${sql} ORDER BY idx ${q.reverse ? 'DESC' : 'ASC'} LIMIT ?`).all(...all) as Row[]).map(toEntry);
  }

  /** Every entry of these kinds at or before `upTo`, in order (index (workerId, kind, idx)). */
  ofKinds(workerId: string, kinds: readonly OplogKind[], upTo: number = Number.MAX_SAFE_INTEGER): OplogEntry[] {
    if (kinds.length === 0) return [];
    // One index range per kind, merged here: an IN list would sort every match in SQL.
    const out: OplogEntry[] = [];
    for (const kind of kinds) for (const r of this.kindRange.all(workerId, kind, upTo) as Row[]) out.push(toEntry(r));
    return kinds.length > 1 ? out.sort((a, b) => a.index - b.index) : out;
  }

  /** The newest entry of one of these kinds at or before `upTo`: one index seek per kind. */
  lastOf(workerId: string, kinds: readonly OplogKind[], upTo: number = Number.MAX_SAFE_INTEGER): OplogEntry | undefined {
    let best = 0;
    for (const kind of kinds) {
      const i = this.lastOfKind.get(workerId, kind, upTo) as number | null;
      if (i !== null && i > best) best = i;
    }
    return best === 0 ? undefined : this.slice(workerId, best, best)[0];
  }

  /** Recorded calls of one host function, in order. */
  hostCalls(workerId: string, fn: HostFunction): OplogEntry[] {
    return (this.hostCallsOf.all(workerId, fn) as Row[]).map(toEntry);
  }

  /** The entries History.pending() needs: queued ones, drops, and everything carrying a queued key. */
  pendingInputs(workerId: string): OplogEntry[] {
    const queued = this.ofKinds(workerId, ['pending-worker-invocation']);
    if (queued.length === 0) return [];
    const byIndex = new Map<number, OplogEntry>();
    for (const e of this.ofKinds(workerId, ['jump', 'revert'])) byIndex.set(e.index, e);
    for (const key of new Set(queued.map((e) => entryIdempotencyKey(e)!))) {
      for (const e of this.byIdempotencyKey(workerId, key)) byIndex.set(e.index, e);
    }
    return [...byIndex.values()].sort((a, b) => a.index - b.index);
  }

  /** The entries History.pending() needs about one key: drops, and every entry carrying it. */
  pendingInputsOf(workerId: string, key: string): OplogEntry[] {
    const drops = this.ofKinds(workerId, ['jump', 'revert']);
    const keyed = this.byIdempotencyKey(workerId, key);
    return drops.length === 0 ? keyed : [...drops, ...keyed].sort((a, b) => a.index - b.index);
  }

  /** Every entry that carries this idempotency key, in order. */
  byIdempotencyKey(workerId: string, key: string): OplogEntry[] {
    return (this.byKey.all(workerId, key) as Row[]).map(toEntry);
  }

  deleteWorker(workerId: string): void {
    this.db.prepare('DELETE FROM "OplogEntry" WHERE workerId = ?').run(workerId);
    this.summaries.delete(workerId);
  }

  /**
   * Copies entries 1..upTo of one worker to a new worker id (fork); the copied
   * create entry names the new worker. Run it inside the caller's transaction.
   */
  copyPrefix(fromWorker: string, toWorker: string, upTo: number, workerName?: string): void {
    this.db
      .prepare(
        `INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey)
       SELECT ?, idx, kind, timestamp, payload, idempotencyKey FROM "OplogEntry" WHERE workerId = ? AND idx <= ?`,
      )
      .run(toWorker, fromWorker, upTo);
    if (workerName !== undefined) {
      this.db
        .prepare(`UPDATE "OplogEntry" SET payload = json_set(payload, '$.workerName', ?) WHERE workerId = ? AND idx = 1`)
        .run(workerName, toWorker);
    }
    this.summaries.rebuild(toWorker);
  }

  /** Replaces the recorded response of the host call at `index` (a what-if fork); false if no host call is there. */
  overrideResponse(workerId: string, index: number, response: unknown): boolean {
    return (
      this.db
        .prepare(
          `UPDATE "OplogEntry" SET payload = json_set(payload, '$.response', json(?)) WHERE workerId = ? AND idx = ? AND kind = 'imported-function-invoked'`,
        )
        .run(JSON.stringify(response), workerId, index).changes === 1
    );
  }
}

function toEntry(r: Row): OplogEntry {
  // Assigning onto the parsed object is several times cheaper than spreading it (replay reads 10k+ rows).
  const e = JSON.parse(r.payload) as OplogEntry;
  e.kind = r.kind as OplogEntry['kind'];
  e.index = r.idx;
  e.timestamp = Number(r.timestamp);
  return e;
}
