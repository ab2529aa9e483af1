// The thread pool: booted threads kept ready, so a new or recovering worker
// skips thread start and module loading; a thread is handed its worker by an
// `assign` message carrying its ThreadInit. A thread whose worker suspended or
// was let go while idle, whose throwaway evaluation answered, or whose debug
// session was closed while paused, comes back here and takes the next worker (a killed,
// failed or crashed worker's thread is terminated, never reused; so is one
// that has imported its budget of component versions).

import { Worker, type MessagePort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import type { WorkerRow } from '../../store/worker-store';
import type { PrepareMessage, ThreadInit } from '../thread/protocol';
import type { Kernel } from '../kernel';
import { openSyncChannel, type RuntimeEnd } from '../sync-channel';
import { withoutTsLoader } from '../client';

// A host-side leak in a worker's thread fails that worker, not the runtime.
// The young generation is sized for instantiations (every start, sleep and wake
// makes one): at 2 MB a third of a thread's time went to GC, and 16 MB took
// ~10-18 % off the CPU of a sleep or wake (bench/golem.ts, alternating runs) for
// ~0.3 MB more per idle worker (2.6 -> 2.9 MB, bench/engine.ts, 4 to a thread).
export const THREAD_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };
// Every instance leaves ~0.5 MB of jco's JS objects behind, and a thread's heap
// is small (~10-20 MB live): left to V8's defaults, incremental marking restarted
// as soon as a full GC ended, ~1 full GC per 3 instantiations. A configured
// initial old space makes V8 wait for ~6 MB of garbage instead of ~2 and took
// about a third off the process CPU of an instantiation with 20 instances alive
// on the thread (bench/instantiate.ts, BENCH_KEEP=20). The price: a busy thread's
// heap may peak ~25 MB higher before its first full GCs (idle, the same). It is read
// when an isolate is made: set here, it reaches the threads made after this
// module loads, not the runtime's main thread (already made).
export const THREAD_INITIAL_OLD_SPACE_MB = 64;
setFlagsFromString(`--initial-old-space-size=${THREAD_INITIAL_OLD_SPACE_MB}`);
/** Threads given back are kept up to this many; those beyond `size` end after IDLE_TRIM_MS unused. */
const MAX_IDLE = 16;
const IDLE_TRIM_MS = 10_000;
/** A thread never unloads the bindings it imported (ES modules stay): past this many versions it ends instead of serving again. */
const MAX_BINDINGS = 32;

type Loaded = Pick<ThreadInit, 'bindingsUrl' | 'modules' | 'exports'>;

export class ThreadPool {
  private readonly spares: Worker[] = [];
  /** The version most recently started: spare threads load its bindings and instantiate it early. */
  private last?: PrepareMessage;
  private trimTimer?: NodeJS.Timeout;
  /** Threads booted, and assignments served by a thread that had run another worker before. */
  readonly stats = { spawned: 0, reused: 0 };
  /** Workers placed beside others on a thread (pool/hosts.ts). */
  joined = 0;
  /** Numbers assignments: a shared thread's messages say which worker's instance they are for. */
  private runs = 0;
  /** Threads that ran a worker before, and when they were given back. */
  private readonly returnedAt = new WeakMap<Worker, number>();
  /** The bindings each thread has imported (a `prepare` or an `assign` each imports one). */
  private readonly imported = new WeakMap<Worker, Set<string>>();

  constructor(
    private readonly k: Kernel,
    private readonly size: number,
  ) {}

  private get maxBindings(): number {
    return this.k.opts.threadBindings ?? MAX_BINDINGS;
  }

  private spawn(): Worker {
    this.stats.spawned += 1;
    const opts = { workerData: null, resourceLimits: THREAD_LIMITS, stdout: false, stderr: false };
    // The thread entry is bundled JavaScript: a TypeScript loader the engine runs under (tests, benches) only slows its boot.
    const execArgv = withoutTsLoader(process.execArgv).filter((a) => !/^--expose[-_]gc$/.test(a));
    if (execArgv.length === process.execArgv.length) return new Worker(this.k.opts.threadEntry, opts);
    try {
      return new Worker(this.k.opts.threadEntry, { ...opts, execArgv });
    } catch (e) {
      // A process-wide flag a thread may not be given explicitly: inherit them as before.
      if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
      return new Worker(this.k.opts.threadEntry, opts);
    }
  }

  /** Threads ready for the next start. */
  get ready(): number {
    return this.spares.length;
  }

  /** Keeps booted threads ready: a new worker skips thread start and module loading. */
  refill(): void {
    // In a burst, threads of workers that go idle serve the starts waiting:
    // booting more would cost each ~135 ms of CPU the burst itself needs (placement.ts).
    if (this.k.residents.startsWaiting > 0) return;
    while (!this.k.closed && this.spares.length < this.size) {
      const t = this.spawn();
      this.keep(t);
      if (this.last) this.send(t, this.last);
      this.spares.push(t);
      this.k.residents.threadFreed();
    }
  }

  /** Posts a message that makes `t` import `msg`'s bindings. */
  private send(t: Worker, msg: PrepareMessage | { type: 'assign'; init: ThreadInit }, transfer: MessagePort[] = []): void {
    const url = msg.type === 'assign' ? msg.init.bindingsUrl : msg.bindingsUrl;
    const urls = this.imported.get(t) ?? new Set<string>();
    urls.add(url);
    this.imported.set(t, urls);
    t.postMessage(msg, transfer);
  }

  /** Whether `t`, having imported `url` too, stays within the budget of versions. */
  fits(t: Worker, url?: string): boolean {
    const urls = this.imported.get(t);
    const size = (urls?.size ?? 0) + (url !== undefined && !urls?.has(url) ? 1 : 0);
    return size <= this.maxBindings;
  }

  private keep(t: Worker): void {
    const forget = () => {
      const i = this.spares.indexOf(t);
      if (i >= 0) this.spares.splice(i, 1);
    };
    t.once('exit', forget);
    t.once('error', forget);
    t.unref();
  }

  /** A thread whose worker left it normally: it serves a later worker (last in line: it instantiates ahead meanwhile). */
  release(t: Worker): void {
    if (this.k.closed || this.spares.length >= Math.max(this.size, MAX_IDLE) || !this.fits(t, this.last?.bindingsUrl)) {
      void t.terminate();
      return;
    }
    t.removeAllListeners('message');
    this.keep(t);
    this.returnedAt.set(t, Date.now());
    if (this.last) this.send(t, this.last);
    this.spares.push(t);
    this.k.residents.threadFreed();
    this.scheduleTrim();
  }

  private scheduleTrim(): void {
    if (this.spares.length <= this.size || this.trimTimer) return;
    this.trimTimer = setTimeout(() => {
      this.trimTimer = undefined;
      // Spares beyond the configured number end once unused for a while: a burst is over.
      const old = Date.now() - IDLE_TRIM_MS;
      for (const t of [...this.spares]) {
        if (this.spares.length <= this.size) break;
        if ((this.returnedAt.get(t) ?? 0) > old) continue;
        this.spares.splice(this.spares.indexOf(t), 1);
        void t.terminate();
      }
      this.scheduleTrim();
    }, IDLE_TRIM_MS);
    this.trimTimer.unref();
  }

  /** The spares instantiate this version ahead: the next worker of it starts sooner. */
  prepare(loaded: Pick<Loaded, 'bindingsUrl' | 'modules'>): void {
    if (this.last?.bindingsUrl === loaded.bindingsUrl) return;
    this.last = { type: 'prepare', bindingsUrl: loaded.bindingsUrl, modules: loaded.modules };
    const full = this.spares.filter((t) => !this.fits(t, loaded.bindingsUrl));
    // Their module memory only grows: fresh threads take their places.
    for (const t of full) {
      this.spares.splice(this.spares.indexOf(t), 1);
      void t.terminate();
    }
    for (const t of this.spares) this.send(t, this.last);
    if (full.length > 0) this.refill();
  }

  /** A thread assigned to `init`'s worker (a spare when one is ready). */
  assign(init: ThreadInit, port: MessagePort): Worker {
    const t = this.spares.shift() ?? this.spawn();
    if (this.returnedAt.has(t)) this.stats.reused += 1;
    t.removeAllListeners('exit');
    t.removeAllListeners('error');
    t.ref();
    setImmediate(() => this.refill());
    this.send(t, { type: 'assign', init }, [port]);
    return t;
  }

  /** Places `init`'s worker on `t` beside the workers it holds (pool/hosts.ts). */
  join(t: Worker, init: ThreadInit, port: MessagePort): void {
    this.joined += 1;
    this.send(t, { type: 'assign', init }, [port]);
  }

  /** A ThreadInit for this worker and loaded version, with a fresh sync channel; `channel` is the runtime's end. */
  init(row: WorkerRow, loaded: Loaded, extra: Partial<ThreadInit>): { init: ThreadInit; channel: RuntimeEnd; threadPort: MessagePort } {
    const { runtime, port, signal } = openSyncChannel();
    const init: ThreadInit = {
      workerId: row.id,
      run: ++this.runs,
      dbPath: this.k.opts.dbPath,
      bindingsUrl: loaded.bindingsUrl,
      modules: loaded.modules,
      exports: loaded.exports,
      env: JSON.parse(row.env),
      args: JSON.parse(row.args),
      syncSignal: signal,
      syncPort: port,
      ...extra,
    };
    return { init, channel: runtime, threadPort: port };
  }

  async shutdown(): Promise<void> {
    clearTimeout(this.trimTimer);
    await Promise.all(this.spares.splice(0).map((t) => t.terminate()));
  }
}
