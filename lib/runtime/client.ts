// The web app's handle on the runtime process: method calls over IPC, a
// stream of engine events, and crash-and-restart. Calls made while the
// runtime restarts wait for it; calls in flight when it dies fail with 503.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CallMessage, ErrorPayload, MethodName, RuntimeApi, RuntimeMessage } from './process/protocol';
import { batching, unbatch, type Batch } from './process/batch';
import type { EngineEvent } from './types';

export class RuntimeError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly location?: ErrorPayload['location'],
  ) {
    super(message);
  }
}

/**
 * `at`: when the web app saw the runtime die (crashed) or answer again (restarted), epoch ms;
 * `downMs` (restarted): how long it was down, measured here, so every client shows the same down phase.
 */
export type RuntimeEvent =
  EngineEvent | { type: 'runtime'; phase: 'crashed' | 'restarted'; at: number; downMs?: number; pid?: number; recovering?: string[] };

/**
 * The runtime is a bundle (.runtime/runtime.mjs): a TypeScript loader its parent
 * runs under (tests and benches: `--import tsx`) would only slow it down, and
 * every worker thread inherits the flags and would load it again.
 */
export function withoutTsLoader(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (/^--(import|require|loader|experimental-loader)$|^-r$/.test(a) && /tsx/.test(execArgv[i + 1] ?? '')) i += 1;
    else if (!/^--(import|require|loader|experimental-loader)=.*tsx/.test(a)) out.push(a);
  }
  return out;
}

type Api = { [K in MethodName]: (...a: Parameters<RuntimeApi[K]>) => Promise<Awaited<ReturnType<RuntimeApi[K]>>> };

export class RuntimeClient {
  private child?: ChildProcess;
  /** Calls to the current child, sent together once per turn of the event loop. */
  private post: (m: CallMessage) => void = () => {};
  private ready!: Promise<void>;
  /** Settles `ready`; set from a spawn until a runtime says ready (one that dies first hands its waiters to the next). */
  private markReady?: () => void;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(e: RuntimeEvent) => void>();
  /** Settles once the runtime sends its events again (the answer to the latest "on"); see onEvent. */
  private eventsOn: Promise<void> = Promise.resolve();
  private stopping = false;
  /** When the runtime was seen to die, until it answers again. */
  private downSince?: number;
  restarts = 0;

  constructor(
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.spawn();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): void {
    const child = fork(this.entry, [], {
      serialization: 'advanced',
      env: this.env,
      execArgv: withoutTsLoader(process.execArgv),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    this.post = batching<CallMessage>((m) => {
      // A child that died meanwhile: its exit handler answers the callers with 503.
      if (child.connected) child.send(m);
    });
    // Calls waiting for a runtime that died before it was ready wait for this one instead of for good.
    if (!this.markReady) this.ready = new Promise((res) => (this.markReady = res));
    // Sending to a runtime that just died raises here; its exit handler answers the callers.
    child.on('error', () => {});
    child.on('message', (msg: RuntimeMessage | Batch<RuntimeMessage>) => {
      for (const m of unbatch(msg)) receive(m);
    });
    const receive = (m: RuntimeMessage) => {
      if ('ready' in m) {
        // A late `ready` of a runtime that died meanwhile says nothing about the one that replaces it.
        if (this.child !== child) return;
        this.markReady?.();
        this.markReady = undefined;
        // A runtime starts out sending every event.
        if (this.listeners.size === 0) this.tellEvents(false);
        if (this.restarts > 0) {
          const at = Date.now();
          this.emit({
            type: 'runtime',
            phase: 'restarted',
            at,
            downMs: this.downSince === undefined ? undefined : at - this.downSince,
            pid: child.pid,
            recovering: m.ready.recovering,
          });
          this.downSince = undefined;
        }
      } else if ('event' in m) this.emit(m.event);
      else {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(new RuntimeError(m.error.message, m.error.status, m.error.location));
      }
    };
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      const err = new RuntimeError(
        `the runtime stopped (${signal ?? `exit code ${code}`}) before answering; it is restarting — retry with the same idempotency key`,
        503,
      );
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (this.stopping) return;
      this.downSince = Date.now();
      this.emit({ type: 'runtime', phase: 'crashed', at: this.downSince, pid: child.pid });
      this.restarts += 1;
      this.spawn();
    });
  }

  /**
   * Engine events travel only while someone here listens: the runtime is told when the first
   * listener comes and the last one goes. Events from before `eventsFlowing()` settles may be
   * missing: entries are in the database (sse.ts reads its backlog after that); statuses are not, and a page
   * reads them again on the stream's `ready` (sent once events flow).
   */
  onEvent(l: (e: RuntimeEvent) => void): () => void {
    this.listeners.add(l);
    if (this.listeners.size === 1) this.tellEvents(true);
    return () => {
      if (this.listeners.delete(l) && this.listeners.size === 0) this.tellEvents(false);
    };
  }

  /** Settles when every engine event from now on reaches the listeners (or the runtime restarted: it then sends them all). */
  eventsFlowing(): Promise<void> {
    return this.eventsOn;
  }

  private tellEvents(on: boolean): void {
    const method: CallMessage['method'] = 'events'; // EVENTS_METHOD (protocol.ts holds the engine's values: only its types come here)
    const told = this.request(method, [on]).then(
      () => {},
      () => {}, // the runtime died first: the one that replaces it sends every event until told
    );
    if (on) this.eventsOn = told;
  }

  private emit(e: RuntimeEvent): void {
    for (const l of this.listeners) l(e);
  }

  call<M extends MethodName>(method: M, ...params: Parameters<RuntimeApi[M]>): Promise<Awaited<ReturnType<RuntimeApi[M]>>> {
    return this.request(method, params) as Promise<Awaited<ReturnType<RuntimeApi[M]>>>;
  }

  private async request(method: CallMessage['method'], params: unknown[]): Promise<unknown> {
    await this.ready;
    const child = this.child!;
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      if (!child.connected) return reject(new RuntimeError('the runtime is restarting; retry with the same idempotency key', 503));
      this.pending.set(id, { resolve, reject });
      this.post({ id, method, params });
    });
  }

  readonly api: Api = new Proxy({} as Api, {
    get:
      (_, method: string) =>
      (...params: unknown[]) =>
        (this.call as (m: string, ...p: unknown[]) => Promise<unknown>)(method, ...params),
  });

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Crash runtime: SIGKILL, no goodbye. It restarts and recovers by itself. */
  async crash(): Promise<number | undefined> {
    const child = this.child;
    // Stopped (or never started): there is nothing to kill and nothing will restart.
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    await this.ready;
    return child.pid;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    // A child that died by a signal has `exitCode` null and `signalCode` set: it exited all the same.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((res) => {
      child.once('exit', () => res());
      child.kill('SIGTERM');
    });
  }
}

const GLOBAL_KEY = Symbol.for('durable-playground.runtime');

/** The web app's single runtime (survives Next.js module reloads). */
export function runtime(): RuntimeClient {
  const g = globalThis as unknown as Record<symbol, RuntimeClient | undefined>;
  g[GLOBAL_KEY] ??= new RuntimeClient(path.join(process.cwd(), '.runtime', 'runtime.mjs'));
  return g[GLOBAL_KEY]!;
}
