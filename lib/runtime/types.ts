// What the engine tells the outside world (HTTP API, dashboard, tests).

import type { OplogEntry } from '../oplog/entry';
import type { JsonValue } from '../values/json-value';

/** Golem's worker statuses. */
export type WorkerStatus = 'running' | 'idle' | 'suspended' | 'interrupted' | 'retrying' | 'failed' | 'exited';

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
}

export interface InvokeResult {
  idempotencyKey: string;
  /** Present when the invocation has completed. */
  result?: JsonValue;
  queued?: boolean;
}

export type EngineEvent =
  | { type: 'entries'; workerId: string; entries: OplogEntry[] }
  | { type: 'status'; workerId: string; status: WorkerStatus; error?: string }
  | { type: 'recovery'; workerId: string; phase: 'started' | 'progress' | 'done'; index?: number; total?: number; ms?: number; replayedInvocations?: number }
  | { type: 'worker-deleted'; workerId: string };
