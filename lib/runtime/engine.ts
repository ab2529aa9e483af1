// The engine: owns component versions, workers and their threads. One thread
// per resident worker; killing a worker terminates its thread for real. All
// state that matters is in the oplog: a fresh Engine over the same database
// recovers every worker that was running or had invocations queued.

import { Worker, MessageChannel } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { OplogStore } from '../store/oplog-store';
import type { OplogEntry, OplogEntryBody } from '../oplog/entry';
import { DROP_KINDS, History, LIFECYCLE_KINDS, OUTCOME_KINDS, type Invocation, type PendingEntry } from '../oplog/history';
import { ComponentRegistry, checkName, type ComponentSource } from '../components/registry';
import { UserError } from '../components/errors';
import { findFunction } from '../components/functions';
import { qualifiedName } from '../wit/types';
import { jsonToJco, ValueError } from '../values/json';
import { parseWaveArgs } from '../values/wave';
import type { JsonValue } from '../values/json-value';
import type { FromThread, ThreadInit } from './thread/protocol';
import { performHttp } from './http';
import { egressPolicy, type EgressPolicy } from '../security/egress';
import { securityConfig } from '../security/config';
import { GroupCommitter } from './committer';
import { Scheduler } from './scheduler';
import { StartQueue } from './start-queue';
import { DebugSession } from './debug-session';
import type { DebugCommand, DebugState } from '../replay/stepper';
import type { EngineEvent, InvokeRequest, InvokeResult, PendingInvocation, PromiseInfo, WorkerInfo, WorkerStatus } from './types';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type RuntimeCall } from '../host/context';
import { componentUuid, type GuestWorkerMetadata } from '../host/golem';
import { encode } from '../oplog/codec';
import { CREATE_PROMISE, HOST_FORK } from '../host/functions';
import { jcoToJson } from '../values/json';
import { witValueToJco, jcoToWitValue, type WitValue } from '../values/wit-value';
import { KvStore, type WorkerStores } from '../store/kv-store';
import { tagRequest, threadProbe, type CheckProbe } from '../checker/probe';
import { fromSavedJson } from './thread/snapshot-shape';

export interface EngineOptions {
  db: Database;
  dbPath: string;
  filesDir: string;
  /** The bundled thread entry (.runtime/thread.mjs). */
  threadEntry: string;
  idleEvictMs?: number;
  invocationTimeoutMs?: number;
  memoryLimitMb?: number;
  /** Booted threads kept ready for new or recovering workers. */
  spareThreads?: number;
  /** Where guests' outgoing HTTP may go (default: from the environment, lib/security/config.ts). */
  egress?: EgressPolicy;
  /** Live workers and component names the playground holds at most (default: from the environment). */
  maxWorkers?: number;
  maxComponents?: number;
  /** A durability check's runtime: outgoing HTTP says which throwaway worker sent it. */
  tagHttp?: boolean;
  /** Thread starts (boot, instantiation, replay) at once; more wait their turn. Default: the cores, at least 2. */
  startConcurrency?: number;
}

/** recoverAll's longest run without yielding to the event loop. */
const RECOVER_SLICE_MS = 10;

/** Golem's backoff: min delay × multiplier^(attempt-1), capped, plus jitter. */
export function retryDelay(p: RetryPolicy, attempt: number): number {
  const base = Math.min(p.maxDelayMs, p.minDelayMs * p.multiplier ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + Math.random() * (p.maxJitterFactor ?? 0)));
}

/** Debug sessions idle this long are closed; at most this many stay open. */
const DEBUG_IDLE_MS = 15 * 60_000;
/** The interrupted entry's reason when the worker was suspended: it keeps its wake-up. */
const KILLED_SUSPENDED = 'killed by request while suspended';
const KILLED_MESSAGE = 'the worker was killed while this invocation ran; it resumes when the worker recovers (invoke again or resume), retry with the same idempotency key to get its result';
const DEBUG_MAX = 8;

// A host-side leak in a worker's thread fails that worker, not the runtime.
const THREAD_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 2 };

interface WorkerRow { id: string; componentName: string; name: string; version: number; env: string; args: string; status: string; createdAt: number | string; deletedAt?: number | bigint | null }

interface Waiter { resolve(v: JsonValue): void; reject(e: Error): void }

type StopReason =
  | { kind: 'kill'; recover: boolean } | { kind: 'evict' } | { kind: 'timeout'; key: string; ms: number } | { kind: 'delete' } | { kind: 'shutdown' }
  /** Set-oplog-index: the thread goes and the worker replays at once. */
  | { kind: 'restart' };

class Resident {
  thread?: Worker;
  /** Resolves once recovery finished and the thread takes new work. */
  ready?: Promise<void>;
  recovered = false;
  readonly outstanding = new Set<string>();
  readonly waiters = new Map<string, Waiter[]>();
  timer?: NodeJS.Timeout;
  evictTimer?: NodeJS.Timeout;
  stop?: StopReason;
  crash?: string;
  /** Why the current thread is recovering: the reason of the `interrupted` entry it follows. */
  cause?: string;
  constructor(readonly id: string) {}
}

export class EngineError extends UserError {}

export class Engine {
  readonly store: OplogStore;
  readonly components: ComponentRegistry;
  private readonly committer: GroupCommitter;
  private readonly residents = new Map<string, Resident>();
  private readonly statuses = new Map<string, { status: WorkerStatus; error?: string }>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly idleEvictMs: number;
  private readonly invocationTimeoutMs: number;
  private readonly spareThreads: number;
  private readonly egress: EgressPolicy;
  private readonly maxWorkers: number;
  private readonly maxComponents: number;

  /** wasi:keyvalue and wasi:blobstore data (this process is the database's one writer). */
  private readonly kv: KvStore;

  constructor(private readonly opts: EngineOptions) {
    const security = securityConfig();
    this.egress = opts.egress ?? egressPolicy(security);
    this.maxWorkers = opts.maxWorkers ?? security.maxWorkers;
    this.maxComponents = opts.maxComponents ?? security.maxComponents;
    this.store = new OplogStore(opts.db);
    this.kv = new KvStore(opts.db);
    this.committer = new GroupCommitter(this.store, {
      committed: (workerId, entries) => this.emit({ type: 'entries', workerId, entries }),
      killPoint: (workerId) => this.killPoints.get(workerId),
      reachedKillPoint: (workerId) => {
        this.killPoints.delete(workerId);
        // A check's runtime-phase kill point: the whole process dies here, for real.
        if (this.probes.get(workerId)?.sigkillAfter !== undefined) process.kill(process.pid, 'SIGKILL');
        const r = this.residents.get(workerId);
        if (!r?.thread) return;
        r.stop = { kind: 'kill', recover: false };
        void r.thread.terminate();
      },
    });
    this.components = new ComponentRegistry(opts.db, opts.filesDir, (opts.memoryLimitMb ?? 256) * 1024 * 1024);
    this.idleEvictMs = opts.idleEvictMs ?? 5 * 60_000;
    this.invocationTimeoutMs = opts.invocationTimeoutMs ?? 60_000;
    this.spareThreads = opts.spareThreads ?? 2;
    this.starts = new StartQueue(opts.startConcurrency);
    this.refillSpares();
  }

  get db(): Database {
    return this.opts.db;
  }

  onEvent(l: (e: EngineEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- components ----

  registerComponent(name: string, src: ComponentSource) {
    const names = this.db.prepare('SELECT COUNT(DISTINCT componentName) FROM "ComponentVersion"').pluck().get() as number;
    if (names >= this.maxComponents && !this.components.getVersion(name)) {
      throw new EngineError(`the playground already holds ${names} components, its limit (PLAYGROUND_MAX_COMPONENTS): delete one, or add a version to an existing one`, 429);
    }
    return this.components.register(name, src);
  }

  async deleteComponent(name: string): Promise<void> {
    if (!this.components.getVersion(name)) throw new EngineError(`no component named ${name}`, 404);
    const { live, kept } = this.db.prepare('SELECT COUNT(*) FILTER (WHERE deletedAt IS NULL) AS live, COUNT(*) FILTER (WHERE deletedAt IS NOT NULL) AS kept FROM "Worker" WHERE componentName = ?')
      .get(name) as { live: number; kept: number };
    if (live > 0) throw new EngineError(`component ${name} still has ${live} worker(s): delete them first`, 409);
    if (kept > 0) throw new EngineError(`component ${name} has ${kept} deleted worker(s) kept for replay: delete them permanently first (?purge=true)`, 409);
    await this.components.delete(name);
  }

  // ---- workers ----

  createWorker(p: { component: string; name: string; version?: number; env?: [string, string][] | Record<string, string>; args?: string[]; durable?: boolean }): WorkerInfo {
    checkName('worker', p.name);
    const v = this.components.getVersion(p.component, p.version);
    if (!v) {
      throw new EngineError(p.version === undefined || !this.components.getVersion(p.component)
        ? `no component named ${p.component}` : `component ${p.component} has no version ${p.version}`, 404);
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
    this.db.transaction(() => {
      const existing = this.db.prepare('SELECT deletedAt FROM "Worker" WHERE id = ?').get(id) as { deletedAt: number | null } | undefined;
      if (existing?.deletedAt != null) throw new EngineError(`a deleted worker named ${p.name} is kept for replay; delete it permanently first (DELETE /api/workers/${p.component}/${p.name}?purge=true)`, 409);
      if (existing) throw new EngineError(`worker ${p.name} of ${p.component} already exists`, 409);
      this.checkWorkerLimit();
      this.db.prepare('INSERT INTO "Worker" (id, componentName, name, version, env, args, status, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, p.component, p.name, v.version, JSON.stringify(env), JSON.stringify(args), 'idle', Date.now());
      this.appendFromRuntime(id, [{ kind: 'create', componentName: p.component, componentVersion: v.version, workerName: p.name, env, args, ...(p.durable === false ? { durable: false as const } : {}) }]);
    })();
    this.statuses.set(id, { status: 'idle' });
    return this.getWorker(id);
  }

  private checkWorkerLimit(): void {
    const live = this.db.prepare('SELECT COUNT(*) FROM "Worker" WHERE deletedAt IS NULL').pluck().get() as number;
    if (live >= this.maxWorkers) throw new EngineError(`the playground already runs ${live} workers, its limit (PLAYGROUND_MAX_WORKERS): delete some first`, 429);
  }

  // Worker rows never change after creation: read once, dropped on delete.
  private readonly rows = new Map<string, WorkerRow>();

  private row(id: string): WorkerRow {
    let r = this.rows.get(id);
    if (!r) {
      r = this.db.prepare('SELECT * FROM "Worker" WHERE id = ?').get(id) as WorkerRow | undefined;
      if (!r) throw new EngineError(`no worker ${id}`, 404);
      this.rows.set(id, r);
    }
    return r;
  }

  getWorker(id: string): WorkerInfo {
    return this.info(this.row(id));
  }

  /** Live workers; with `deleted: true`, the deleted ones kept for replay. */
  listWorkers(filter: { component?: string; status?: WorkerStatus; deleted?: boolean } = {}): WorkerInfo[] {
    const kept = filter.deleted ? 'deletedAt IS NOT NULL' : 'deletedAt IS NULL';
    const rows = (filter.component
      ? this.db.prepare(`SELECT * FROM "Worker" WHERE componentName = ? AND ${kept} ORDER BY createdAt DESC, id`).all(filter.component)
      : this.db.prepare(`SELECT * FROM "Worker" WHERE ${kept} ORDER BY createdAt DESC, id`).all()) as WorkerRow[];
    const all = rows.map((r) => this.info(r));
    return filter.status ? all.filter((w) => w.status === filter.status) : all;
  }

  /**
   * One page of listWorkers, newest first: at most `limit` workers after the
   * cursor `after` (the `next` of the page before). Each page costs its own
   * size, not the number of workers.
   */
  listWorkersPage(filter: { component?: string; status?: WorkerStatus; deleted?: boolean; limit: number; after?: string }): { workers: WorkerInfo[]; next?: string } {
    const cursor = filter.after === undefined ? undefined : parseCursor(filter.after);
    const where = [filter.deleted ? 'deletedAt IS NOT NULL' : 'deletedAt IS NULL'];
    const params: (string | number)[] = [];
    if (filter.component) {
      where.push('componentName = ?');
      params.push(filter.component);
    }
    const page = this.db.prepare(
      `SELECT * FROM "Worker" WHERE ${where.join(' AND ')} AND (? IS NULL OR createdAt < ? OR (createdAt = ? AND id > ?)) ORDER BY createdAt DESC, id LIMIT ?`,
    );
    const workers: WorkerInfo[] = [];
    let last: WorkerRow | undefined;
    // A status filter drops rows after the fact: read on until the page is full.
    for (;;) {
      const at = last ? { createdAt: Number(last.createdAt), id: last.id } : cursor;
      const rows = page.all(...params, at?.createdAt ?? null, at?.createdAt ?? null, at?.createdAt ?? null, at?.id ?? null, filter.limit) as WorkerRow[];
      for (const r of rows) {
        last = r;
        const w = this.info(r);
        if (filter.status && w.status !== filter.status) continue;
        workers.push(w);
        if (workers.length === filter.limit) break;
      }
      // A full page may be followed by an empty one: the next read finds out.
      if (workers.length === filter.limit) return { workers, next: `${Number(last!.createdAt)}.${last!.id}` };
      if (rows.length < filter.limit) return { workers };
    }
  }

  private info(r: WorkerRow): WorkerInfo {
    const s = this.status(r.id);
    return {
      id: r.id, component: r.componentName, name: r.name, version: r.version, env: JSON.parse(r.env), args: JSON.parse(r.args),
      status: s.status, lastError: s.error, createdAt: new Date(Number(r.createdAt)).toISOString(),
      oplogLength: this.store.length(r.id), pendingInvocations: this.pending(r.id).length,
      resident: this.residents.get(r.id)?.thread !== undefined,
      ...this.waitInfo(r.id, s.status),
      ...(this.isPlain(r.id) ? { durable: false as const } : {}),
      ...(r.deletedAt != null ? { deletedAt: new Date(Number(r.deletedAt)).toISOString() } : {}),
    };
  }

  private readonly plain = new Map<string, boolean>();

  /**
   * A plain worker (created with durable: false) is what the component would
   * be on an ordinary server: its thread records nothing and replays nothing,
   * its queue is in memory, a kill loses what it held and the invocation it
   * ran, and it comes back empty. Its oplog holds only what the runtime
   * writes about it (create, interrupted). The flag lives in its create entry.
   */
  isPlain(id: string): boolean {
    let p = this.plain.get(id);
    if (p === undefined) {
      const first = this.store.slice(id, 1, 1)[0];
      p = first?.kind === 'create' && first.durable === false;
      this.plain.set(id, p);
    }
    return p;
  }

  /** Refuses to run a deleted worker: its oplog is kept for replay, fork and evaluation only. */
  private live(id: string): WorkerRow {
    const row = this.row(id);
    if (row.deletedAt != null) throw new EngineError(`worker ${id} was deleted; its oplog is kept for replay (delete it permanently with ?purge=true)`, 410);
    return row;
  }

  /** Why a suspended or retrying worker is out of memory, and until when. */
  private waitInfo(id: string, status: WorkerStatus): Partial<WorkerInfo> {
    if (status === 'interrupted') return this.interruptedWait(id) ?? {};
    if (status === 'suspended') {
      const e = this.store.lastOf(id, ['suspend']);
      if (e?.kind !== 'suspend') return {};
      return e.until !== undefined ? { suspendedUntil: new Date(e.until).toISOString() } : e.promise !== undefined ? { awaitingPromise: e.promise } : {};
    }
    if (status === 'retrying') {
      const e = this.store.lastOf(id, ['error']);
      if (e?.kind !== 'error' || e.retryAt === undefined) return {};
      return { retry: { attempt: e.attempt ?? 1, maxAttempts: e.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts, at: new Date(e.retryAt).toISOString() } };
    }
    return {};
  }

  /**
   * What an interrupted worker was suspended on when it was killed: it still
   * wakes at the sleep's deadline or when the promise completes, as on Golem.
   */
  private interruptedWait(id: string): { suspendedUntil?: string; awaitingPromise?: number } | undefined {
    const last = this.store.lastOf(id, ['interrupted']);
    if (last?.kind !== 'interrupted' || last.reason !== KILLED_SUSPENDED) return undefined;
    const e = this.store.lastOf(id, ['suspend'], last.index);
    if (e?.kind !== 'suspend') return undefined;
    return e.until !== undefined ? { suspendedUntil: new Date(e.until).toISOString() } : e.promise !== undefined ? { awaitingPromise: e.promise } : undefined;
  }

  /** Status: live knowledge when we have it, else derived from the oplog. */
  status(id: string): { status: WorkerStatus; error?: string } {
    let s = this.statuses.get(id);
    if (!s) {
      s = this.deriveStatus(id);
      this.statuses.set(id, s);
    }
    return s;
  }

  private deriveStatus(id: string): { status: WorkerStatus; error?: string } {
    return this.lifecycle(id).status();
  }

  /** The entries History.status() needs: the newest lifecycle entry and, after a revert, how the history before it ended. */
  private lifecycle(id: string): History {
    const last = this.store.lastOf(id, LIFECYCLE_KINDS);
    const before = last?.kind === 'revert' ? this.store.lastOf(id, OUTCOME_KINDS, last.start - 1) : undefined;
    return new History(before && last ? [before, last] : last ? [last] : []);
  }

  private setStatus(id: string, status: WorkerStatus, error?: string): void {
    const prev = this.statuses.get(id);
    if (prev && prev.status === status && prev.error === error) return;
    this.statuses.set(id, { status, error });
    // The column is a listing cache; running/idle flip on every invocation and
    // are cheap to derive again, so only lasting states are written.
    if (status !== 'running' && status !== 'idle') this.db.prepare('UPDATE "Worker" SET status = ? WHERE id = ?').run(status, id);
    this.emit({ type: 'status', workerId: id, status, error });
  }

  /** Queued or scheduled invocations not started, not cancelled, not reverted. */
  private pending(id: string): PendingEntry[] {
    return new History(this.store.pendingInputs(id)).pending();
  }

  /** The runtime writes only while no thread writes for this worker, or entries replay skips. */
  private appendFromRuntime(id: string, bodies: OplogEntryBody[]): OplogEntry[] {
    return this.committer.appendNow(id, bodies);
  }

  // ---- invocation ----

  async invoke(workerId: string, req: InvokeRequest): Promise<InvokeResult> {
    const row = this.live(workerId);
    const version = this.components.getVersion(row.componentName, row.version);
    if (!version) throw new EngineError(`component ${row.componentName} v${row.version} of this worker no longer exists`, 409);
    if (typeof req.function !== 'string' || !req.function) throw new EngineError('say which function to invoke ("function")');
    const f = findFunction(version.exports, req.function);
    if (!f) {
      throw new EngineError(`${row.componentName} v${row.version} exports no function "${req.function}"; it exports: ${version.exports.map(qualifiedName).join(', ')}`, 404);
    }
    const fn = qualifiedName(f);
    let args: JsonValue[];
    try {
      if (req.wave !== undefined) args = parseWaveArgs(f.params, req.wave);
      else {
        args = req.args ?? [];
        if (!Array.isArray(args)) throw new EngineError('"args" must be a JSON array');
        if (args.length !== f.params.length) {
          throw new EngineError(`${fn} takes ${f.params.length} argument(s) (${f.params.map((p) => p.name).join(', ')}), got ${args.length}`);
        }
        f.params.forEach((p, i) => jsonToJco(p.type, args[i], `args[${i}] (${p.name})`));
      }
    } catch (e) {
      if (e instanceof ValueError) throw new EngineError(e.message);
      throw e;
    }
    if (req.idempotencyKey !== undefined && (typeof req.idempotencyKey !== 'string' || !req.idempotencyKey || req.idempotencyKey.length > 200)) {
      throw new EngineError('idempotencyKey must be a non-empty string of at most 200 characters');
    }
    const key = req.idempotencyKey ?? randomUUID();
    let scheduledAt: number | undefined;
    if (req.scheduleAt !== undefined) {
      scheduledAt = typeof req.scheduleAt === 'number' ? req.scheduleAt : Date.parse(req.scheduleAt);
      if (!Number.isFinite(scheduledAt)) throw new EngineError(`scheduleAt must be an ISO time or epoch milliseconds, got ${JSON.stringify(req.scheduleAt)}`);
    }
    const wait = req.wait !== false && scheduledAt === undefined;

    // A key we generate is new by construction; only a caller's key can repeat.
    const prior = req.idempotencyKey === undefined ? undefined : this.invocationOf(workerId, key);
    if (prior) {
      if (prior.functionName !== undefined && prior.functionName !== fn) {
        throw new EngineError(`idempotency key ${key} was already used for ${prior.functionName}`, 409);
      }
      if (prior.state === 'finished') return { idempotencyKey: key, result: prior.result ?? null };
      // An error with a retry ahead is not the end of the invocation.
      if (prior.state === 'failed' || prior.state === 'exited') {
        throw new EngineError(prior.state === 'failed' ? `the invocation failed: ${prior.error}` : 'the worker exited during this invocation', 409);
      }
      // Already recorded, not finished: attach to it (a suspended or retrying worker comes back by itself).
      const r = this.resident(workerId);
      const waiting = wait ? this.waitFor(r, key) : undefined;
      const st = this.status(workerId).status;
      if (st === 'suspended' || st === 'retrying') r.outstanding.add(key);
      else await this.ensureThread(workerId);
      return waiting ? { idempotencyKey: key, result: await waiting } : { idempotencyKey: key, queued: true };
    }

    const s = this.status(workerId);
    if (s.status === 'failed') throw new EngineError(`worker ${workerId} has failed (${s.error ?? 'unknown error'}); it takes no more invocations`, 409);
    if (s.status === 'exited') throw new EngineError(`worker ${workerId} has exited; it takes no more invocations`, 409);

    const r = this.resident(workerId);
    // An awaited call on an idle worker needs no pending entry: until its
    // invoked entry is written nothing was acknowledged, and a retry with the
    // key is safe. Everything else is recorded before we answer.
    const direct = wait && r.outstanding.size === 0 && s.status === 'idle';
    if (!direct && !this.isPlain(workerId)) {
      // Durable before acknowledged: an enqueued invocation survives any crash.
      this.appendFromRuntime(workerId, [{ kind: 'pending-worker-invocation', functionName: fn, args, idempotencyKey: key, ...(scheduledAt !== undefined ? { scheduledAt } : {}) }]);
    }
    if (scheduledAt !== undefined && scheduledAt > Date.now()) {
      this.scheduleInvocation(workerId, key, scheduledAt);
      return { idempotencyKey: key, queued: true };
    }
    if (s.status === 'suspended' || s.status === 'retrying') {
      // Recorded as pending: it runs after the waiting invocation, once the worker is back.
      r.outstanding.add(key);
      if (!wait) return { idempotencyKey: key, queued: true };
      return { idempotencyKey: key, result: await this.waitFor(r, key) };
    }
    const waiting = wait ? this.waitFor(r, key) : undefined;
    r.outstanding.add(key);
    await this.ensureThread(workerId);
    // A plain worker killed while its thread started has dropped this call (nothing records it): it must not run later.
    if (r.outstanding.has(key) || !this.isPlain(workerId)) r.thread?.postMessage({ type: 'invoke', key, functionName: fn, args });
    if (!waiting) return { idempotencyKey: key, queued: true };
    return { idempotencyKey: key, result: await waiting };
  }

  private waitFor(r: Resident, key: string): Promise<JsonValue> {
    const p = new Promise<JsonValue>((resolve, reject) => {
      const list = r.waiters.get(key) ?? [];
      list.push({ resolve, reject });
      r.waiters.set(key, list);
    });
    // It may be rejected before the caller awaits it (a kill during start-up):
    // that must not count as an unhandled rejection, which would end the runtime.
    p.catch(() => {});
    return p;
  }

  private settle(r: Resident, key: string, outcome: { result: JsonValue } | { error: Error }): void {
    const list = r.waiters.get(key);
    r.waiters.delete(key);
    for (const w of list ?? []) {
      if ('result' in outcome) w.resolve(outcome.result);
      else w.reject(outcome.error);
    }
  }

  private rejectAll(r: Resident, error: Error): void {
    for (const key of [...r.waiters.keys()]) this.settle(r, key, { error });
  }

  private resident(id: string): Resident {
    let r = this.residents.get(id);
    if (!r) {
      r = new Resident(id);
      this.residents.set(id, r);
    }
    return r;
  }

  // ---- threads ----

  /** Starts the worker's thread if it has none: recovery by replay, then live. */
  async ensureThread(id: string): Promise<void> {
    const r = this.resident(id);
    if (r.thread) return r.ready;
    const row = this.row(id);
    const loaded = await this.components.load(row.componentName, row.version);
    if (r.thread) return r.ready;
    // A burst of wake-ups starts a few threads at a time, in the order they came.
    const release = await this.starts.acquire();
    if (r.thread || this.closed || this.residents.get(id) !== r) {
      release();
      return r.thread ? r.ready : undefined;
    }
    // The new thread reads its history: everything posted so far must be in it.
    this.committer.flush();
    this.committer.revive(id);
    this.dropUnfinishedRegion(id);
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const init: ThreadInit = {
      workerId: id, dbPath: this.opts.dbPath, bindingsUrl: loaded.bindingsUrl, modules: loaded.modules,
      exports: loaded.exports, env: JSON.parse(row.env), args: JSON.parse(row.args), syncSignal: signal, syncPort: port2,
      ...(this.probes.has(id) ? { probe: threadProbe(this.probes.get(id)!) } : {}),
      ...(this.isPlain(id) ? { plain: true } : {}),
    };
    if (this.lastBindings !== loaded.bindingsUrl) {
      this.lastBindings = loaded.bindingsUrl;
      for (const t of this.spares) t.postMessage({ type: 'prepare', bindingsUrl: loaded.bindingsUrl });
    }
    const thread = this.takeSpare();
    thread.postMessage({ type: 'assign', init }, [port2]);
    r.thread = thread;
    r.recovered = false;
    r.stop = undefined;
    r.crash = undefined;
    clearTimeout(r.evictTimer);
    const flag = new Int32Array(signal);
    // A recovery after a kill or a crash says so; a new, evicted or woken worker's replay does not.
    const last = this.store.lastOf(id, LIFECYCLE_KINDS);
    r.cause = last?.kind === 'interrupted' ? last.reason : undefined;
    this.emit({ type: 'recovery', workerId: id, phase: 'started', total: this.store.length(id), cause: r.cause });
    let markReady!: () => void;
    r.ready = new Promise<void>((res) => (markReady = res));
    void r.ready.then(release);
    thread.on('message', (m: FromThread) => this.onThreadMessage(id, r, thread, m, port1, flag, markReady));
    thread.on('error', (e) => (r.crash = e.message));
    thread.on('exit', () => {
      port1.close();
      markReady();
      this.onThreadExit(id, r, thread);
    });
    return r.ready;
  }

  private onThreadMessage(id: string, r: Resident, thread: Worker, m: FromThread, port: import('node:worker_threads').MessagePort, flag: Int32Array, markReady: () => void): void {
    if (r.thread !== thread || r.stop) return;
    if (m.type === 'append') return this.committer.enqueue(id, m.entries);
    if (m.type === 'probe') {
      // A check's kill point fires once: the recovery after it runs free.
      const p = this.probes.get(id);
      if (p) this.probes.set(id, { pinned: p.pinned });
      r.stop = { kind: 'kill', recover: false };
      void thread.terminate();
      return;
    }
    if (m.type === 'sync') {
      // The request leaves only after everything before it is durable.
      this.committer.flush();
      if (r.stop) return; // the flush reached a kill point: the thread is gone
      const answer = m.op === 'http' ? performHttp(this.opts.tagHttp ? tagRequest(m.payload, id) : m.payload, this.egress) : this.hostCall(id, r, thread, m.payload).then((ok) => ({ ok }), (e: Error) => ({ error: e.message }));
      void answer.then((reply) => {
        if (r.thread !== thread) return;
        port.postMessage(reply);
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      });
      return;
    }
    // Outcomes are acted on once the entries before them are committed.
    this.committer.then(() => {
      if (r.thread === thread && !r.stop) this.onThreadOutcome(id, r, thread, m, markReady);
    });
  }

  private onThreadOutcome(id: string, r: Resident, thread: Worker, m: Exclude<FromThread, { type: 'append' | 'sync' }>, markReady: () => void): void {
    switch (m.type) {
      case 'progress':
        this.emit({ type: 'recovery', workerId: id, phase: 'progress', index: m.index, total: m.total, cause: r.cause });
        break;
      case 'recovered':
        r.recovered = true;
        this.emit({ type: 'recovery', workerId: id, phase: 'done', ms: m.ms, replayedInvocations: m.replayedInvocations, total: m.lastIndex, cause: r.cause });
        if (r.outstanding.size === 0) this.setStatus(id, 'idle');
        markReady();
        this.scheduleEviction(id, r);
        break;
      case 'started':
        r.outstanding.add(m.key);
        this.setStatus(id, 'running');
        clearTimeout(r.timer);
        r.timer = setTimeout(() => this.stopThread(id, { kind: 'timeout', key: m.key, ms: this.invocationTimeoutMs }), this.invocationTimeoutMs);
        break;
      case 'completed':
        clearTimeout(r.timer);
        r.outstanding.delete(m.key);
        this.settle(r, m.key, { result: m.result });
        if (r.outstanding.size === 0 && r.recovered) this.setStatus(id, 'idle');
        this.scheduleEviction(id, r);
        break;
      case 'failed': {
        clearTimeout(r.timer);
        // The runtime records the failure and decides, by the worker's retry policy, whether it is final.
        const policy = m.retryPolicy ?? DEFAULT_RETRY_POLICY;
        const attempt = m.key ? this.store.byIdempotencyKey(id, m.key).filter((e) => e.kind === 'error').length + 1 : 1;
        const retry = !m.final && m.key !== undefined && attempt <= policy.maxAttempts;
        const retryAt = retry ? Date.now() + retryDelay(policy, attempt) : undefined;
        this.appendFromRuntime(id, [{ kind: 'error', error: m.error, idempotencyKey: m.key, attempt, maxAttempts: policy.maxAttempts, ...(retryAt ? { retryAt } : {}) }]);
        if (retryAt !== undefined) {
          this.detach(r, thread);
          this.setStatus(id, 'retrying', m.error);
          this.wakeAt(id, retryAt);
        } else {
          this.setStatus(id, 'failed', m.error);
          this.rejectAll(r, new EngineError(`the invocation failed: ${m.error}`, 409));
          r.outstanding.clear();
          r.stop = { kind: 'evict' };
        }
        void thread.terminate();
        break;
      }
      case 'suspend':
        // Durable first: the suspend entry is how a restarted runtime knows to wake it.
        clearTimeout(r.timer);
        this.appendFromRuntime(id, [{ kind: 'suspend', ...(m.until !== undefined ? { until: m.until } : {}), ...(m.promise !== undefined ? { promise: m.promise } : {}) }]);
        this.detach(r, thread);
        this.setStatus(id, 'suspended');
        if (m.until !== undefined) this.wakeAt(id, m.until);
        // Completed between the guest's check and now: wake at once.
        else if (m.promise !== undefined && this.promiseData(id, m.promise) !== null) this.wakeAt(id, Date.now());
        break;
      case 'exited':
        clearTimeout(r.timer);
        this.setStatus(id, 'exited');
        this.rejectAll(r, new EngineError(`the worker exited with code ${m.code}`, 409));
        r.outstanding.clear();
        r.stop = { kind: 'evict' };
        void thread.terminate();
        break;
    }
  }

  /**
   * Lets go of a thread that is ending by design (suspended, awaiting a
   * retry): the worker may be woken before the thread has finished exiting.
   * Its outstanding invocations stay: they finish after the wake.
   */
  private detach(r: Resident, thread: Worker): void {
    clearTimeout(r.timer);
    clearTimeout(r.evictTimer);
    r.thread = undefined;
    r.ready = undefined;
    r.recovered = false;
    r.stop = undefined;
    void thread.terminate();
  }

  private onThreadExit(id: string, r: Resident, thread: Worker): void {
    if (r.thread !== thread) return;
    clearTimeout(r.timer);
    clearTimeout(r.evictTimer);
    r.thread = undefined;
    r.ready = undefined;
    r.recovered = false;
    const stop = r.stop;
    r.stop = undefined;
    if (stop?.kind === 'delete' || stop?.kind === 'shutdown') return;
    if (stop?.kind === 'restart') {
      void this.ensureThread(id).catch((e: Error) => this.setStatus(id, 'failed', e.message));
      return;
    }
    if (stop?.kind === 'evict') {
      if (this.status(id).status === 'running') this.setStatus(id, 'idle');
      return;
    }
    if (stop?.kind === 'timeout') {
      const fn = this.store.byIdempotencyKey(id, stop.key).find((e) => e.kind === 'exported-function-invoked');
      const error = `invocation ${fn && fn.kind === 'exported-function-invoked' ? fn.functionName : stop.key} exceeded the time limit of ${stop.ms} ms`;
      this.appendFromRuntime(id, [{ kind: 'error', error, idempotencyKey: stop.key }]);
      this.setStatus(id, 'failed', error);
      this.rejectAll(r, new EngineError(`the invocation failed: ${error}`, 409));
      r.outstanding.clear();
      return;
    }
    if (stop?.kind === 'kill') {
      this.appendFromRuntime(id, [{ kind: 'interrupted', reason: stop.recover ? 'killed; recovering at once' : 'killed by request' }]);
      if (this.isPlain(id)) {
        // Nothing recorded, nothing to resume: what it was doing is lost, and it starts again empty.
        this.rejectAll(r, new EngineError('the plain worker was killed while this invocation ran; it keeps no oplog, so the invocation is lost', 503));
        r.outstanding.clear();
        this.setStatus(id, stop.recover ? 'running' : 'interrupted');
        if (stop.recover) void this.ensureThread(id).catch((e: Error) => this.setStatus(id, 'failed', e.message));
        return;
      }
      if (stop.recover) {
        this.setStatus(id, 'running');
        void this.ensureThread(id).catch((e: Error) => this.setStatus(id, 'failed', e.message));
      } else {
        this.setStatus(id, 'interrupted');
        this.rejectAll(r, new EngineError(KILLED_MESSAGE, 503));
        r.outstanding.clear();
      }
      return;
    }
    // Nobody asked for this: the thread died (out of memory, a host bug).
    const error = `the worker's thread died: ${r.crash ?? 'unknown reason'}`;
    this.appendFromRuntime(id, [{ kind: 'error', error }]);
    this.setStatus(id, 'failed', error);
    this.rejectAll(r, new EngineError(`the invocation failed: ${error}`, 409));
    r.outstanding.clear();
  }

  private readonly spares: Worker[] = [];
  private readonly starts: StartQueue;
  /** The version most recently started: spare threads load its bindings early. */
  private lastBindings?: string;
  private closed = false;

  private spawnThread(): Worker {
    return new Worker(this.opts.threadEntry, {
      workerData: null, resourceLimits: THREAD_LIMITS, stdout: false, stderr: false,
    });
  }

  /** Keeps booted threads ready: a new worker skips thread start and module loading. */
  private refillSpares(): void {
    while (!this.closed && this.spares.length < this.spareThreads) {
      const t = this.spawnThread();
      const forget = () => {
        const i = this.spares.indexOf(t);
        if (i >= 0) this.spares.splice(i, 1);
      };
      t.once('exit', forget);
      t.once('error', forget);
      t.unref();
      if (this.lastBindings) t.postMessage({ type: 'prepare', bindingsUrl: this.lastBindings });
      this.spares.push(t);
    }
  }

  private takeSpare(): Worker {
    const t = this.spares.shift() ?? this.spawnThread();
    t.removeAllListeners('exit');
    t.removeAllListeners('error');
    t.ref();
    setImmediate(() => this.refillSpares());
    return t;
  }

  private scheduleEviction(id: string, r: Resident): void {
    clearTimeout(r.evictTimer);
    // A plain worker's memory is its only state: evicting it would empty it.
    if (r.outstanding.size > 0 || this.isPlain(id)) return;
    r.evictTimer = setTimeout(() => {
      if (r.outstanding.size === 0 && r.thread) void this.stopThread(id, { kind: 'evict' });
    }, this.idleEvictMs);
    r.evictTimer.unref();
  }

  private async stopThread(id: string, reason: StopReason): Promise<boolean> {
    const r = this.residents.get(id);
    const thread = r?.thread;
    if (!r || !thread) return false;
    r.stop = reason;
    await new Promise<void>((res) => {
      thread.once('exit', () => res());
      void thread.terminate();
    });
    return true;
  }

  private readonly killPoints = new Map<string, number>();

  /** Test and debugging hook: the worker's thread is killed right after `index` is committed. */
  killAfterIndex(id: string, index: number): void {
    this.killPoints.set(id, index);
  }

  private readonly probes = new Map<string, CheckProbe>();

  /** Durability checks: pinned inputs and kill points for a throwaway worker (null clears). */
  setCheckProbe(id: string, probe: CheckProbe | null): void {
    if (probe) this.probes.set(id, probe);
    else this.probes.delete(id);
  }

  /** Terminates the worker's thread now, wherever it is. */
  async kill(id: string, opts: { recover?: boolean } = {}): Promise<WorkerInfo> {
    this.live(id);
    const wasRunning = await this.stopThread(id, { kind: 'kill', recover: opts.recover === true });
    if (!wasRunning) {
      const before = this.status(id).status;
      // As Golem: interrupting an interrupted worker changes nothing.
      if (before === 'interrupted' && !opts.recover) return this.getWorker(id);
      const waiting = before === 'suspended' || before === 'retrying';
      this.appendFromRuntime(id, [{ kind: 'interrupted', reason: before === 'suspended' ? KILLED_SUSPENDED : 'killed by request (not in memory)' }]);
      this.setStatus(id, 'interrupted');
      if (waiting) {
        // As Golem: the callers are answered now; the invocation stays recorded
        // and finishes when the worker is resumed. A retry timer dies with the
        // interrupt, a sleep's wake-up and a promise's completion do not.
        if (before === 'retrying') this.scheduler.cancel(`wake\n${id}`);
        const r = this.resident(id);
        this.rejectAll(r, new EngineError(KILLED_MESSAGE, 503));
        r.outstanding.clear();
      }
      if (opts.recover) await this.resume(id);
    }
    return this.getWorker(id);
  }

  /** Recovers the worker now (replay), picking up interrupted and queued work. */
  async resume(id: string): Promise<WorkerInfo> {
    this.live(id);
    const s = this.status(id);
    if (s.status === 'failed' || s.status === 'exited') throw new EngineError(`worker ${id} has ${s.status}; it cannot be resumed`, 409);
    this.setStatus(id, 'running');
    await this.ensureThread(id);
    return this.getWorker(id);
  }

  /** Where the invocation with this key stands, in the history as it is now (a revert or jump hides what it removed). */
  private invocationOf(workerId: string, key: string): Invocation | undefined {
    this.committer.flush();
    return this.history(workerId, this.store.byIdempotencyKey(workerId, key)).invocation(key);
  }

  /** A history of these entries plus the worker's jumps and reverts. */
  private history(id: string, entries: OplogEntry[]): History {
    const drops = this.store.ofKinds(id, DROP_KINDS);
    return new History(drops.length === 0 ? entries : [...drops, ...entries].sort((a, b) => a.index - b.index));
  }

  /**
   * Golem's fork: a new worker whose oplog is a copy of this one's first
   * `atIndex` entries; it recovers from that history and then goes on live.
   */
  fork(id: string, p: { name: string; atIndex?: number; overrides?: { index: number; response: unknown }[] }): WorkerInfo {
    const src = this.row(id);
    checkName('worker', p.name);
    this.committer.flush();
    const length = this.store.length(id);
    const at = p.atIndex ?? length;
    if (!Number.isInteger(at) || at < 1 || at > length) throw new EngineError(`atIndex must be between 1 and ${length}, got ${at}`);
    const target = `${src.componentName}/${p.name}`;
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(target)) throw new EngineError(`worker ${p.name} of ${src.componentName} already exists`, 409);
      this.checkWorkerLimit();
      this.db.prepare('INSERT INTO "Worker" (id, componentName, name, version, env, args, status, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(target, src.componentName, p.name, src.version, src.env, src.args, 'idle', Date.now());
      this.store.copyPrefix(id, target, at, p.name);
      // What-if: a fork may carry recorded host results changed in the debugger.
      for (const o of p.overrides ?? []) {
        if (!this.store.overrideResponse(target, o.index, o.response)) throw new EngineError(`override at ${o.index}: no recorded host call there within the forked history`);
      }
    })();
    return this.adopt(target);
  }

  /** A worker whose rows were just written (fork, import): its status comes from its oplog. */
  adopt(id: string): WorkerInfo {
    const s = this.deriveStatus(id);
    this.statuses.set(id, s.status === 'running' ? { status: 'interrupted' } : s);
    return this.getWorker(id);
  }

  /**
   * Golem's revert: drops the history after `toIndex` (or the last N
   * invocations) by appending a revert entry; the worker's next recovery
   * replays only what is left. The entries stay in the log, for the record.
   */
  async revert(id: string, p: { toIndex?: number; lastInvocations?: number }): Promise<WorkerInfo> {
    this.live(id);
    this.committer.flush();
    const length = this.store.length(id);
    let to: number;
    if (p.lastInvocations !== undefined) {
      if (!Number.isInteger(p.lastInvocations) || p.lastInvocations < 1) throw new EngineError('lastInvocations must be a positive integer');
      const starts = this.history(id, this.store.ofKinds(id, ['exported-function-invoked'])).invocations();
      if (starts.length < p.lastInvocations) throw new EngineError(`the worker has only ${starts.length} invocation(s) to revert`);
      to = starts[starts.length - p.lastInvocations].index - 1;
    } else {
      to = p.toIndex ?? NaN;
      if (!Number.isInteger(to) || to < 1 || to >= length) throw new EngineError(`toIndex must be between 1 and ${length - 1}, got ${p.toIndex}`);
    }
    // The running instance holds the dropped state: it goes, and recovery rebuilds.
    const r = this.residents.get(id);
    if (r?.thread) {
      await this.stopThread(id, { kind: 'evict' });
      this.rejectAll(r, new EngineError('the worker was reverted while this invocation ran', 409));
      r.outstanding.clear();
    }
    this.appendFromRuntime(id, [{ kind: 'revert', start: to + 1, end: length }]);
    this.statuses.set(id, this.deriveStatusUpTo(id, to));
    this.emit({ type: 'status', workerId: id, status: this.status(id).status });
    return this.getWorker(id);
  }

  /** Status as it was right after entry `to`. */
  private deriveStatusUpTo(id: string, to: number): { status: WorkerStatus; error?: string } {
    const e = this.store.lastOf(id, OUTCOME_KINDS, to);
    return new History(e ? [e] : []).statusAt(to);
  }

  private readonly debugSessions = new Map<string, DebugSession>();

  /**
   * Opens a replay debugger on a worker: a separate instance of its component
   * version replays a copy of its oplog, stopped before the first entry.
   */
  async startDebug(id: string, opts: { version?: number } = {}): Promise<{ sessionId: string; state: DebugState }> {
    this.expireDebugSessions();
    const opened = await this.openDebugSession(id, opts);
    this.prepareStandby(opened.sessionId, id, opts.version);
    return opened;
  }

  /**
   * A page that never said goodbye leaves its session (two threads) behind:
   * sessions idle for DEBUG_IDLE_MS are closed, and at most DEBUG_MAX stay open.
   */
  private expireDebugSessions(): void {
    const primaries = [...this.standbys.keys()].map((id) => this.debugSessions.get(id)).filter((x): x is DebugSession => x !== undefined);
    const now = Date.now();
    const byAge = primaries.sort((a, b) => a.lastUsed - b.lastUsed);
    byAge.forEach((sess, i) => {
      if (now - sess.lastUsed > DEBUG_IDLE_MS || byAge.length - i >= DEBUG_MAX) void this.stopDebug(sess.id).catch(() => {});
    });
  }

  /**
   * A rewind replays from the start in a fresh session. One is kept booted
   * beside each open session (history read, instance made, stopped before
   * entry 1), so a rewind costs only the replay up to its index.
   */
  private readonly standbys = new Map<string, Promise<{ sessionId: string; state: DebugState } | undefined>>();

  private prepareStandby(primary: string, id: string, version?: number): void {
    const standby = this.openDebugSession(id, { version }).catch(() => undefined);
    this.standbys.set(primary, standby);
  }

  private closeStandby(primary: string): void {
    const standby = this.standbys.get(primary);
    this.standbys.delete(primary);
    void standby?.then((s) => s && this.stopDebug(s.sessionId)).catch(() => {});
  }

  private async openDebugSession(id: string, opts: { version?: number } = {}): Promise<{ sessionId: string; state: DebugState }> {
    const row = this.row(id);
    // Another version against this worker's history shows where, and why, it diverges.
    const version = opts.version ?? row.version;
    if (!this.components.getVersion(row.componentName, version)) throw new EngineError(`component ${row.componentName} has no version ${version}`, 404);
    const loaded = await this.components.load(row.componentName, version);
    this.committer.flush();
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const init: ThreadInit = {
      workerId: id, dbPath: this.opts.dbPath, bindingsUrl: loaded.bindingsUrl, modules: loaded.modules,
      exports: loaded.exports, env: JSON.parse(row.env), args: JSON.parse(row.args), syncSignal: signal, syncPort: port2,
      debug: true,
    };
    const thread = this.takeSpare();
    thread.postMessage({ type: 'assign', init }, [port2]);
    const session = new DebugSession(randomUUID(), id, version, thread, port1, new Int32Array(signal));
    this.debugSessions.set(session.id, session);
    thread.once('exit', () => this.debugSessions.delete(session.id));
    return { sessionId: session.id, state: await session.ready() };
  }

  /** step, continue (to an index or a breakpoint), or rewind (a fresh replay up to an index). */
  async debug(sessionId: string, cmd: DebugCommand | { type: 'rewind'; toIndex: number }): Promise<{ sessionId: string; state: DebugState }> {
    const session = this.debugSessions.get(sessionId);
    if (!session) throw new EngineError(`no debug session ${sessionId}`, 404);
    session.lastUsed = Date.now();
    if (cmd.type !== 'rewind') return { sessionId, state: await session.send(cmd) };
    // Rewinding replays from the start to the index in a fresh session (the
    // standby when it is ready); the old one is closed meanwhile, not waited for.
    const standby = this.standbys.get(sessionId);
    this.standbys.delete(sessionId);
    void this.stopDebug(sessionId).catch(() => {});
    const fresh = (await standby) ?? (await this.openDebugSession(session.workerId, { version: session.version }));
    this.prepareStandby(fresh.sessionId, session.workerId, session.version);
    if (cmd.toIndex <= 0) return fresh;
    return this.debug(fresh.sessionId, { type: 'continue', toIndex: cmd.toIndex });
  }

  /**
   * Evaluates an export on a throwaway fork of the worker as it was at
   * `index` (rounded down to the last finished invocation): a separate
   * instance replays that history, then runs the export with every effect
   * refused and nothing written. For read-only exports such as get-cart-contents.
   */
  async evaluateAt(id: string, p: { index: number; function: string; args?: JsonValue[] }): Promise<{ atIndex: number; result: JsonValue; callSeq?: number }> {
    const row = this.row(id);
    const version = this.components.getVersion(row.componentName, row.version);
    const f = version && findFunction(version.exports, p.function);
    if (!version || !f) throw new EngineError(`${row.componentName} v${row.version} exports no function "${p.function}"`, 404);
    const args = p.args ?? [];
    if (args.length !== f.params.length) throw new EngineError(`${qualifiedName(f)} takes ${f.params.length} argument(s), got ${args.length}`);
    try {
      f.params.forEach((param, i) => jsonToJco(param.type, args[i], `args[${i}] (${param.name})`));
    } catch (e) {
      if (e instanceof ValueError) throw new EngineError(e.message);
      throw e;
    }
    this.committer.flush();
    const atIndex = this.store.lastOf(id, ['create', 'exported-function-completed'], p.index)?.index ?? 1;
    const loaded = await this.components.load(row.componentName, row.version);
    const { port2 } = new MessageChannel();
    const init: ThreadInit = {
      workerId: id, dbPath: this.opts.dbPath, bindingsUrl: loaded.bindingsUrl, modules: loaded.modules, exports: loaded.exports,
      env: JSON.parse(row.env), args: JSON.parse(row.args), syncSignal: new SharedArrayBuffer(4), syncPort: port2,
      evaluate: { functionName: qualifiedName(f), args }, historyUpTo: atIndex,
    };
    const thread = this.takeSpare();
    thread.postMessage({ type: 'assign', init }, [port2]);
    try {
      const reply = await new Promise<Extract<FromThread, { type: 'evaluated' }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new EngineError(`the evaluation took longer than ${this.invocationTimeoutMs} ms`, 409)), this.invocationTimeoutMs);
        thread.on('message', (m: FromThread) => m.type === 'evaluated' && (clearTimeout(timer), resolve(m)));
        thread.once('error', (e) => (clearTimeout(timer), reject(e)));
        thread.once('exit', () => (clearTimeout(timer), reject(new EngineError('the evaluation ended without an answer', 409))));
      });
      if (reply.error !== undefined) throw new EngineError(`the evaluation failed: ${reply.error}`, 409);
      return { atIndex, result: reply.result ?? null, callSeq: reply.callSeq };
    } finally {
      thread.removeAllListeners('exit');
      await thread.terminate();
    }
  }

  async stopDebug(sessionId: string): Promise<void> {
    const session = this.debugSessions.get(sessionId);
    if (!session) throw new EngineError(`no debug session ${sessionId}`, 404);
    this.debugSessions.delete(sessionId);
    this.closeStandby(sessionId);
    await session.close();
  }

  /**
   * Deletes a worker: it stops and takes no more invocations, but its oplog
   * is kept so it can still be replayed, forked or evaluated. `purge` (or a
   * second delete) removes it and its oplog for good.
   */
  async deleteWorker(id: string, opts: { purge?: boolean } = {}): Promise<void> {
    const row = this.row(id);
    const r = this.residents.get(id);
    if (r) {
      await this.stopThread(id, { kind: 'delete' });
      this.rejectAll(r, new EngineError('the worker was deleted', 410));
      this.residents.delete(id);
    }
    this.scheduler.cancel(`wake\n${id}`);
    this.scheduler.cancelWhere((k) => k.startsWith(`invoke\n${id}\n`));
    if (opts.purge || row.deletedAt != null) {
      this.db.transaction(() => {
        this.store.deleteWorker(id);
        this.db.prepare('DELETE FROM "Worker" WHERE id = ?').run(id);
      })();
      this.statuses.delete(id);
    } else {
      this.committer.flush();
      this.db.prepare('UPDATE "Worker" SET deletedAt = ? WHERE id = ?').run(Date.now(), id);
    }
    this.rows.delete(id);
    this.emit({ type: 'worker-deleted', workerId: id });
  }

  /**
   * At start: every worker that was mid-invocation or had work queued recovers by itself.
   * Yields to the event loop every few ms, so timers and threads run while thousands are read.
   */
  async recoverAll(): Promise<string[]> {
    const ids = this.db.prepare('SELECT id FROM "Worker" WHERE deletedAt IS NULL').pluck().all() as string[];
    const recovering: string[] = [];
    let slice = performance.now();
    for (const id of ids) {
      if (performance.now() - slice > RECOVER_SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      }
      // Closed, or touched meanwhile (woken, deleted): nothing left to rebuild.
      if (this.closed) break;
      if (this.statuses.has(id)) continue;
      const s = this.deriveStatus(id);
      this.statuses.set(id, s);
      const pending = this.pending(id);
      for (const e of pending) {
        if (e.scheduledAt && e.scheduledAt > Date.now()) this.scheduleInvocation(id, e.idempotencyKey, e.scheduledAt);
      }
      const update = this.store.lastOf(id, ['pending-update', 'successful-update', 'failed-update']);
      if (update?.kind === 'pending-update') {
        void this.updateWorker(id, { version: update.targetVersion, mode: update.mode, resumed: true }).catch(() => {});
      }
      if (s.status === 'suspended' || s.status === 'retrying' || (s.status === 'interrupted' && this.interruptedWait(id))) {
        // The scheduler survives restarts: it is rebuilt from the oplog.
        const info = this.waitInfo(id, s.status);
        if (info.suspendedUntil) this.wakeAt(id, Date.parse(info.suspendedUntil));
        else if (info.retry) this.wakeAt(id, Date.parse(info.retry.at));
        else if (info.awaitingPromise !== undefined && this.promiseData(id, info.awaitingPromise) !== null) this.wakeAt(id, Date.now());
        continue;
      }
      const queued = s.status === 'idle' && pending.some((e) => !(e.scheduledAt && e.scheduledAt > Date.now()));
      if (s.status === 'running' || queued) {
        // The crash cut an invocation short: the history says so, as a kill does.
        if (s.status === 'running') this.appendFromRuntime(id, [{ kind: 'interrupted', reason: 'the runtime process crashed' }]);
        recovering.push(id);
        this.setStatus(id, 'running');
        void this.ensureThread(id).catch((e: Error) => this.setStatus(id, 'failed', e.message));
      }
    }
    return recovering;
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    this.scheduler.clear();
    await Promise.all(this.spares.splice(0).map((t) => t.terminate()));
    await Promise.all([...this.debugSessions.values()].map((s) => s.close()));
    await Promise.all([...this.residents.keys()].map((id) => this.stopThread(id, { kind: 'shutdown' })));
  }

  // ---- component update ----

  /**
   * Golem's worker update. Automatic: the worker's whole history is replayed
   * on the target version in a debug session; if it diverges the worker stays
   * where it is and a failed-update entry says why. Snapshot-based: the old
   * version saves its state (golem:api/save-snapshot, on a throwaway fork at
   * the last finished invocation), the new one loads it and goes on from there.
   */
  async updateWorker(id: string, p: { version: number; mode?: 'automatic' | 'snapshot-based'; resumed?: boolean }): Promise<WorkerInfo> {
    const row = this.live(id);
    const mode = p.mode ?? 'automatic';
    if (mode !== 'automatic' && mode !== 'snapshot-based') throw new EngineError('mode must be "automatic" or "snapshot-based"');
    const target = this.components.getVersion(row.componentName, p.version);
    if (!target) throw new EngineError(`component ${row.componentName} has no version ${p.version}`, 404);
    if (p.version === row.version) throw new EngineError(`worker ${id} already runs v${p.version}`, 409);
    const s = this.status(id).status;
    if (s === 'running' || s === 'retrying') throw new EngineError(`worker ${id} is ${s}: update it when it is idle`, 409);
    // A pending-update without an outcome (the runtime died during the update) is taken up again at start.
    if (!p.resumed) this.appendFromRuntime(id, [{ kind: 'pending-update', targetVersion: p.version, mode }]);
    const fail = (details: string): WorkerInfo => {
      this.appendFromRuntime(id, [{ kind: 'failed-update', targetVersion: p.version, details }]);
      throw new EngineError(`update of ${id} to v${p.version} failed: ${details}`, 409);
    };
    let snapshot: OplogEntryBody | undefined;
    if (mode === 'automatic') {
      const { sessionId } = await this.startDebug(id, { version: p.version });
      try {
        const { state } = await this.debug(sessionId, { type: 'continue' });
        if (state.ended?.divergence) return fail(state.ended.reason);
      } finally {
        await this.stopDebug(sessionId).catch(() => {});
      }
    } else {
      const saves = (v: { exports: { interface?: string; name: string }[] }, i: string, n: string) => v.exports.some((f) => f.interface?.replace(/@.*$/, '') === i && f.name === n);
      const old = this.components.getVersion(row.componentName, row.version)!;
      if (!saves(old, 'golem:api/save-snapshot', 'save')) return fail(`v${row.version} does not export golem:api/save-snapshot`);
      if (!saves(target, 'golem:api/load-snapshot', 'load') || !saves(target, 'golem:api/save-snapshot', 'save')) return fail(`v${p.version} does not export golem:api/load-snapshot and save-snapshot`);
      let saved: { result: JsonValue; callSeq?: number };
      try {
        saved = await this.evaluateAt(id, { index: this.store.length(id), function: 'golem:api/save-snapshot.{save}' });
      } catch (e) {
        return fail(`save-snapshot failed: ${(e as Error).message}`);
      }
      const { bytes, mimeType } = fromSavedJson(saved.result);
      snapshot = { kind: 'snapshot', data: Buffer.from(bytes).toString('base64'), mimeType, callSeq: saved.callSeq ?? 0 };
    }
    // The running instance is the old version's: it goes, the next recovery uses the new one.
    if (this.residents.get(id)?.thread) await this.stopThread(id, { kind: 'evict' });
    // The version and the entries saying so change together, or not at all.
    this.db.transaction(() => {
      this.db.prepare('UPDATE "Worker" SET version = ? WHERE id = ?').run(p.version, id);
      this.appendFromRuntime(id, [{ kind: 'successful-update', targetVersion: p.version, fromVersion: row.version, mode }, ...(snapshot ? [snapshot] : [])]);
    })();
    this.rows.delete(id);
    this.emit({ type: 'status', workerId: id, status: this.status(id).status });
    return this.getWorker(id);
  }

  // ---- suspension, promises, schedules (Golem's host API) ----

  private readonly scheduler = new Scheduler();

  /** Wakes a suspended or retrying worker at `at` (epoch ms): its thread comes back by replay. */
  private wakeAt(id: string, at: number): void {
    this.scheduler.at(`wake\n${id}`, at, () => this.wake(id));
  }

  private wake(id: string): void {
    if (this.closed || !this.rows.has(id) && !this.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(id)) return;
    const s = this.status(id).status;
    if (s !== 'suspended' && s !== 'retrying' && !(s === 'interrupted' && this.interruptedWait(id))) return;
    if (this.row(id).deletedAt != null) return;
    this.scheduler.cancel(`wake\n${id}`);
    this.setStatus(id, 'running');
    void this.ensureThread(id).catch((e: Error) => this.setStatus(id, 'failed', e.message));
  }

  /** Payload (base64) of a completed promise, or null. */
  private promiseData(id: string, index: number): string | null {
    for (const e of this.store.ofKinds(id, ['promise-completed'])) {
      if (e.kind === 'promise-completed' && e.promiseIndex === index) return e.data;
    }
    return null;
  }

  private createPromiseEntries(id: string): OplogEntry[] {
    const h = this.history(id, this.store.hostCalls(id, CREATE_PROMISE));
    return h.entries.filter((e) => e.kind === 'imported-function-invoked' && !h.hides(e));
  }

  /** The promises a worker created, with their state. */
  /** The key-value buckets and blob containers this worker's oplog names, as they are now. */
  workerStores(id: string): WorkerStores {
    this.row(id);
    this.committer.flush();
    return this.kv.forWorker(id);
  }

  listPromises(id: string): PromiseInfo[] {
    this.row(id);
    this.committer.flush();
    const completions = new Map<number, { data: string; at: number }>();
    for (const e of this.store.ofKinds(id, ['promise-completed'])) {
      if (e.kind === 'promise-completed') completions.set(e.promiseIndex, { data: e.data, at: e.timestamp });
    }
    const info = this.getWorker(id);
    return this.createPromiseEntries(id).map((e) => {
      const c = completions.get(e.index);
      return {
        oplogIndex: e.index, createdAt: new Date(e.timestamp).toISOString(), completed: c !== undefined,
        ...(c ? { completedAt: new Date(c.at).toISOString(), data: c.data } : {}),
        awaited: info.awaitingPromise === e.index,
      };
    });
  }

  /**
   * Completes a promise a worker created (at oplog `index`) with `data`
   * (base64). False if it was completed already. A worker suspended on it wakes.
   */
  completePromise(id: string, index: number, data: string): boolean {
    this.live(id);
    if (!Number.isInteger(index)) throw new EngineError('the promise is named by the oplog index of its create-promise entry (an integer)');
    this.committer.flush();
    const [e] = this.store.slice(id, index, index);
    if (!e || e.kind !== 'imported-function-invoked' || e.functionName !== CREATE_PROMISE || this.history(id, [e]).hides(e)) {
      throw new EngineError(`worker ${id} has no promise at oplog index ${index}`, 404);
    }
    if (this.promiseData(id, index) !== null) return false;
    this.appendFromRuntime(id, [{ kind: 'promise-completed', promiseIndex: index, data }]);
    const s = this.status(id);
    if ((s.status === 'suspended' || s.status === 'interrupted') && this.getWorker(id).awaitingPromise === index) this.wake(id);
    return true;
  }

  /** Invocations queued or scheduled and not started yet. */
  listPending(id: string): PendingInvocation[] {
    this.row(id);
    this.committer.flush();
    return this.pending(id).map((e): PendingInvocation => (
      { idempotencyKey: e.idempotencyKey, function: e.functionName, args: e.args, ...(e.scheduledAt ? { scheduledAt: new Date(e.scheduledAt).toISOString() } : {}) }
    ));
  }

  /** Cancels a queued or scheduled invocation that has not started. */
  cancelPending(id: string, key: string): boolean {
    this.row(id);
    this.committer.flush();
    const inv = this.invocationOf(id, key);
    if (inv && inv.state !== 'pending' && inv.state !== 'cancelled') throw new EngineError(`invocation ${key} has already started; it cannot be cancelled`, 409);
    if (!inv) throw new EngineError(`worker ${id} has no pending invocation ${key}`, 404);
    if (inv.state === 'cancelled') return false;
    this.appendFromRuntime(id, [{ kind: 'cancel-pending-invocation', idempotencyKey: key }]);
    this.scheduler.cancel(`invoke\n${id}\n${key}`);
    const r = this.residents.get(id);
    if (r) {
      r.thread?.postMessage({ type: 'cancel', key });
      r.outstanding.delete(key);
      this.settle(r, key, { error: new EngineError(`invocation ${key} was cancelled`, 409) });
    }
    return true;
  }

  /** A scheduled invocation is posted to the worker when it is due. */
  private scheduleInvocation(id: string, key: string, at: number): void {
    this.scheduler.at(`invoke\n${id}\n${key}`, at, () => {
      const e = this.pending(id).find((x) => x.idempotencyKey === key);
      if (!e) return;
      const s = this.status(id).status;
      if (s === 'failed' || s === 'exited' || this.row(id).deletedAt != null) return;
      const r = this.resident(id);
      r.outstanding.add(key);
      if (s === 'suspended' || s === 'retrying') return; // picked up from the oplog when it wakes
      void this.ensureThread(id).then(() => r.thread?.postMessage({ type: 'invoke', key, functionName: e.functionName, args: e.args }), () => {});
    });
  }

  /**
   * Golem's atomic regions: a region begun and never ended by a run that then
   * failed, was killed or crashed is hidden by a jump, so recovery re-executes
   * it whole. (A suspended worker's region is intact: it did not fail.)
   */
  private dropUnfinishedRegion(id: string): void {
    const regions = this.store.ofKinds(id, ['begin-atomic-region']);
    if (regions.length === 0) return;
    const last = this.store.lastOf(id, LIFECYCLE_KINDS);
    const open = this.history(id, [...regions, ...this.store.ofKinds(id, ['end-atomic-region']), ...(last ? [last] : [])]).openAtomicRegion();
    if (open === undefined) return;
    this.appendFromRuntime(id, [{ kind: 'jump', start: open, end: this.store.length(id) }]);
  }

  private componentOfUuid(uuid: [number, number]): string {
    for (const c of this.components.list()) {
      const u = componentUuid(c.name);
      if (u[0] === uuid[0] && u[1] === uuid[1]) return c.name;
    }
    throw new EngineError('no component has this component-id', 404);
  }

  private guestMetadata(id: string): GuestWorkerMetadata | null {
    if (!this.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(id)) return null;
    const w = this.getWorker(id);
    // Failed attempts of the newest invocation: a retried run sees how many came before it.
    const inv = this.store.lastOf(id, ['exported-function-invoked']);
    const retryCount = inv?.kind === 'exported-function-invoked' ? this.store.byIdempotencyKey(id, inv.idempotencyKey).filter((e) => e.kind === 'error').length : 0;
    return { component: w.component, name: w.name, uuid: componentUuid(w.component), args: w.args, env: w.env, status: w.status, version: w.version, retryCount };
  }

  /** Answers a worker thread's golem:api / golem:rpc question. */
  private async hostCall(id: string, r: Resident, thread: Worker, call: RuntimeCall): Promise<unknown> {
    switch (call.op) {
      case 'oplog-index':
        return this.store.length(id);
      case 'create-promise': {
        const row = this.row(id);
        const index = this.store.length(id) + 1;
        const promiseId = {
          workerId: { componentId: { uuid: { highBits: BigInt(componentUuid(row.componentName)[0]), lowBits: BigInt(componentUuid(row.componentName)[1]) } }, workerName: row.name },
          oplogIdx: BigInt(index),
        };
        this.appendFromRuntime(id, [{ kind: 'imported-function-invoked', functionName: CREATE_PROMISE, request: encode(null), response: { ok: encode(promiseId) }, durability: 'write-local' }]);
        return promiseId;
      }
      case 'begin-atomic-region':
        return this.appendFromRuntime(id, [{ kind: 'begin-atomic-region' }])[0].index;
      case 'promise-poll':
        return this.promiseData(call.worker, call.index);
      case 'promise-complete':
        return this.completePromise(call.worker, call.index, call.data);
      case 'metadata':
        return this.guestMetadata(call.worker ?? id);
      case 'list-workers': {
        const component = this.componentOfUuid(call.componentUuid);
        return this.listWorkers({ component }).map((w) => this.guestMetadata(w.id)).filter((m) => m !== null);
      }
      case 'resolve-component':
        return this.components.getVersion(call.ref) ? componentUuid(call.ref) : null;
      case 'component-of-uuid':
        return this.componentOfUuid(call.uuid);
      case 'fork-worker':
        this.fork(call.source, { name: call.target, atIndex: call.cutOff });
        return null;
      case 'revert-worker':
        if (call.worker === id) throw new EngineError('a worker cannot revert itself while it runs; use set-oplog-index');
        await this.revert(call.worker, { toIndex: call.toIndex, lastInvocations: call.lastInvocations });
        return null;
      case 'update-worker':
        if (call.worker === id) throw new EngineError('a worker cannot update itself while it runs');
        // Golem: the call returns once the request is processed, not when the update is done.
        void this.updateWorker(call.worker, { version: call.version, mode: call.mode === 'snapshot-based' ? 'snapshot-based' : 'automatic' }).catch(() => {});
        return null;
      case 'fork': {
        // Golem's fork: the copy records 'forked' where this worker records 'original'; both go on.
        const row = this.row(id);
        const at = this.store.length(id);
        const entry = (answer: string): OplogEntryBody => ({
          kind: 'imported-function-invoked', functionName: HOST_FORK, request: encode({ name: call.name }), response: { ok: encode(answer) }, durability: 'write-remote',
        });
        const target = `${row.componentName}/${call.name}`;
        this.fork(id, { name: call.name, atIndex: at });
        this.appendFromRuntime(target, [entry('forked')]);
        this.appendFromRuntime(id, [entry('original')]);
        void this.resume(target).catch(() => {});
        return 'original';
      }
      case 'set-oplog-index': {
        const length = this.store.length(id);
        if (!Number.isInteger(call.index) || call.index < 1 || call.index >= length) throw new EngineError(`set-oplog-index: ${call.index} is not an earlier index of this worker`);
        // Back in time: the entries after the index are hidden and the worker replays to it.
        this.appendFromRuntime(id, [{ kind: 'jump', start: call.index + 1, end: length }]);
        r.stop = { kind: 'restart' };
        void thread.terminate();
        return null;
      }
      case 'rpc':
        return this.rpc(id, call);
      case 'cancel-invocation':
        return this.cancelPending(call.worker, call.key);
      case 'store':
        return this.kv.run(call.call);
    }
  }

  /**
   * A worker-to-worker call. The key is the caller's (stable across its
   * replays), so the callee runs it once however often the caller retries.
   */
  private async rpc(caller: string, call: Extract<RuntimeCall, { op: 'rpc' }>): Promise<unknown> {
    if (call.worker === caller) throw new EngineError('a worker cannot call itself through wasm-rpc (it would wait for itself)');
    const [component, name] = call.worker.split('/');
    // Golem creates the target worker on its first invocation.
    if (!this.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(call.worker)) this.createWorker({ component, name });
    const row = this.live(call.worker);
    const version = this.components.getVersion(row.componentName, row.version);
    const f = version && findFunction(version.exports, call.function);
    if (!version || !f) throw new EngineError(`${row.componentName} exports no function "${call.function}"`, 404);
    if (call.params.length !== f.params.length) throw new EngineError(`${qualifiedName(f)} takes ${f.params.length} argument(s), got ${call.params.length}`);
    const args = f.params.map((p, i) => jcoToJson(p.type, witValueToJco(p.type, call.params[i] as WitValue)));
    if (call.mode === 'enqueue') {
      await this.invoke(call.worker, { function: qualifiedName(f), args, idempotencyKey: call.key, wait: false, scheduleAt: call.scheduleAt });
      return null;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.invoke(call.worker, { function: qualifiedName(f), args, idempotencyKey: call.key });
        const results = f.result ? [jsonToJco(f.result, out.result)] : [];
        return jcoToWitValue({ kind: 'tuple', items: f.result ? [f.result] : [] }, results);
      } catch (e) {
        // The callee was killed mid-call: it recovers, and the same key attaches to the same invocation.
        if (e instanceof EngineError && e.status === 503 && attempt < 5) {
          await this.resume(call.worker).catch(() => {});
          continue;
        }
        throw e;
      }
    }
  }

  residentCount(): number {
    return [...this.residents.values()].filter((r) => r.thread).length;
  }
}

/** A listWorkersPage cursor: `<createdAt ms>.<worker id>` of the last worker of a page. */
function parseCursor(after: string): { createdAt: number; id: string } {
  const m = /^(\d{1,16})\.(.+)$/.exec(after);
  if (!m) throw new EngineError(`"after" is not a cursor from a previous page: ${JSON.stringify(after.slice(0, 80))}`);
  return { createdAt: Number(m[1]), id: m[2] };
}
