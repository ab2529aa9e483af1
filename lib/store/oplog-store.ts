// The oplog's hot path talks to SQLite through better-sqlite3 directly:
// Prisma Client manages ~3k single inserts/s here, the engine needs >50k
// (see bench/). Metadata (components, workers) goes through Prisma.

import type { Database, Statement } from 'better-sqlite3';
import { entryIdempotencyKey, type OplogEntry, type OplogEntryBody, type OplogKind } from '../oplog/entry';

interface Row { idx: number; kind: string; timestamp: number | bigint; payload: string }

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

export class OplogStore {
  private readonly insert: Statement;
  private readonly maxIdx: Statement;
  private readonly byKey: Statement;
  private readonly range: Statement;
  private readonly appendTx: (workerId: string, bodies: OplogEntryBody[], now: number) => OplogEntry[];
  private readonly manyTx: (batches: { workerId: string; bodies: OplogEntryBody[] }[], now: number) => OplogEntry[][];

  constructor(readonly db: Database) {
    this.insert = db.prepare(
      'INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.maxIdx = db.prepare('SELECT COALESCE(MAX(idx), 0) AS m FROM "OplogEntry" WHERE workerId = ?').pluck();
    this.byKey = db.prepare(
      'SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ? AND idempotencyKey = ? ORDER BY idx',
    );
    this.range = db.prepare(
      'SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE workerId = ? AND idx >= ? AND idx <= ? ORDER BY idx',
    );
    // Indices are assigned inside the write transaction, so even several
    // writers (two runtimes over one file in tests) never collide.
    const tx = db.transaction((workerId: string, bodies: OplogEntryBody[], now: number) => {
      let idx = this.maxIdx.get(workerId) as number;
      const out: OplogEntry[] = [];
      for (const body of bodies) {
        idx += 1;
        const { kind, ...rest } = body;
        this.insert.run(workerId, idx, kind, now, JSON.stringify(rest), entryIdempotencyKey(body) ?? null);
        out.push({ ...body, index: idx, timestamp: now } as OplogEntry);
      }
      return out;
    });
    this.appendTx = (w, b, n) => tx.immediate(w, b, n);
    const many = db.transaction((batches: { workerId: string; bodies: OplogEntryBody[] }[], now: number) =>
      batches.map((b) => tx(b.workerId, b.bodies, now)));
    this.manyTx = (b, n) => many.immediate(b, n);
  }

  /** Appends and commits atomically; returns the entries with their indices. */
  append(workerId: string, bodies: OplogEntryBody[]): OplogEntry[] {
    if (bodies.length === 0) return [];
    return this.appendTx(workerId, bodies, Date.now());
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
    const where = ['workerId = ?'];
    const params: (string | number)[] = [workerId];
    if (q.from !== undefined) { where.push('idx >= ?'); params.push(q.from); }
    if (q.to !== undefined) { where.push('idx <= ?'); params.push(q.to); }
    if (q.kinds && q.kinds.length > 0) {
      where.push(`kind IN (${q.kinds.map(() => '?').join(', ')})`);
      params.push(...q.kinds);
    }
    if (q.text) {
      where.push("(payload LIKE ? ESCAPE '\\' OR kind LIKE ? ESCAPE '\\')");
      const pat = `%${q.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      params.push(pat, pat);
    }
    const sql = `SELECT idx, kind, timestamp, payload FROM "OplogEntry" WHERE ${where.join(' AND ')}
      ORDER BY idx ${q.reverse ? 'DESC' : 'ASC'} LIMIT ?`;
    params.push(q.limit ?? 1000);
    return (this.db.prepare(sql).all(...params) as Row[]).map(toEntry);
  }

  /** Every entry that carries this idempotency key, in order. */
  byIdempotencyKey(workerId: string, key: string): OplogEntry[] {
    return (this.byKey.all(workerId, key) as Row[]).map(toEntry);
  }

  deleteWorker(workerId: string): void {
    this.db.prepare('DELETE FROM "OplogEntry" WHERE workerId = ?').run(workerId);
  }

  /** Copies entries 1..upTo of one worker to a new worker id (fork). */
  copyPrefix(fromWorker: string, toWorker: string, upTo: number): void {
    this.db.prepare(
      `INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey)
       SELECT ?, idx, kind, timestamp, payload, idempotencyKey FROM "OplogEntry" WHERE workerId = ? AND idx <= ?`,
    ).run(toWorker, fromWorker, upTo);
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
