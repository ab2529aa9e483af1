// The WorkerSummary table: one row per worker holding what listing and
// recovery need of its oplog (lib/oplog/summary.ts derives it). OplogStore
// keeps it current inside every transaction that writes a worker's entries,
// so a row and its oplog never disagree, even after a kill mid-write. A row
// missing or of an older format (column v) is rebuilt from the oplog.

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

/** Columns of a summary row, for a join (read back by summaryColumns, in this order). */
export const SUMMARY_COLUMNS = 's.workerId, s.v, s.length, s.status, s.error, s.pending, s.plain, s.facts';

/** A joined row's summary columns (SUMMARY_COLUMNS' values, in order), named `s_…` beside the Worker row's. */
export function summaryColumns(r: unknown[]): Record<`s_${keyof SummaryRow}`, unknown> {
  return { s_workerId: r[0], s_v: r[1], s_length: r[2], s_status: r[3], s_error: r[4], s_pending: r[5], s_plain: r[6], s_facts: r[7] };
}

export class SummaryStore {
  private readonly getRow: Statement;
  private readonly put: Statement;
  private readonly update: Statement;
  private readonly moveLength: Statement;
  private readonly drop: Statement;

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
    this.moveLength = db.prepare('UPDATE "WorkerSummary" SET length = ? WHERE workerId = ? AND v = ? AND length = ?');
    this.drop = db.prepare('DELETE FROM "WorkerSummary" WHERE workerId = ?');
  }

  /** The worker's summary, rebuilt first if missing or stale (the runtime, the one writer, calls this). */
  get(workerId: string): WorkerSummary {
    return fromRow(this.getRow.get(workerId) as SummaryRow | undefined) ?? this.db.transaction(() => this.rebuild(workerId))();
  }

  /** The summary a joined row carries, or undefined when it is missing or stale. */
  static fromJoined(row: object): WorkerSummary | undefined {
    const r = row as Record<string, unknown>;
    if (r.s_workerId == null) return undefined;
    return fromRow({
      workerId: r.s_workerId as string,
      v: r.s_v as number,
      length: r.s_length as number,
      status: r.s_status as string,
      error: r.s_error as string | null,
      pending: r.s_pending as number,
      plain: r.s_plain as number,
      facts: r.s_facts as string,
    });
  }

  /** Folds entries just written (inside their transaction). */
  appended(workerId: string, entries: readonly OplogEntry[]): void {
    const last = entries[entries.length - 1];
    if (!last) return;
    // Most batches (host calls, logs) only move the length.
    if (
      !entries.some((e) => SUMMARY_KINDS.has(e.kind)) &&
      this.moveLength.run(last.index, workerId, SUMMARY_VERSION, entries[0]!.index - 1).changes === 1
    )
      return;
    const prev = fromRow(this.getRow.get(workerId) as SummaryRow | undefined);
    // Missing, stale, or entries were written behind the store's back: derive it whole.
    if (!prev || prev.length !== entries[0]!.index - 1) {
      this.rebuild(workerId);
      return;
    }
    const { length, status, error, pending, plain, ...facts } = foldSummary(prev, entries, this.reader(workerId));
    // An update in place: cheaper than the replace (a delete and an insert) a rebuild makes.
    this.update.run(length, status, error ?? null, pending, plain ? 1 : 0, JSON.stringify(facts), workerId, SUMMARY_VERSION);
  }

  /** Derives the summary from the oplog alone (a copied or imported history, a missing or stale row). Run inside a transaction. */
  rebuild(workerId: string): WorkerSummary {
    const read = this.reader(workerId);
    const s = foldSummary(undefined, newestEntries({ ...read, first: () => this.oplog.slice(workerId, 1, 1)[0] }), read);
    s.length = this.oplog.length(workerId);
    this.write(workerId, s);
    return s;
  }

  delete(workerId: string): void {
    this.drop.run(workerId);
  }

  /** Workers (rows of Worker) whose summary is missing or of another format. */
  staleIds(): string[] {
    return this.db
      .prepare('SELECT w.id FROM "Worker" w LEFT JOIN "WorkerSummary" s ON s.workerId = w.id WHERE s.workerId IS NULL OR s.v <> ?')
      .pluck()
      .all(SUMMARY_VERSION) as string[];
  }

  private reader(workerId: string): SummaryReader {
    return {
      lastOf: (kinds, upTo) => this.oplog.lastOf(workerId, kinds, upTo),
      pendingInputs: () => this.oplog.pendingInputs(workerId),
      pendingInputsOf: (key) => this.oplog.pendingInputsOf(workerId, key),
    };
  }

  private write(workerId: string, s: WorkerSummary): void {
    const { length, status, error, pending, plain, ...facts } = s;
    this.put.run(workerId, SUMMARY_VERSION, length, status, error ?? null, pending, plain ? 1 : 0, JSON.stringify(facts));
  }
}

function fromRow(r: SummaryRow | undefined): WorkerSummary | undefined {
  if (!r || r.v !== SUMMARY_VERSION) return undefined;
  const facts = JSON.parse(r.facts) as Omit<WorkerSummary, 'length' | 'status' | 'error' | 'pending' | 'plain'>;
  return {
    length: r.length,
    status: r.status as WorkerSummary['status'],
    ...(r.error !== null ? { error: r.error } : {}),
    pending: r.pending,
    plain: r.plain === 1,
    ...facts,
  };
}
