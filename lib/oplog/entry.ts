// Oplog entry kinds, modelled on Golem's `golem-common` OplogEntry.
// Entries are appended, never changed; a worker's status, its pending
// invocations and its results are all derived from this log.

import type { JsonValue } from '../values/json-value';

/** How a host call affects the world; decides when the oplog must be committed. */
export type Durability = 'read-local' | 'write-local' | 'read-remote' | 'write-remote';

export interface CreateEntry {
  kind: 'create';
  componentName: string;
  componentVersion: number;
  workerName: string;
  env: [string, string][];
  args: string[];
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
}
export interface InterruptedEntry { kind: 'interrupted'; reason: string }
export interface ExitedEntry { kind: 'exited'; code: number; idempotencyKey?: string }
export interface LogEntry { kind: 'log'; stream: 'stdout' | 'stderr'; message: string }
export interface SuspendEntry { kind: 'suspend' }
export interface RestartEntry { kind: 'restart' }
export interface NoOpEntry { kind: 'no-op' }
/** Golem's Jump: entries in [start, end] are skipped by replay. */
export interface JumpEntry { kind: 'jump'; start: number; end: number }
/** Golem's Revert: the range is dropped from the worker's history. */
export interface RevertEntry { kind: 'revert'; start: number; end: number }
export interface PendingWorkerInvocationEntry {
  kind: 'pending-worker-invocation';
  functionName: string;
  args: JsonValue[];
  idempotencyKey: string;
}
export interface CancelPendingInvocationEntry { kind: 'cancel-pending-invocation'; idempotencyKey: string }
export interface GrowMemoryEntry { kind: 'grow-memory'; delta: number }
export interface BeginAtomicRegionEntry { kind: 'begin-atomic-region' }
export interface EndAtomicRegionEntry { kind: 'end-atomic-region'; beginIndex: number }
export interface BeginRemoteWriteEntry { kind: 'begin-remote-write' }
export interface EndRemoteWriteEntry { kind: 'end-remote-write'; beginIndex: number }

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
  | RestartEntry
  | NoOpEntry
  | JumpEntry
  | RevertEntry
  | PendingWorkerInvocationEntry
  | CancelPendingInvocationEntry
  | GrowMemoryEntry
  | BeginAtomicRegionEntry
  | EndAtomicRegionEntry
  | BeginRemoteWriteEntry
  | EndRemoteWriteEntry;

export type OplogKind = OplogEntryBody['kind'];

/** A persisted entry: its body plus position and time. */
export type OplogEntry = OplogEntryBody & { index: number; timestamp: number };

export const OPLOG_KINDS: readonly OplogKind[] = [
  'create', 'exported-function-invoked', 'exported-function-completed', 'imported-function-invoked',
  'error', 'interrupted', 'exited', 'log', 'suspend', 'restart', 'no-op', 'jump', 'revert',
  'pending-worker-invocation', 'cancel-pending-invocation', 'grow-memory',
  'begin-atomic-region', 'end-atomic-region', 'begin-remote-write', 'end-remote-write',
];

/** Idempotency key carried by an entry, indexed so lookups by key stay cheap. */
export function entryIdempotencyKey(e: OplogEntryBody): string | undefined {
  switch (e.kind) {
    case 'exported-function-invoked':
    case 'exported-function-completed':
    case 'pending-worker-invocation':
    case 'cancel-pending-invocation':
      return e.idempotencyKey;
    case 'error':
    case 'exited':
      return e.idempotencyKey;
    default:
      return undefined;
  }
}

/** One line describing an entry, for timelines and logs. */
export function summarize(e: OplogEntryBody): string {
  switch (e.kind) {
    case 'create': return `${e.workerName} of ${e.componentName} v${e.componentVersion}`;
    case 'exported-function-invoked': return `${e.functionName}(${e.args.map((a) => JSON.stringify(a)).join(', ')})`;
    case 'exported-function-completed': return `→ ${JSON.stringify(e.result)}`;
    case 'imported-function-invoked': return `${e.functionName} → ${short(e.response)}`;
    case 'pending-worker-invocation': return `queued ${e.functionName}(${e.args.map((a) => JSON.stringify(a)).join(', ')})`;
    case 'cancel-pending-invocation': return `cancelled ${e.idempotencyKey}`;
    case 'error': return e.error;
    case 'interrupted': return e.reason;
    case 'exited': return `exit code ${e.code}`;
    case 'log': return `${e.stream}: ${e.message}`;
    case 'jump':
    case 'revert': return `${e.start}..${e.end}`;
    case 'grow-memory': return `+${e.delta} bytes`;
    case 'end-atomic-region':
    case 'end-remote-write': return `begun at ${e.beginIndex}`;
    default: return '';
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}
