// The WorkerSummary table: one row per worker holding what listing and
// recovery need of its oplog (lib/oplog/summary.ts derives it). OplogStore
// keeps it current inside every transaction that writes a worker's entries,
// so a row and its oplog never disagree, even after a kill mid-write. A row
// missing or of an older format (column v) is rebuilt from the oplog.
// The rows this store wrote and saw committed are kept in memory (bounded),
// so the next batch folds into the summary without reading its row back.

import type { Database, Statement } from 'better-sqlite3';
import type { OplogEntry, OplogKind } from '../oplog/entry';
import { foldSummary, newestEntries, SUMMARY_KINDS, SUMMARY_VERSION, type SummaryReader, type WorkerSummary } from '../oplog/summary';

/** The oplog reads a summary needs, for one worker. */
export interface OplogReads {
  lastOf(workerId: string, kinds: readonly OplogKind[], upTo?: number): OplogEntry | undefined;
  pendingInputs(workerId: string): OplogEntry[];
  pendingInputsOf(workerId: string, key: string): OplogEntry[];
  slice(workerId: string, from: number, to?: number): OplogEntry[];
  length(workerId: string): number;
}

export interface SummaryRow {
  workerId: string;
  v: number;
  length: number;
  status: string;
  error: string | null;
  pending: number;
  plain: number;
  facts: string;
}

/** The facts of a worker with nothing queued, waiting or pending: most rows, read without a parse. */
const NO_FACTS = '{"queue":[]}';

/**
 * Columns of a summary row for a join, read back by joinedSummary. The common
 * empty facts come as NULL: a listing makes ten thousand values, and a NULL
 * costs no string.
 */
export const SUMMARY_COLUMNS = `s.v, s.length, s.status, s.error, s.pending, s.plain, NULLIF(s.facts, '${NO_FACTS}')`;

/**
 * A join's condition for the summaries that leave recovery something to do:
 * missing or stale (to derive), running when the runtime stopped, or with
 * anything queued, scheduled, waited on, retried or updated (all in pending
 * and facts). The rest (idle, failed, exited with nothing pending: most
 * workers) need nothing at start; their status is read when first asked.
 */
export const SUMMARY_UNSETTLED = `(s.v IS NULL OR s.v <> ${SUMMARY_VERSION} OR s.status = 'running' OR s.pending > 0 OR s.facts <> '${NO_FACTS}')`;

/** The summary in a joined raw row at `at` (SUMMARY_COLUMNS' values, in order); undefined when missing or stale. */
export function joinedSummary(r: unknown[], at: number): WorkerSummary | undefined {
  const v = r[at];
  if (v !== SUMMARY_VERSION) return undefined;
  const facts = r[at + 6] as string | null;
  return fromFacts(
    facts === null ? NO_FACTS : facts,
    r[at + 1] as number,
    r[at + 2] as string,
    r[at + 3] as string | null,
    r[at + 4] as number,
    r[at + 5] as number,
  );
}

/** Summaries kept in memory: a worker not written for a while is read from its row again (≈ 12 µs). */
const CACHED = 4096;

/** A summary and its facts column as stored. */
interface Cached {
  s: WorkerSummary;
  facts: string;
}

export class SummaryStore {
  private readonly getRow: Statement;
  private readonly put: Statement;
  private readonly update: Statement;
  private readonly moveLength: Statement;
  private readonly drop: Statement;
  /** Rows as committed, least recently written first. */
  private readonly cache = new Map<string, Cached>();
  /** Rows written by the open transaction: cached when it commits (settle), dropped when it does not. */
  private readonly staged = new Map<string, Cached>();

  constructor(
    private readonly db: Database,
    private readonly oplog: OplogReads,
  ) {
    this.getRow = db.prepare('SELECT * FROM "WorkerSummary" WHERE workerId = ?');
    this.put = db.prepare(
      'INSERT OR REPLACE INTO "WorkerSummary" (workerId, v, length, status, error, pending, plain, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.update = db.prepare(
      'UPDATE "WorkerSummary" SET length = ?, status = ?, error = ?, pending = ?, plain = ?, facts = ? WHERE workerId = ? AND v = ?',
    );
    this.moveLength = db.prepare('UPDATE "WorkerSummary" SET length = ? WHERE workerId = ? AND v = ?');
    this.drop = db.prepare('DELETE FROM "WorkerSummary" WHERE workerId = ?');
  }

  /** The worker's summary, rebuilt first if missing or stale (the runtime, the one writer, calls this). */
  get(workerId: string): WorkerSummary {
    const c = this.staged.get(workerId) ?? this.cache.get(workerId);
    if (c) return c.s;
    // Not kept: only a store that writes a worker's entries knows its row stays current (a reader's would go stale).
    return this.stored(workerId) ?? this.db.transaction(() => this.rebuild(workerId))();
  }

  /** The row as stored, undefined when missing or stale: no memory, no rebuild. */
  stored(workerId: string): WorkerSummary | undefined {
    return fromRow(this.getRow.get(workerId) as SummaryRow | undefined);
  }

  /** Folds entries just written (inside their transaction; the store calls settle after it). */
  appended(workerId: string, entries: readonly OplogEntry[]): void {
    const first = entries[0];
    const last = entries[entries.length - 1];
    if (!first || !last) return;
    let prev = this.staged.get(workerId) ?? this.cache.get(workerId);
    if (!prev) {
      const row = this.getRow.get(workerId) as SummaryRow | undefined;
      const s = fromRow(row);
      if (s) prev = { s, facts: row!.facts };
    }
    // Missing, stale, or entries were written behind the store's back: derive it whole.
    if (!prev || prev.s.length !== first.index - 1) {
      this.stage(workerId, this.rebuild(workerId));
      return;
    }
    // Most batches (host calls, logs) only move the length.
    if (!entries.some((e) => SUMMARY_KINDS.has(e.kind))) {
      this.moveLength.run(last.index, workerId, SUMMARY_VERSION);
      this.staged.set(workerId, { s: { ...prev.s, length: last.index }, facts: prev.facts });
      return;
    }
    const s = foldSummary(prev.s, entries, new Reads(this.oplog, workerId));
    // The fold keeps each fact it did not change (the same object): then so does the stored text.
    const p = prev.s;
    const same =
      s.queue === p.queue &&
      s.suspend === p.suspend &&
      s.retry === p.retry &&
      s.interruptedWait === p.interruptedWait &&
      s.interruptedResume === p.interruptedResume &&
      s.update === p.update;
    const facts = same ? prev.facts : factsOf(s);
    // Nothing but the length changed (most often: an invocation started and ended in this batch): one column.
    if (same && s.status === p.status && s.error === p.error && s.pending === p.pending && s.plain === p.plain)
      this.moveLength.run(s.length, workerId, SUMMARY_VERSION);
    // An update in place: cheaper than the replace (a delete and an insert) a rebuild makes.
    else this.update.run(s.length, s.status, s.error ?? null, s.pending, s.plain ? 1 : 0, facts, workerId, SUMMARY_VERSION);
    this.staged.set(workerId, { s, facts });
  }

  /** After the store's write transaction: what it staged is kept if it committed, forgotten if not (or if it was nested in another). */
  settle(committed: boolean): void {
    if (this.staged.size === 0) return;
    for (const [id, c] of this.staged) {
      if (committed) this.keep(id, c);
      else this.cache.delete(id);
    }
    this.staged.clear();
  }

  /** Derives the summary from the oplog alone (a copied or imported history, a missing or stale row). Run inside a transaction. */
  rebuild(workerId: string): WorkerSummary {
    const read = new Reads(this.oplog, workerId);
    const s = foldSummary(undefined, newestEntries(read), read);
    s.length = this.oplog.length(workerId);
    this.write(workerId, s);
    // The caller's transaction may yet roll back: the row is read again next time.
    this.forget(workerId);
    return s;
  }

  delete(workerId: string): void {
    this.drop.run(workerId);
    this.forget(workerId);
  }

  /** Drops what memory holds of a worker: its row is read again when next needed. */
  forget(workerId: string): void {
    this.cache.delete(workerId);
    this.staged.delete(workerId);
  }

  /** Workers (rows of Worker) whose summary is missing or of another format. */
  staleIds(): string[] {
    return this.db
      .prepare('SELECT w.id FROM "Worker" w LEFT JOIN "WorkerSummary" s ON s.workerId = w.id WHERE s.workerId IS NULL OR s.v <> ?')
      .pluck()
      .all(SUMMARY_VERSION) as string[];
  }

  private stage(workerId: string, s: WorkerSummary): void {
    this.staged.set(workerId, { s, facts: factsOf(s) });
  }

  private keep(workerId: string, c: Cached): void {
    // Re-inserted: the map's order is the order of last writes.
    this.cache.delete(workerId);
    this.cache.set(workerId, c);
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
  }

  private write(workerId: string, s: WorkerSummary): void {
    this.put.run(workerId, SUMMARY_VERSION, s.length, s.status, s.error ?? null, s.pending, s.plain ? 1 : 0, factsOf(s));
  }
}

/** What the fold reads of one worker's oplog. */
class Reads implements SummaryReader {
  constructor(
    private readonly oplog: OplogReads,
    private readonly workerId: string,
  ) {}
  first(): OplogEntry | undefined {
    return this.oplog.slice(this.workerId, 1, 1)[0];
  }
  lastOf(kinds: readonly OplogKind[], upTo?: number): OplogEntry | undefined {
    return this.oplog.lastOf(this.workerId, kinds, upTo);
  }
  pendingInputs(): OplogEntry[] {
    return this.oplog.pendingInputs(this.workerId);
  }
  pendingInputsOf(key: string): OplogEntry[] {
    return this.oplog.pendingInputsOf(this.workerId, key);
  }
}

/** The facts column: every field of the summary that has no column of its own. */
function factsOf(s: WorkerSummary): string {
  const { length: _l, status: _s, error: _e, pending: _p, plain: _pl, ...facts } = s;
  return JSON.stringify(facts);
}

function fromRow(r: SummaryRow | undefined): WorkerSummary | undefined {
  if (!r || r.v !== SUMMARY_VERSION) return undefined;
  return fromFacts(r.facts, r.length, r.status, r.error, r.pending, r.plain);
}

function fromFacts(text: string, length: number, status: string, error: string | null, pending: number, plain: number): WorkerSummary {
  const s = (text === NO_FACTS ? { queue: [] } : JSON.parse(text)) as WorkerSummary;
  s.length = length;
  s.status = status as WorkerSummary['status'];
  if (error !== null) s.error = error;
  s.pending = pending;
  s.plain = plain === 1;
  return s;
}
