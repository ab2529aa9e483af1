// What the engine's collaborators share: the stores, the committer, the
// configuration, the event fan-out, and each other. The Engine builds one
// kernel and hands it to every collaborator; none of them holds state that
// another one also holds.

import type { Database } from 'better-sqlite3';
import { OplogStore } from '../store/oplog-store';
import { WorkerStore } from '../store/worker-store';
import { KvStore } from '../store/kv-store';
import type { OplogEntry, OplogEntryBody } from '../oplog/entry';
import { DROP_KINDS, History } from '../oplog/history';
import { ComponentRegistry } from '../components/registry';
import { egressPolicy, type EgressPolicy } from '../security/egress';
import { securityConfig } from '../security/config';
import { config } from '../config';
import { GroupCommitter } from './committer';
import { Scheduler } from './scheduler';
import { StartQueue } from './start-queue';
import { EngineError } from './errors';
import { availableParallelism } from 'node:os';
import type { EngineEvent } from './types';
import type { WorkerRecords } from './workers/records';
import type { StatusBook } from './workers/status';
import type { Residents } from './pool/residents';
import type { ThreadPool } from './pool/threads';
import type { PendingWork } from './work/pending';
import type { Promises } from './work/promises';
import type { Debugger } from './debugger/sessions';

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
  /** Component builds (a JS build is a ~140 MB process for seconds) at once, default the cores; and how many may wait beyond them (default 16; 429 past it). */
  buildsAtOnce?: number;
  buildsWaiting?: number;
  /** Workers kept in memory with a thread; a start beyond it lets the least recently used idle one go first. */
  maxResident?: number;
  /** Idle workers whose instances one thread may hold (pool/hosts.ts); 1: a thread per worker. Default: from the environment. */
  workersPerThread?: number;
  /** Test hook: how long a start in a burst waits for room before it boots a thread (placement.ts; default 100 ms). */
  roomWaitMs?: number;
  /** Component versions a thread may have imported (never unloaded) before it ends instead of serving again; default 32. */
  threadBindings?: number;
}

export class Kernel {
  readonly store: OplogStore;
  readonly workers: WorkerStore;
  /** wasi:keyvalue and wasi:blobstore data (this process is the database's one writer). */
  readonly kv: KvStore;
  readonly components: ComponentRegistry;
  readonly committer: GroupCommitter;
  readonly scheduler = new Scheduler();
  readonly egress: EgressPolicy;
  readonly maxWorkers: number;
  readonly maxComponents: number;
  readonly idleEvictMs: number;
  readonly invocationTimeoutMs: number;
  readonly maxResident: number;
  readonly workersPerThread: number;
  /** Set by shutdown: nothing new starts. */
  closed = false;
  private readonly listeners = new Set<(e: EngineEvent) => void>();

  // The collaborators, set by the Engine right after the kernel is made.
  records!: WorkerRecords;
  statuses!: StatusBook;
  residents!: Residents;
  threads!: ThreadPool;
  work!: PendingWork;
  promises!: Promises;
  debugger!: Debugger;

  constructor(readonly opts: EngineOptions) {
    const security = securityConfig();
    this.egress = opts.egress ?? egressPolicy(security);
    this.maxWorkers = opts.maxWorkers ?? security.maxWorkers;
    this.maxComponents = opts.maxComponents ?? security.maxComponents;
    this.store = new OplogStore(opts.db);
    this.workers = new WorkerStore(opts.db);
    this.kv = new KvStore(opts.db);
    this.committer = new GroupCommitter(this.store, {
      committed: (workerId, entries) => this.emit({ type: 'entries', workerId, entries }),
      killPoint: (workerId) => this.residents.killPoints.get(workerId),
      reachedKillPoint: (workerId) => this.residents.reachedKillPoint(workerId),
    });
    const builds = new StartQueue(opts.buildsAtOnce ?? Math.max(1, availableParallelism()), config.buildTimeoutMs + 10_000);
    const waiting = opts.buildsWaiting ?? 16;
    // A class building at once must not start thirty build processes on two cores: a few at a time, first come first served.
    const buildSlot = async <T>(run: () => Promise<T>): Promise<T> => {
      if (builds.queued >= waiting)
        throw new EngineError(
          `${builds.limit} component build(s) are running and ${builds.queued} are waiting, the most this playground queues: try again in a minute`,
          429,
        );
      return builds.run(run);
    };
    this.components = new ComponentRegistry(opts.db, opts.filesDir, (opts.memoryLimitMb ?? 256) * 1024 * 1024, buildSlot);
    this.idleEvictMs = opts.idleEvictMs ?? 5 * 60_000;
    this.invocationTimeoutMs = opts.invocationTimeoutMs ?? 60_000;
    this.maxResident = opts.maxResident ?? config.maxResident;
    this.workersPerThread = Math.max(1, Math.floor(opts.workersPerThread ?? config.workersPerThread));
  }

  onEvent(l: (e: EngineEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** The runtime writes only while no thread writes for this worker, or entries replay skips. */
  append(id: string, bodies: OplogEntryBody[]): OplogEntry[] {
    return this.committer.appendNow(id, bodies);
  }

  /** A history of these entries plus the worker's jumps and reverts. */
  history(id: string, entries: OplogEntry[]): History {
    const drops = this.store.ofKinds(id, DROP_KINDS);
    return new History(drops.length === 0 ? entries : [...drops, ...entries].sort((a, b) => a.index - b.index));
  }
}
