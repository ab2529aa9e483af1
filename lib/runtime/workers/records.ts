// Worker records: creating workers, reading their rows (cached: a row never
// changes after creation but for an update, which drops it from the cache),
// and what the API shows of a worker (WorkerInfo).

import { checkName } from '../../components/registry';
import type { WorkerSummary } from '../../oplog/summary';
import type { ListedRow, WorkerCursor, WorkerRow } from '../../store/worker-store';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { WorkerFilter, WorkerInfo } from '../types';

/** Workers per page of listYielding: a page of rows and summaries stays well under 20 ms. */
const LIST_PAGE = 250;

export interface CreateWorker {
  component: string;
  name: string;
  version?: number;
  env?: [string, string][] | Record<string, string>;
  args?: string[];
  durable?: boolean;
}

export class WorkerRecords {
  private readonly rows = new Map<string, WorkerRow>();
  private readonly plain = new Map<string, boolean>();

  constructor(private readonly k: Kernel) {}

  create(p: CreateWorker): WorkerInfo {
    checkName('worker', p.name);
    const v = this.k.components.getVersion(p.component, p.version);
    if (!v) {
      throw new EngineError(
        p.version === undefined || !this.k.components.getVersion(p.component)
          ? `no component named ${p.component}`
          : `component ${p.component} has no version ${p.version}`,
        404,
      );
    }
    const env: [string, string][] = Array.isArray(p.env) ? p.env : Object.entries(p.env ?? {});
    for (const pair of env) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || !pair[0]) {
        throw new EngineError('env must map names to string values');
      }
    }
    const args = p.args ?? [];
    if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new EngineError('args must be a list of strings');
    const id = `${p.component}/${p.name}`;
    this.k.workers.transaction(() => {
      const existing = this.k.workers.get(id);
      if (existing?.deletedAt != null)
        throw new EngineError(
          `a deleted worker named ${p.name} is kept for replay; delete it permanently first (DELETE /api/workers/${p.component}/${p.name}?purge=true)`,
          409,
        );
      if (existing) throw new EngineError(`worker ${p.name} of ${p.component} already exists`, 409);
      this.checkLimit();
      this.k.workers.insert({
        id,
        componentName: p.component,
        name: p.name,
        version: v.version,
        env: JSON.stringify(env),
        args: JSON.stringify(args),
      });
      this.k.append(id, [
        {
          kind: 'create',
          componentName: p.component,
          componentVersion: v.version,
          workerName: p.name,
          env,
          args,
          ...(p.durable === false ? { durable: false as const } : {}),
        },
      ]);
    });
    this.k.statuses.put(id, { status: 'idle' });
    return this.get(id);
  }

  checkLimit(): void {
    const live = this.k.workers.countLive();
    if (live >= this.k.maxWorkers)
      throw new EngineError(`the playground already runs ${live} workers, its limit (PLAYGROUND_MAX_WORKERS): delete some first`, 429);
  }

  row(id: string): WorkerRow {
    let r = this.rows.get(id);
    if (!r) {
      r = this.k.workers.get(id);
      if (!r) throw new EngineError(`no worker ${id}`, 404);
      this.rows.set(id, r);
    }
    return r;
  }

  /** Whether the worker has a row (live or kept for replay). */
  exists(id: string): boolean {
    return this.rows.has(id) || this.k.workers.exists(id);
  }

  /** Drops the cached row: it changed (an update) or is gone. */
  forget(id: string): void {
    this.rows.delete(id);
  }

  /** Refuses to run a deleted worker: its oplog is kept for replay, fork and evaluation only. */
  live(id: string): WorkerRow {
    const row = this.row(id);
    if (row.deletedAt != null)
      throw new EngineError(`worker ${id} was deleted; its oplog is kept for replay (delete it permanently with ?purge=true)`, 410);
    return row;
  }

  /**
   * A plain worker (created with durable: false) is what the component would
   * be on an ordinary server: its thread records nothing and replays nothing,
   * its queue is in memory, a kill loses what it held and the invocation it
   * ran, and it comes back empty. Its oplog holds only what the runtime
   * writes about it (create, interrupted). The flag lives in its create entry.
   */
  isPlain(id: string, summary?: WorkerSummary): boolean {
    let p = this.plain.get(id);
    if (p === undefined) {
      p = (summary ?? this.k.store.summaries.get(id)).plain;
      this.plain.set(id, p);
    }
    return p;
  }

  get(id: string): WorkerInfo {
    return this.info(this.row(id), undefined);
  }

  /** Live workers; with `deleted: true`, the deleted ones kept for replay. */
  list(filter: WorkerFilter = {}): WorkerInfo[] {
    const all = this.k.workers.list(filter).map((r) => this.info(r, r.summary));
    return filter.status ? all.filter((w) => w.status === filter.status) : all;
  }

  /** What list returns, read a page at a time with a turn of the event loop between pages (the runtime's API serves this). */
  async listYielding(filter: WorkerFilter = {}): Promise<WorkerInfo[]> {
    const out: WorkerInfo[] = [];
    for await (const workers of this.pages(filter)) out.push(...workers);
    return out;
  }

  /**
   * What list returns as JSON text (an array), made a page at a time: the
   * runtime's API sends the web server this one string instead of ten
   * thousand objects to clone across the pipe, parse there and stringify
   * again for the response.
   */
  async listJson(filter: WorkerFilter = {}): Promise<string> {
    const parts: string[] = [];
    for await (const workers of this.pages(filter)) if (workers.length > 0) parts.push(JSON.stringify(workers).slice(1, -1));
    return `[${parts.join(',')}]`;
  }

  /** list's pages in order, with a turn of the event loop between them. */
  private async *pages(filter: WorkerFilter): AsyncGenerator<WorkerInfo[]> {
    for (let after: string | undefined; ;) {
      const p = this.page({ ...filter, limit: LIST_PAGE, after });
      yield p.workers;
      if (!p.next) return;
      after = p.next;
      await new Promise((r) => setImmediate(r));
    }
  }

  /** One page of list, newest first: at most `limit` workers after the cursor `after`. */
  page(filter: WorkerFilter & { limit: number; after?: string }): {
    workers: WorkerInfo[];
    next?: string;
  } {
    const cursor = filter.after === undefined ? undefined : parseCursor(filter.after);
    const workers: WorkerInfo[] = [];
    let last: ListedRow | undefined;
    // A status filter drops rows after the fact: read on until the page is full.
    for (;;) {
      const at: WorkerCursor | undefined = last ? { createdAt: Number(last.createdAt), id: last.id } : cursor;
      const rows = this.k.workers.page(filter, at, filter.limit);
      for (const r of rows) {
        last = r;
        const w = this.info(r, r.summary);
        if (filter.status && w.status !== filter.status) continue;
        workers.push(w);
        if (workers.length === filter.limit) break;
      }
      // A full page may be followed by an empty one: the next read finds out.
      if (workers.length === filter.limit) return { workers, next: `${Number(last!.createdAt)}.${last!.id}` };
      if (rows.length < filter.limit) return { workers };
    }
  }

  /** `joined`: the summary a listing read with the row (one query for the lot); missing or stale, it is rebuilt. */
  private info(r: WorkerRow, joined: WorkerSummary | undefined): WorkerInfo {
    const sum = joined ?? this.k.store.summaries.get(r.id);
    const s = this.k.statuses.get(r.id, sum);
    // Built field by field, not spread: a listing makes ten thousand of these.
    const w: WorkerInfo = {
      id: r.id,
      component: r.componentName,
      name: r.name,
      version: r.version,
      env: parseList(r.env) as [string, string][],
      args: parseList(r.args) as string[],
      status: s.status,
      lastError: s.error,
      createdAt: new Date(Number(r.createdAt)).toISOString(),
      oplogLength: sum.length,
      pendingInvocations: sum.pending,
      resident: this.k.residents.get(r.id)?.thread !== undefined,
    };
    if (s.status === 'interrupted' || s.status === 'suspended' || s.status === 'retrying')
      Object.assign(w, this.k.statuses.waitInfo(r.id, s.status, sum));
    if (this.isPlain(r.id, sum)) w.durable = false;
    if (r.deletedAt != null) w.deletedAt = new Date(Number(r.deletedAt)).toISOString();
    return w;
  }
}

/** A JSON list column; most are empty, read without a parse. */
const parseList = (text: string): unknown[] => (text === '[]' ? [] : (JSON.parse(text) as unknown[]));

/** A page cursor: `<createdAt ms>.<worker id>` of the last worker of a page. */
function parseCursor(after: string): WorkerCursor {
  const m = /^(\d{1,16})\.(.+)$/.exec(after);
  if (!m) throw new EngineError(`"after" is not a cursor from a previous page: ${JSON.stringify(after.slice(0, 80))}`);
  return { createdAt: Number(m[1]), id: m[2] ?? '' };
}
