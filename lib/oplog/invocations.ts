// The compact view of a history: its invocations as spans (start, end, how
// they ended) with the host calls made inside each, built from the oplog one
// entry at a time so a live stream extends it without a rebuild. A worker runs
// one invocation at a time, so every host call between an invocation's start
// and its end belongs to it; an interruption (kill, crash) or a retried error
// leaves it open, as recovery goes on with the same invocation.
//
// Used by the server (GET …/invocations) and by the dashboard, which keeps it
// up to date from live entries. Pure: no I/O.

import type { OplogEntry, OplogKind } from './entry';

export type InvocationEnd = 'completed' | 'error' | 'exited';

/** A host call: [oplog index, function (index into `functions`), timestamp]. */
export type HostCall = [index: number, fn: number, at: number];

export interface InvocationSpan {
  key: string;
  functionName: string;
  /** Oplog index and time of its `exported-function-invoked` entry. */
  start: number;
  startedAt: number;
  /** Oplog index and time of the entry that ended it; absent while it runs. */
  end?: number;
  endedAt?: number;
  outcome?: InvocationEnd;
  /** Oplog indexes of the interruptions it went through (it was recovered each time). */
  interruptions: number[];
  calls: HostCall[];
}

export interface InvocationModel {
  spans: InvocationSpan[];
  /** Host function names, by the number used in HostCall. */
  functions: string[];
  /** The last entry folded in. */
  lastIndex: number;
}

/** The kinds the model reads: a server can fetch only these. */
export const INVOCATION_KINDS = [
  'exported-function-invoked',
  'exported-function-completed',
  'error',
  'exited',
  'interrupted',
  'imported-function-invoked',
] as const satisfies readonly OplogKind[];

export function emptyModel(): InvocationModel {
  return { spans: [], functions: [], lastIndex: 0 };
}

/**
 * Folds entries (ascending, after model.lastIndex) into the model, in place;
 * returns whether anything visible changed. Function names are interned, so a
 * model of 100,000 entries stays small.
 */
export function foldEntries(
  model: InvocationModel,
  entries: readonly OplogEntry[],
  fnIds: Map<string, number> = functionIds(model),
): boolean {
  let changed = false;
  for (const e of entries) {
    if (e.index <= model.lastIndex) continue;
    model.lastIndex = e.index;
    const last = model.spans.at(-1);
    const open = last?.outcome === undefined ? last : undefined;
    switch (e.kind) {
      case 'exported-function-invoked':
        model.spans.push({
          key: e.idempotencyKey,
          functionName: e.functionName,
          start: e.index,
          startedAt: e.timestamp,
          interruptions: [],
          calls: [],
        });
        changed = true;
        break;
      case 'imported-function-invoked':
        if (!open) break;
        {
          let id = fnIds.get(e.functionName);
          if (id === undefined) {
            id = model.functions.push(e.functionName) - 1;
            fnIds.set(e.functionName, id);
          }
          open.calls.push([e.index, id, e.timestamp]);
          changed = true;
        }
        break;
      case 'interrupted':
        if (open) {
          open.interruptions.push(e.index);
          changed = true;
        }
        break;
      case 'exported-function-completed':
      case 'exited':
      case 'error':
        // A failure with a retry scheduled is not the end: the next attempt goes on with it.
        if (!open || (e.kind === 'error' && e.retryAt !== undefined)) break;
        if (e.kind !== 'exited' && e.idempotencyKey !== undefined && e.idempotencyKey !== open.key) break;
        open.end = e.index;
        open.endedAt = e.timestamp;
        open.outcome = e.kind === 'exported-function-completed' ? 'completed' : e.kind;
        changed = true;
        break;
      default:
        break;
    }
  }
  return changed;
}

export function functionIds(model: InvocationModel): Map<string, number> {
  return new Map(model.functions.map((f, i) => [f, i]));
}

/** How long an invocation took (or has taken so far, as of `now`). */
export function spanDuration(s: InvocationSpan, now: number): number {
  return Math.max(0, (s.endedAt ?? now) - s.startedAt);
}
