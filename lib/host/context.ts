// The one seam between a guest and the world. Every WASI implementation in
// lib/host calls `ctx.durable(...)` for anything non-deterministic; whether the
// call runs live or is answered from the oplog is decided here and nowhere
// else, so a new durable interface is a declaration plus its live code.

import type { HostFunction } from './functions';
import type { Durability } from '../oplog/entry';
import type { StoreCall } from './store-call';

/** Thrown by an import to make jco return `err(payload)` to the guest. */
export class HostError {
  constructor(readonly payload: unknown) {}
}

/** Thrown when the guest calls wasi:cli/exit; unwinds the guest. */
export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`guest exited with code ${code}`);
  }
}

export interface HttpRequestData {
  method: string;
  url: string;
  headers: [string, string][];
  /** base64 */
  body: string;
}
export type HttpResponseData = { status: number; headers: [string, string][]; body: string } | { error: string; message: string };

/** A question a worker's thread puts to the runtime (blocking the guest); live only. */
export type RuntimeCall =
  | { op: 'oplog-index' }
  /** The runtime appends the create-promise entry itself, so the promise id is its exact index. */
  | { op: 'create-promise' }
  | { op: 'begin-atomic-region' }
  | { op: 'promise-poll'; worker: string; index: number }
  | { op: 'promise-complete'; worker: string; index: number; data: string }
  | { op: 'metadata'; worker?: string }
  | { op: 'list-workers'; componentUuid: [number, number] }
  | { op: 'resolve-component'; ref: string }
  | { op: 'component-of-uuid'; uuid: [number, number] }
  | { op: 'fork-worker'; source: string; target: string; cutOff: number }
  | { op: 'revert-worker'; worker: string; toIndex?: number; lastInvocations?: number }
  | { op: 'update-worker'; worker: string; version: number; mode: string }
  | { op: 'fork'; name: string }
  | { op: 'set-oplog-index'; index: number }
  | { op: 'rpc'; worker: string; function: string; params: unknown[]; key: string; mode: 'await' | 'enqueue'; scheduleAt?: number }
  | { op: 'cancel-invocation'; worker: string; key: string }
  | { op: 'store'; call: StoreCall }
  /** golem:api/oplog: a page of a worker's oplog (entries holding `text` when given), with the version in effect before it. */
  | { op: 'read-oplog'; worker: string; from: number; limit: number; text?: string };

export type RuntimeReply = { ok: unknown } | { error: string };

/** Golem's retry policy (golem:api/host retry-policy), delays in ms. */
export interface RetryPolicy {
  maxAttempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  maxJitterFactor?: number;
}

/** Golem's defaults. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  minDelayMs: 100,
  maxDelayMs: 1000,
  multiplier: 3,
  maxJitterFactor: 0.15,
};

export type PersistenceLevel = 'persist-nothing' | 'persist-remote-side-effects' | 'smart';

/** Per-worker settings the guest changes through golem:api/host; replay restores them by replaying those calls. */
export interface GolemState {
  retryPolicy: RetryPolicy;
  persistence: PersistenceLevel;
  idempotent: boolean;
}

/** Thrown to fail the worker at once, without retries (Golem: at-most-once violated, divergence). */
export class FatalError extends Error {}

export interface HostContext {
  /**
   * Runs `live` and records its outcome, or, while replaying, returns the
   * recorded outcome without running it. A thrown HostError is recorded too.
   */
  durable<T>(functionName: HostFunction, durability: Durability, request: unknown, live: () => T): T;
  /** Guest output: recorded as a log entry, never repeated on replay. */
  log(stream: 'stdout' | 'stderr', text: string): void;
  readonly env: [string, string][];
  readonly args: string[];
  /** Blocks this thread until the runtime performs the request. */
  httpRequest(req: HttpRequestData): HttpResponseData;
  /** Blocks this thread for ms milliseconds (live only; replay never sleeps). */
  sleep(ms: number): void;
  readonly replaying: () => boolean;
  /** Whether the next call runs live: no recorded guest entry is left to replay (golem:durability's is-live). */
  isLive(): boolean;
  /**
   * The current oplog index, without recording anything: while replaying, the
   * last entry replayed; live, the newest entry (Golem's begin-durable-function).
   */
  oplogPosition(): number;
  /** The running invocation's idempotency key: the same on every replay. */
  readonly invocationKey: string;
  /** The worker's id (`component/name`). */
  readonly workerId: string;
  readonly golem: GolemState;
  /** Asks the runtime and blocks until it answers; a refused call throws FatalError-free Error. */
  runtime(call: RuntimeCall): unknown;
  /** Like durable, but the runtime records the entry itself (its index is the answer). */
  recordedByRuntime<T>(functionName: HostFunction, request: unknown, live: () => T): T;
  /** Leaves memory until the time or the promise; the runtime ends this thread. Live only. */
  suspend(reason: { until: number } | { promise: number }): never;
  /** Golem's atomic regions: begin returns the begin entry's index. */
  beginAtomicRegion(): number;
  endAtomicRegion(begin: number): void;
  /**
   * golem:durability's bracketed remote write (begin-remote-write): its begin
   * entry's index. `rerun`: when recovery finds it begun and not ended, run it
   * again (a batch in idempotence mode on); otherwise the worker fails.
   */
  beginRemoteWrite(rerun: boolean): number;
  /** Ends the remote write begun at `begin` (end-remote-write); false when none such is open. */
  endRemoteWrite(begin: number): boolean;
  /** Live: returns once everything this instance wrote is committed to the store. Replaying: nothing to do. */
  commitOplog(): void;
  /**
   * Durable calls made so far in this instance's life: the same on every replay.
   * golem:durability sets it back to the live count when replay skips the guest's live-only calls.
   */
  callSeq: number;
  /** Whether a long wait may suspend the worker (not in a debug session or a throwaway fork). */
  readonly canSuspend: boolean;
}
