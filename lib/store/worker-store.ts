// The Worker table, and the two ComponentVersion facts the runtime needs
// besides what ComponentRegistry owns. A worker row never changes after
// creation except its version (an update) and its deletion mark; its status
// is its summary's (lib/store/summary-store.ts).

import type { Database, Statement } from 'better-sqlite3';
import type { WorkerSummary } from '../oplog/summary';
import { joinedSummary, SUMMARY_COLUMNS, SUMMARY_UNSETTLED } from './summary-store';

export interface WorkerRow {
  id: string;
  componentName: string;
  name: string;
  version: number;
  env: string;
  args: string;
  createdAt: number | string;
  deletedAt?: number | bigint | null;
}

/** A listed worker: its row and its summary as stored (undefined when missing or stale: the caller rebuilds it). */
export interface ListedRow extends WorkerRow {
  summary: WorkerSummary | undefined;
}

/**
 * Worker rows joined with their summaries, one query for a whole listing. The
 * columns are what the list shows, each read once: a listing makes ten
 * thousand rows of them, and every value costs (the component and the name
 * are the id's two parts; the common empty lists come as NULL, no string).
 */
const WITH_SUMMARY = `SELECT w.id, w.version, NULLIF(w.env, '[]'), NULLIF(w.args, '[]'), w.createdAt, w.deletedAt, ${SUMMARY_COLUMNS} FROM "Worker" w LEFT JOIN "WorkerSummary" s ON s.workerId = w.id`;

/**
 * A row of WITH_SUMMARY read as an array: better-sqlite3 builds an object
 * property by property, which costs half a listing's time; a literal is cheap.
 */
function listed(r: unknown[]): ListedRow {
  const id = r[0] as string;
  // "<component>/<name>" (schema.prisma), and neither part may hold a '/' (checkName).
  const slash = id.indexOf('/');
  return {
    id,
    componentName: id.slice(0, slash),
    name: id.slice(slash + 1),
    version: r[1] as number,
    env: (r[2] as string | null) ?? '[]',
    args: (r[3] as string | null) ?? '[]',
    createdAt: r[4] as number,
    deletedAt: r[5] as number | null,
    summary: joinedSummary(r, 6),
  };
}

/** A live worker as recovery reads it: no metadata, its summary. */
export interface SummaryListed {
  id: string;
  createdAt: number;
  summary: WorkerSummary | undefined;
}

const SUMMARIES = `SELECT w.id, w.createdAt, ${SUMMARY_COLUMNS} FROM "Worker" w LEFT JOIN "WorkerSummary" s ON s.workerId = w.id`;

function summaryListed(r: unknown[]): SummaryListed {
  return { id: r[0] as string, createdAt: r[1] as number, summary: joinedSummary(r, 2) };
}

/** The index listing reads in its order (schema.prisma: deletedAt, createdAt desc, id). */
const LISTING_INDEX = 'Worker_deletedAt_createdAt_id_idx';

/** Where a page of workers starts: after this worker (newest first). */
export interface WorkerCursor {
  createdAt: number;
  id: string;
}

export class WorkerStore {
  /** Statements by their text: preparing one costs more than a page of the listing reads. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) this.statements.set(text, (st = this.db.prepare(text)));
    return st;
  }

  /** Runs `fn` in one transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get(id: string): WorkerRow | undefined {
    return this.sql('SELECT * FROM "Worker" WHERE id = ?').get(id) as WorkerRow | undefined;
  }

  exists(id: string): boolean {
    return this.sql('SELECT 1 FROM "Worker" WHERE id = ?').get(id) !== undefined;
  }

  /** A new worker row, created now. `env` and `args` are JSON text. */
  insert(w: { id: string; componentName: string; name: string; version: number; env: string; args: string }): void {
    this.sql('INSERT INTO "Worker" (id, componentName, name, version, env, args, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      w.id,
      w.componentName,
      w.name,
      w.version,
      w.env,
      w.args,
      Date.now(),
    );
  }

  countLive(): number {
    return this.sql('SELECT COUNT(*) FROM "Worker" WHERE deletedAt IS NULL').pluck().get() as number;
  }

  /** A component's live workers and the deleted ones kept for replay. */
  countOfComponent(name: string): { live: number; kept: number } {
    return this.sql(
      'SELECT COUNT(*) FILTER (WHERE deletedAt IS NULL) AS live, COUNT(*) FILTER (WHERE deletedAt IS NOT NULL) AS kept FROM "Worker" WHERE componentName = ?',
    ).get(name) as { live: number; kept: number };
  }

  /** Live workers (or the deleted ones), newest first, each with its summary's columns. */
  list(filter: { component?: string; deleted?: boolean }): ListedRow[] {
    const kept = filter.deleted ? 'deletedAt IS NOT NULL' : 'deletedAt IS NULL';
    return (
      (filter.component
        ? this.sql(`${WITH_SUMMARY} WHERE componentName = ? AND ${kept} ORDER BY createdAt DESC, id`).raw(true).all(filter.component)
        : this.sql(`${WITH_SUMMARY} WHERE ${kept} ORDER BY createdAt DESC, id`).raw(true).all()) as unknown[][]
    ).map(listed);
  }

  /**
   * At most `limit` rows after `at`, newest first, with their summaries: a
   * page seeks its cursor in the listing index and reads its own rows, so it
   * costs its own size, not the number of workers.
   */
  page(filter: { component?: string; deleted?: boolean }, at: WorkerCursor | undefined, limit: number): ListedRow[] {
    return this.pageOf(WITH_SUMMARY, listed, filter, at, limit);
  }

  /**
   * A page of live workers' ids, creation times and summaries (what recovery
   * reads), without the workers whose summary leaves recovery nothing to do
   * (SUMMARY_UNSETTLED): SQLite skips those in the join, so a start over ten
   * thousand settled workers makes no row of them. The listing index holds
   * the Worker side; only the summary is looked up.
   */
  unsettledPage(at: WorkerCursor | undefined, limit: number): SummaryListed[] {
    return this.pageOf(SUMMARIES, summaryListed, {}, at, limit, SUMMARY_UNSETTLED);
  }

  private pageOf<R>(
    select: string,
    read1: (r: unknown[]) => R,
    filter: { component?: string; deleted?: boolean },
    at: WorkerCursor | undefined,
    limit: number,
    also?: string,
  ): R[] {
    const where = [filter.deleted ? 'deletedAt IS NOT NULL' : 'deletedAt IS NULL'];
    if (also) where.push(also);
    const params: (string | number)[] = [];
    if (filter.component) {
      where.push('componentName = ?');
      params.push(filter.component);
    }
    // Deleted workers (few) through the listing index, sorted: left to choose, SQLite may walk the id
    // index from the cursor over every worker, live ones too, for the rest of the cursor's millisecond.
    const from = filter.deleted ? select.replace('FROM "Worker" w', `FROM "Worker" w INDEXED BY "${LISTING_INDEX}"`) : select;
    const read = (cond: string, args: (string | number)[], n: number) =>
      (
        this.sql(`${from} WHERE ${[...where, cond].join(' AND ')} ORDER BY createdAt DESC, id LIMIT ?`)
          .raw(true)
          .all(...params, ...args, n) as unknown[][]
      ).map(read1);
    if (!at) return read('1', [], limit);
    // Two index ranges instead of one OR (which SQLite would answer by sorting every row after the cursor):
    // the rest of the cursor's millisecond, then the older ones.
    const same = read('createdAt = ? AND id > ?', [at.createdAt, at.id], limit);
    return same.length === limit ? same : [...same, ...read('createdAt < ?', [at.createdAt], limit - same.length)];
  }

  setVersion(id: string, version: number): void {
    this.sql('UPDATE "Worker" SET version = ? WHERE id = ?').run(version, id);
  }

  markDeleted(id: string): void {
    this.sql('UPDATE "Worker" SET deletedAt = ? WHERE id = ?').run(Date.now(), id);
  }

  delete(id: string): void {
    this.sql('DELETE FROM "Worker" WHERE id = ?').run(id);
  }

  /** How many component names the playground holds (its limit counts names, not versions). */
  componentNameCount(): number {
    return this.sql('SELECT COUNT(DISTINCT componentName) FROM "ComponentVersion"').pluck().get() as number;
  }

  /** Keeps the source an imported version was built from, so its page shows it and Edit works. */
  setComponentSource(name: string, version: number, sourceKind: string, source: string): void {
    this.sql('UPDATE "ComponentVersion" SET sourceKind = ?, source = ? WHERE componentName = ? AND version = ?').run(
      sourceKind,
      source,
      name,
      version,
    );
  }
}
