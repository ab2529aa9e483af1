// The engine: owns component versions, workers and their threads. One thread
// per resident worker; killing a worker terminates its thread for real. All
// state that matters is in the oplog: a fresh Engine over the same database
// recovers every worker that was running or had invocations queued.
//
// This class is the facade the routes, the runtime process (RUNTIME_API) and
// the tests use; the work is done by its collaborators, which share a Kernel:
//   workers/   records (rows, WorkerInfo) and status
//   pool/      threads (spares), residents (thread lifecycle), outcomes, kill/resume
//   work/      invoke, pending and scheduled work, promises, recovery at start
//   debugger/  sessions with standbys, evaluation
//   changes/   fork, revert, atomic-region repair, update
//   host-calls/ golem:api and golem:rpc, one handler per operation

import { heldOn } from './pool/held';
import type { Database } from 'better-sqlite3';
import type { OplogStore } from '../store/oplog-store';
import type { WorkerStore } from '../store/worker-store';
import type { KvStore, WorkerStores } from '../store/kv-store';
import type { ComponentRegistry, ComponentSource } from '../components/registry';
import type { JsonValue } from '../values/json-value';
import type { UpdateMode } from '../oplog/entry';
import type { DebugCommand, DebugState } from '../replay/stepper';
import type { CheckProbe } from '../checker/probe';
import type {
  EngineEvent,
  InvokeRequest,
  InvokeResult,
  PendingInvocation,
  PromiseInfo,
  WorkerFilter,
  WorkerInfo,
  WorkerStatus,
} from './types';
import { EngineError } from './errors';
import { Kernel, type EngineOptions } from './kernel';
import { WorkerRecords, type CreateWorker } from './workers/records';
import { StatusBook } from './workers/status';
import { ThreadPool } from './pool/threads';
import { Residents } from './pool/residents';
import { kill, resume } from './pool/control';
import { invoke } from './work/invoke';
import { PendingWork } from './work/pending';
import { Promises } from './work/promises';
import { recoverAll } from './work/recovery';
import { Debugger } from './debugger/sessions';
import { evaluateAt } from './debugger/evaluate';
import { adopt, fork, revert } from './changes/fork-revert';
import { updateWorker } from './changes/update';
import { recoveryLog } from './recovery-log';

export { EngineError } from './errors';
export type { EngineOptions } from './kernel';
export { retryDelay } from './pool/outcomes';

export class Engine {
  private readonly k: Kernel;
  readonly store: OplogStore;
  readonly workers: WorkerStore;
  readonly components: ComponentRegistry;
  /** The kernel's wasi:keyvalue and blobstore data (tests wrap its `run` to kill at a store write). */
  private readonly kv: KvStore;

  constructor(opts: EngineOptions) {
    const k = new Kernel(opts);
    this.k = k;
    this.store = k.store;
    this.workers = k.workers;
    this.components = k.components;
    this.kv = k.kv;
    k.records = new WorkerRecords(k);
    k.statuses = new StatusBook(k);
    k.residents = new Residents(k, opts.startConcurrency);
    k.threads = new ThreadPool(k, opts.spareThreads ?? 2);
    k.work = new PendingWork(k);
    k.promises = new Promises(k);
    k.debugger = new Debugger(k);
    // Recoveries after an interruption are kept as rows beside the oplog.
    k.onEvent(recoveryLog(opts.db));
    k.threads.refill();
  }

  get db(): Database {
    return this.k.opts.db;
  }

  onEvent(l: (e: EngineEvent) => void): () => void {
    return this.k.onEvent(l);
  }

  // ---- components ----

  registerComponent(name: string, src: ComponentSource): ReturnType<ComponentRegistry['register']> {
    this.checkComponentLimit(name);
    return this.components.register(name, src, () => this.checkNewComponentFits(name));
  }

  /** An imported component: its version with these bytes, else a new one; `use` runs in the transaction that adds it (registry.registerOnce). */
  importComponent(...[name, src, use]: Parameters<ComponentRegistry['registerOnce']>): ReturnType<ComponentRegistry['registerOnce']> {
    this.checkComponentLimit(name);
    return this.components.registerOnce(name, src, (version, created) => {
      if (created) this.checkNewComponentFits(name);
      use(version, created);
    });
  }

  /** Before a build: a new name past PLAYGROUND_MAX_COMPONENTS is refused without building. */
  private checkComponentLimit(name: string): void {
    const names = this.workers.componentNameCount();
    if (names >= this.k.maxComponents && !this.components.getVersion(name)) throw this.tooManyComponents(names);
  }

  /** In the transaction that added a version: registrations of new names at once all passed the check before their builds. */
  private checkNewComponentFits(name: string): void {
    const names = this.workers.componentNameCount();
    if (names > this.k.maxComponents && this.components.versions(name).length === 1) throw this.tooManyComponents(names - 1);
  }

  private tooManyComponents(names: number): EngineError {
    return new EngineError(
      `the playground already holds ${names} components, its limit (PLAYGROUND_MAX_COMPONENTS): delete one, or add a version to an existing one`,
      429,
    );
  }

  async deleteComponent(name: string): Promise<void> {
    if (!this.components.getVersion(name)) throw new EngineError(`no component named ${name}`, 404);
    const { live, kept } = this.workers.countOfComponent(name);
    if (live > 0) throw new EngineError(`component ${name} still has ${live} worker(s): delete them first`, 409);
    if (kept > 0)
      throw new EngineError(
        `component ${name} has ${kept} deleted worker(s) kept for replay: delete them permanently first (?purge=true)`,
        409,
      );
    await this.components.delete(name);
  }

  // ---- workers ----

  createWorker(p: CreateWorker): WorkerInfo {
    return this.k.records.create(p);
  }

  getWorker(id: string): WorkerInfo {
    return this.k.records.get(id);
  }

  /** Live workers; with `deleted: true`, the deleted ones kept for replay. */
  listWorkers(filter: WorkerFilter = {}): WorkerInfo[] {
    return this.k.records.list(filter);
  }

  /** listWorkers read a page at a time, yielding to the event loop between pages (what the runtime's API serves). */
  listWorkersYielding(filter: WorkerFilter = {}): Promise<WorkerInfo[]> {
    return this.k.records.listYielding(filter);
  }

  /** listWorkersYielding as JSON text (an array): one string to send across the runtime's pipe. */
  listWorkersJson(filter: WorkerFilter = {}): Promise<string> {
    return this.k.records.listJson(filter);
  }

  /**
   * One page of listWorkers, newest first: at most `limit` workers after the
   * cursor `after` (the `next` of the page before). Each page costs its own
   * size, not the number of workers.
   */
  listWorkersPage(filter: WorkerFilter & { limit: number; after?: string }): {
    workers: WorkerInfo[];
    next?: string;
  } {
    return this.k.records.page(filter);
  }

  /** A plain worker (created with durable: false) records nothing and replays nothing (see WorkerRecords.isPlain). */
  isPlain(id: string): boolean {
    return this.k.records.isPlain(id);
  }

  /** Status: live knowledge when we have it, else derived from the oplog. */
  status(id: string): { status: WorkerStatus; error?: string } {
    return this.k.statuses.get(id);
  }

  /**
   * Deletes a worker: it stops and takes no more invocations, but its oplog
   * is kept so it can still be replayed, forked or evaluated. `purge` (or a
   * second delete) removes it and its oplog for good.
   */
  async deleteWorker(id: string, opts: { purge?: boolean } = {}): Promise<void> {
    const k = this.k;
    const row = k.records.row(id);
    const r = k.residents.get(id);
    // No timer (a wake, a scheduled invocation) fires for it while its thread is let go.
    k.work.cancelAll(id);
    if (r) {
      // An idle worker leaves its thread as when evicted, and the thread serves the next worker instead
      // of ending: a durability check deletes a throwaway worker per kill point, and a boot costs ~0.1 s
      // of CPU. A busy worker's thread (or one that refuses to leave) is ended.
      k.residents.letGo(id);
      await r.releasing;
      await k.residents.stopThread(id, { kind: 'delete' });
      r.rejectAll(new EngineError('the worker was deleted', 410));
      k.residents.delete(id);
    }
    // A kill point or a checker's probe was for this worker: one made again under its name starts without them.
    k.residents.killPoints.delete(id);
    k.residents.probes.delete(id);
    if (opts.purge || row.deletedAt != null) {
      k.workers.transaction(() => {
        k.store.deleteWorker(id);
        k.workers.delete(id);
      });
      k.statuses.forget(id);
    } else {
      k.committer.flush();
      k.workers.markDeleted(id);
    }
    k.records.forget(id);
    k.emit({ type: 'worker-deleted', workerId: id });
  }

  // ---- invocation and threads ----

  invoke(workerId: string, req: InvokeRequest): Promise<InvokeResult> {
    return invoke(this.k, workerId, req);
  }

  /** Starts the worker's thread if it has none: recovery by replay, then live. */
  ensureThread(id: string): Promise<void> {
    return this.k.residents.ensureThread(id);
  }

  /** Test and debugging hook: the worker's thread is killed right after `index` is committed. */
  killAfterIndex(id: string, index: number): void {
    this.k.residents.killPoints.set(id, index);
  }

  /** Durability checks: pinned inputs and kill points for a throwaway worker (null clears). */
  setCheckProbe(id: string, probe: CheckProbe | null): void {
    if (probe) this.k.residents.probes.set(id, probe);
    else this.k.residents.probes.delete(id);
  }

  /** Terminates the worker's thread now, wherever it is. */
  kill(id: string, opts: { recover?: boolean } = {}): Promise<WorkerInfo> {
    return kill(this.k, id, opts);
  }

  /** Recovers the worker now (replay), picking up interrupted and queued work. */
  resume(id: string): Promise<WorkerInfo> {
    return resume(this.k, id);
  }

  residentCount(): number {
    return this.k.residents.count();
  }

  /** Threads booted, and worker starts served by a thread another worker had left. */
  threadStats(): { spawned: number; reused: number } {
    return { ...this.k.threads.stats };
  }

  /** Test hook: forgets the worker's instance on its shared thread as if it were idle, whatever the thread runs (a wrong drop must not wedge it). */
  dropAsIfIdle(id: string): void {
    this.k.residents.dropAsIfIdle(id);
  }

  /** Test hook: how many workers' instances the thread of `id` holds, by its own count (none: no thread). */
  heldOnThread(id: string): Promise<number | undefined> {
    const thread = this.k.residents.get(id)?.thread;
    return thread ? heldOn(thread) : Promise.resolve(undefined);
  }

  /** Threads holding workers, worker starts placed beside idle workers on their thread, and workers moved off a thread busy with a neighbour. */
  sharing(): { threads: number; joined: number; moved: number } {
    return { threads: this.k.residents.threadCount(), joined: this.k.threads.joined, moved: this.k.residents.moved };
  }

  /** Threads waiting in the pool for the next worker. */
  spareThreads(): number {
    return this.k.threads.ready;
  }

  /** At start: every worker that was mid-invocation or had work queued recovers by itself. */
  recoverAll(): Promise<string[]> {
    return recoverAll(this.k);
  }

  async shutdown(): Promise<void> {
    const k = this.k;
    k.closed = true;
    k.scheduler.clear();
    await k.threads.shutdown();
    await k.debugger.closeAll();
    await Promise.all(k.residents.ids().map((id) => k.residents.stopThread(id, { kind: 'shutdown' })));
  }

  // ---- history changes ----

  /** Golem's fork: a new worker from this one's first `atIndex` entries. */
  fork(id: string, p: { name: string; atIndex?: number; overrides?: { index: number; response: unknown }[] }): WorkerInfo {
    return fork(this.k, id, p);
  }

  /** 429 when the playground runs as many workers as PLAYGROUND_MAX_WORKERS allows (an import asks before it writes). */
  checkWorkerLimit(): void {
    this.k.records.checkLimit();
  }

  /** A worker whose rows were just written (fork, import): its status comes from its oplog. */
  adopt(id: string): WorkerInfo {
    return adopt(this.k, id);
  }

  /** Golem's revert: drops the history after `toIndex` (or the last N invocations). */
  revert(id: string, p: { toIndex?: number; lastInvocations?: number }): Promise<WorkerInfo> {
    return revert(this.k, id, p);
  }

  /** Golem's worker update, automatic (replay on the target) or snapshot-based. */
  updateWorker(id: string, p: { version: number; mode?: UpdateMode; resumed?: boolean }): Promise<WorkerInfo> {
    return updateWorker(this.k, id, p);
  }

  // ---- debugger ----

  /** Opens a replay debugger on a worker, stopped before the first entry. */
  startDebug(id: string, opts: { version?: number } = {}): Promise<{ sessionId: string; state: DebugState }> {
    return this.k.debugger.start(id, opts);
  }

  /** step, continue (to an index or a breakpoint), or rewind (a fresh replay up to an index). */
  debug(sessionId: string, cmd: DebugCommand | { type: 'rewind'; toIndex: number }): Promise<{ sessionId: string; state: DebugState }> {
    return this.k.debugger.command(sessionId, cmd);
  }

  stopDebug(sessionId: string): Promise<void> {
    return this.k.debugger.stop(sessionId);
  }

  /** Evaluates an export on a throwaway fork of the worker as it was at `index`, with every effect refused. */
  evaluateAt(
    id: string,
    p: { index: number; function: string; args?: JsonValue[] },
  ): Promise<{ atIndex: number; result: JsonValue; callSeq?: number }> {
    return evaluateAt(this.k, id, p);
  }

  // ---- promises, pending work, stores ----

  /** The key-value buckets and blob containers this worker's oplog names, as they are now. */
  workerStores(id: string): WorkerStores {
    this.k.records.row(id);
    this.k.committer.flush();
    return this.kv.forWorker(id);
  }

  /** The promises a worker created, with their state. */
  listPromises(id: string): PromiseInfo[] {
    return this.k.promises.list(id);
  }

  /** Completes a promise a worker created; false if it was completed already. */
  completePromise(id: string, index: number, data: string): boolean {
    return this.k.promises.complete(id, index, data);
  }

  /** Invocations queued or scheduled and not started yet. */
  listPending(id: string): PendingInvocation[] {
    return this.k.work.list(id);
  }

  /** Cancels a queued or scheduled invocation that has not started. */
  cancelPending(id: string, key: string): boolean {
    return this.k.work.cancel(id, key);
  }
}

/** The engine's collaborators, for tests and benches that look at or wrap one (the residents, the statuses). */
export function kernelOf(engine: Engine): Kernel {
  return engine['k'];
}
