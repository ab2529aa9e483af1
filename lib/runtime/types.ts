// What the engine tells the outside world (HTTP API, dashboard, tests).

import type { OplogEntry } from '../oplog/entry';
import type { WorkerStatus } from '../oplog/history';
import type { JsonValue } from '../values/json-value';

/** Golem's worker statuses (derived from the oplog by lib/oplog/history). */
export type { WorkerStatus };

export interface WorkerInfo {
  id: string;
  component: string;
  name: string;
  version: number;
  env: [string, string][];
  args: string[];
  status: WorkerStatus;
  createdAt: string;
  oplogLength: number;
  pendingInvocations: number;
  /** Loaded in a thread right now (not evicted). */
  resident: boolean;
  lastError?: string;
  /** Suspended in a sleep: wakes at this time (ISO). */
  suspendedUntil?: string;
  /** Suspended awaiting the promise created at this oplog index. */
  awaitingPromise?: number;
  /** Deleted but kept: no longer runs, its oplog stays for replay (ISO time of deletion). */
  deletedAt?: string;
  /** Created with durable: false: runs with no oplog of its own (a plain instance). */
  durable?: false;
  /** Status retrying: which attempt failed and when the next starts. */
  retry?: { attempt: number; maxAttempts: number; at: string };
}

export interface PromiseInfo {
  oplogIndex: number;
  createdAt: string;
  completed: boolean;
  completedAt?: string;
  /** base64 payload, once completed. */
  data?: string;
  /** The worker is suspended waiting for it. */
  awaited: boolean;
}

export interface PendingInvocation {
  idempotencyKey: string;
  function: string;
  args: JsonValue[];
  scheduledAt?: string;
}

export interface InvokeRequest {
  function: string;
  /** Arguments in the JSON value mapping. */
  args?: JsonValue[];
  /** Arguments as WAVE text, e.g. `"apple", 3`. */
  wave?: string;
  idempotencyKey?: string;
  /** false: enqueue and return at once. */
  wait?: boolean;
  /** Enqueue to start at this time (ISO string or epoch ms); implies wait false. */
  scheduleAt?: string | number;
}

export interface InvokeResult {
  idempotencyKey: string;
  /** Present when the invocation has completed. */
  result?: JsonValue;
  queued?: boolean;
}

/** A worker's replay, as it goes. `cause`: the interruption recovered from (the `interrupted` entry's reason); absent for a new, evicted or woken worker. */
export interface RecoveryEvent {
  type: 'recovery';
  workerId: string;
  phase: 'started' | 'progress' | 'done';
  index?: number;
  total?: number;
  ms?: number;
  replayedInvocations?: number;
  cause?: string;
}

export type EngineEvent =
  | { type: 'entries'; workerId: string; entries: OplogEntry[] }
  | { type: 'status'; workerId: string; status: WorkerStatus; error?: string }
  | RecoveryEvent
  | { type: 'worker-deleted'; workerId: string };

/** Which workers a listing takes: of one component, of one status; with `deleted: true`, the deleted ones kept for replay. */
export interface WorkerFilter {
  component?: string;
  status?: WorkerStatus;
  deleted?: boolean;
}
