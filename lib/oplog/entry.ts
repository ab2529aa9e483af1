// Oplog entry kinds, modelled on Golem's `golem-common` OplogEntry.
// Entries are appended, never changed; a worker's status, its pending
// invocations and its results are all derived from this log.

import type { JsonValue } from '../values/json-value';

// Each kind's properties (replayed, status, labels, the README's list) are in ./kinds.ts.

/** How a host call affects the world; decides when the oplog must be committed. */
export type Durability = 'read-local' | 'write-local' | 'read-remote' | 'write-remote';

export interface CreateEntry {
  kind: 'create';
  componentName: string;
  componentVersion: number;
  workerName: string;
  env: [string, string][];
  args: string[];
  /** false: a plain worker, run with no oplog of its own (see Engine.isPlain). */
  durable?: false;
}
export interface ExportedFunctionInvokedEntry {
  kind: 'exported-function-invoked';
  functionName: string;
  args: JsonValue[];
  idempotencyKey: string;
}
export interface ExportedFunctionCompletedEntry {
  kind: 'exported-function-completed';
  idempotencyKey: string;
  result: JsonValue;
}
export interface ImportedFunctionInvokedEntry {
  kind: 'imported-function-invoked';
  functionName: string;
  /** Encoded with oplog/codec (BigInt and bytes survive the trip). */
  request: unknown;
  response: unknown;
  durability: Durability;
}
export interface ErrorEntry {
  kind: 'error';
  error: string;
  /** The invocation that failed, if any. */
  idempotencyKey?: string;
  /** Which attempt failed (1 = the first run), under the worker's retry policy. */
  attempt?: number;
  /** When the next attempt starts (epoch ms); absent when the failure is final. */
  retryAt?: number;
  /** The retry policy's max-attempts when this failure was recorded. */
  maxAttempts?: number;
}
export interface InterruptedEntry {
  kind: 'interrupted';
  reason: string;
}
export interface ExitedEntry {
  kind: 'exited';
  code: number;
  idempotencyKey?: string;
}
export interface LogEntry {
  kind: 'log';
  stream: 'stdout' | 'stderr';
  message: string;
}
/** The worker left memory while it waits: until a time (a sleep) or for a promise. */
export interface SuspendEntry {
  kind: 'suspend';
  until?: number;
  promise?: number;
}
/**
 * The guest's own state (golem:api/save-snapshot) at this point: recovery
 * loads it and replays only what follows. `callSeq` and the golem settings
 * are what replaying the history before it would have restored.
 */
export interface SnapshotEntry {
  kind: 'snapshot';
  data: string;
  callSeq: number;
  /** golem:api 1.5's snapshot record carries one; 1.1.7/1.3.0 save bare bytes. */
  mimeType?: string;
  retryPolicy?: unknown;
  persistence?: string;
  idempotent?: boolean;
}
/** Golem's update modes: replay the history on the new version, or load a snapshot the old one saved. */
export const UPDATE_MODES = ['automatic', 'snapshot-based'] as const;
export type UpdateMode = (typeof UPDATE_MODES)[number];
export const isUpdateMode = (x: unknown): x is UpdateMode => UPDATE_MODES.includes(x as UpdateMode);
/** The modes as an error message lists them: "automatic" or "snapshot-based". */
export const UPDATE_MODES_TEXT = UPDATE_MODES.map((m) => `"${m}"`).join(' or ');

/** Golem's update entries: a worker moved (or failed to move) to another component version. */
export interface PendingUpdateEntry {
  kind: 'pending-update';
  targetVersion: number;
  mode: UpdateMode;
}
export interface SuccessfulUpdateEntry {
  kind: 'successful-update';
  targetVersion: number;
  fromVersion: number;
  mode: UpdateMode;
}
export interface FailedUpdateEntry {
  kind: 'failed-update';
  targetVersion: number;
  details: string;
}
/** A promise this worker created (at `promiseIndex`) was completed with `data` (base64). */
export interface PromiseCompletedEntry {
  kind: 'promise-completed';
  promiseIndex: number;
  data: string;
}
/** An enqueued invocation; with scheduledAt it starts at that time (epoch ms). */
export interface PendingWorkerInvocationEntry {
  kind: 'pending-worker-invocation';
  functionName: string;
  args: JsonValue[];
  idempotencyKey: string;
  scheduledAt?: number;
}
/** Golem's Jump: entries in [start, end] are skipped by replay. */
export interface JumpEntry {
  kind: 'jump';
  start: number;
  end: number;
}
/** Golem's Revert: the range is dropped from the worker's history. */
export interface RevertEntry {
  kind: 'revert';
  start: number;
  end: number;
}

export interface CancelPendingInvocationEntry {
  kind: 'cancel-pending-invocation';
  idempotencyKey: string;
}
export interface BeginAtomicRegionEntry {
  kind: 'begin-atomic-region';
}
export interface EndAtomicRegionEntry {
  kind: 'end-atomic-region';
  beginIndex: number;
}
export interface BeginRemoteWriteEntry {
  kind: 'begin-remote-write';
}
export interface EndRemoteWriteEntry {
  kind: 'end-remote-write';
  beginIndex: number;
}

export type OplogEntryBody =
  | CreateEntry
  | ExportedFunctionInvokedEntry
  | ExportedFunctionCompletedEntry
  | ImportedFunctionInvokedEntry
  | ErrorEntry
  | InterruptedEntry
  | ExitedEntry
  | LogEntry
  | SuspendEntry
  | JumpEntry
  | RevertEntry
  | PendingWorkerInvocationEntry
  | CancelPendingInvocationEntry
  | BeginAtomicRegionEntry
  | EndAtomicRegionEntry
  | BeginRemoteWriteEntry
  | EndRemoteWriteEntry
  | PromiseCompletedEntry
  | SnapshotEntry
  | PendingUpdateEntry
  | SuccessfulUpdateEntry
  | FailedUpdateEntry;

export type OplogKind = OplogEntryBody['kind'];

/** A persisted entry: its body plus position and time. */
export type OplogEntry = OplogEntryBody & { index: number; timestamp: number };

/** One line describing an entry, for timelines and logs. */
export function summarize(e: OplogEntryBody): string {
  switch (e.kind) {
    case 'create':
      return `${e.workerName} of ${e.componentName} v${e.componentVersion}`;
    case 'exported-function-invoked':
      return `${e.functionName}(${e.args.map((a) => JSON.stringify(a)).join(', ')})`;
    case 'exported-function-completed':
      return `→ ${JSON.stringify(e.result)}`;
    case 'imported-function-invoked':
      return `${e.functionName} → ${short(e.response)}`;
    case 'pending-worker-invocation':
      return `queued ${e.functionName}(${e.args.map((a) => JSON.stringify(a)).join(', ')})`;
    case 'cancel-pending-invocation':
      return `cancelled ${e.idempotencyKey}`;
    case 'error':
      return e.retryAt ? `${e.error} (attempt ${e.attempt ?? 1}; retrying)` : e.error;
    case 'suspend':
      return e.promise !== undefined
        ? `waiting for promise ${e.promise}`
        : e.until
          ? `sleeping until ${new Date(e.until).toISOString()}`
          : '';
    case 'snapshot':
      return `${Math.floor((e.data.replace(/=+$/, '').length * 3) / 4)} bytes of guest state`;
    case 'pending-update':
      return `to v${e.targetVersion} (${e.mode})`;
    case 'successful-update':
      return `v${e.fromVersion} → v${e.targetVersion} (${e.mode})`;
    case 'failed-update':
      return `to v${e.targetVersion}: ${e.details}`;
    case 'promise-completed':
      return `promise ${e.promiseIndex} completed (${Math.floor((e.data.replace(/=+$/, '').length * 3) / 4)} bytes)`;
    case 'interrupted':
      return e.reason;
    case 'exited':
      return `exit code ${e.code}`;
    case 'log':
      return `${e.stream}: ${e.message}`;
    case 'jump':
    case 'revert':
      return `${e.start}..${e.end}`;
    case 'end-atomic-region':
    case 'end-remote-write':
      return `begun at ${e.beginIndex}`;
    default:
      return '';
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}
