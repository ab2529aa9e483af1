// The thread pool: booted threads kept ready, so a new or recovering worker
// skips thread start and module loading; a thread is handed its worker by an
// `assign` message carrying its ThreadInit.

import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import type { WorkerRow } from '../../store/worker-store';
import type { ThreadInit } from '../thread/protocol';
import type { Kernel } from '../kernel';

// A host-side leak in a worker's thread fails that worker, not the runtime.
const THREAD_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 2 };

type Loaded = Pick<ThreadInit, 'bindingsUrl' | 'modules' | 'exports'>;

export class ThreadPool {
  private readonly spares: Worker[] = [];
  /** The version most recently started: spare threads load its bindings early. */
  private lastBindings?: string;

  constructor(private readonly k: Kernel, private readonly size: number) {}

  private spawn(): Worker {
    return new Worker(this.k.opts.threadEntry, {
      workerData: null, resourceLimits: THREAD_LIMITS, stdout: false, stderr: false,
    });
  }

  /** Keeps booted threads ready: a new worker skips thread start and module loading. */
  refill(): void {
    while (!this.k.closed && this.spares.length < this.size) {
      const t = this.spawn();
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

  /** The spares load this version's bindings ahead: the next worker of it starts sooner. */
  prepare(bindingsUrl: string): void {
    if (this.lastBindings === bindingsUrl) return;
    this.lastBindings = bindingsUrl;
    for (const t of this.spares) t.postMessage({ type: 'prepare', bindingsUrl });
  }

  /** A thread assigned to `init`'s worker (a spare when one is ready). */
  assign(init: ThreadInit, port: MessagePort): Worker {
    const t = this.spares.shift() ?? this.spawn();
    t.removeAllListeners('exit');
    t.removeAllListeners('error');
    t.ref();
    setImmediate(() => this.refill());
    t.postMessage({ type: 'assign', init }, [port]);
    return t;
  }

  /** A ThreadInit for this worker and loaded version, with a fresh sync channel; `port` is the runtime's end. */
  init(row: WorkerRow, loaded: Loaded, extra: Partial<ThreadInit>): { init: ThreadInit; port: MessagePort; threadPort: MessagePort; signal: SharedArrayBuffer } {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const init: ThreadInit = {
      workerId: row.id, dbPath: this.k.opts.dbPath, bindingsUrl: loaded.bindingsUrl, modules: loaded.modules,
      exports: loaded.exports, env: JSON.parse(row.env), args: JSON.parse(row.args), syncSignal: signal, syncPort: port2,
      ...extra,
    };
    return { init, port: port1, threadPort: port2, signal };
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.spares.splice(0).map((t) => t.terminate()));
  }
}
