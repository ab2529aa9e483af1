// What a worker's oplog means, read once: which entries a jump or revert
// removed, which invocations are queued, running, finished or cancelled, the
// worker's status, an atomic region left open, a remote write left in doubt,
// the snapshot recovery may load.
// Pure: the engine, the worker thread, the replay debugger and the UI all ask
// here. Callers over a long oplog pass only the entries a question needs (the
// store reads them by kind or key through indexes); each method says which.

import type { OplogEntry, OplogKind, ExportedFunctionInvokedEntry, PendingWorkerInvocationEntry, SnapshotEntry } from './entry';
import type { JsonValue } from '../values/json-value';
import { LIFECYCLE_KINDS, SURVIVES_JUMP } from './kinds';
import { countAtOrBefore } from './sorted';

/** Golem's worker statuses. */
/** Every status a worker can have, in the order lists and filters show them. */
export const WORKER_STATUSES = ['running', 'idle', 'suspended', 'interrupted', 'retrying', 'failed', 'exited'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/** Failed or exited: the worker runs nothing more (no invocation, no resume, no scheduled call). */
export function hasEnded(status: WorkerStatus): status is 'failed' | 'exited' {
  return status === 'failed' || status === 'exited';
}

type Indexed<E> = E & { index: number; timestamp: number };
export type InvokedEntry = Indexed<ExportedFunctionInvokedEntry>;
export type PendingEntry = Indexed<PendingWorkerInvocationEntry>;

/** Kinds that make up the removed ranges: give them for any question below. */
export const DROP_KINDS = ['jump', 'revert'] as const satisfies readonly OplogKind[];
/** A jump or a revert: an entry that takes a range of earlier ones out of the history. */
export type DropEntry = Extract<OplogEntry, { kind: (typeof DROP_KINDS)[number] }>;
export function isDrop(e: Pick<OplogEntry, 'kind'>): e is DropEntry {
  return (DROP_KINDS as readonly OplogKind[]).includes(e.kind);
}

// A jump only hides what the guest did (a re-executed atomic region,
// set-oplog-index): what the runtime recorded about queued work survives it
// (SURVIVES_JUMP); a revert removes everything in its range.
export { LIFECYCLE_KINDS };
/** What decides the status right before a revert's range: how the last invocation before it ended. */
export const OUTCOME_KINDS = [
  'exported-function-invoked',
  'exported-function-completed',
  'error',
  'exited',
] as const satisfies readonly OplogKind[];

type Status = { status: WorkerStatus; error?: string };

/**
 * What an OUTCOME_KINDS entry says of the status (null for other kinds). With
 * `live` an instance still runs the invocation; without, that instance is gone
 * (a revert): an invocation begun was interrupted, and an error is final.
 */
function outcome(e: OplogEntry, live: boolean): Status | null {
  switch (e.kind) {
    case 'exported-function-invoked':
      return { status: live ? 'running' : 'interrupted' };
    case 'exported-function-completed':
      return { status: 'idle' };
    case 'error':
      return live && e.retryAt !== undefined ? { status: 'retrying', error: e.error } : { status: 'failed', error: e.error };
    case 'exited':
      return { status: 'exited' };
    default:
      return null;
  }
}

/** Kinds the pending-work questions read (with every entry of the pending keys). */
export const PENDING_KINDS = ['pending-worker-invocation', ...DROP_KINDS] as const satisfies readonly OplogKind[];

/** Sorted, merged index ranges; `has` is a binary search. */
export class Ranges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(pairs: Iterable<readonly [number, number]>) {
    const sorted = [...pairs].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
    for (const [a, b] of sorted) {
      const last = this.ends.length - 1;
      const end = this.ends[last];
      if (end !== undefined && a <= end + 1) this.ends[last] = Math.max(end, b);
      else {
        this.starts.push(a);
        this.ends.push(b);
      }
    }
  }

  get empty(): boolean {
    return this.starts.length === 0;
  }

  has(i: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (i < this.starts[mid]!) hi = mid - 1;
      else if (i > this.ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** The ranges, merged, in order. */
  list(): [number, number][] {
    return this.starts.map((a, i) => [a, this.ends[i]!]); // starts and ends grow together
  }
}

/** 'reverted': it started in a range a revert dropped; as in Golem, a revert does not queue it again. */
export type InvocationState = 'pending' | 'cancelled' | 'reverted' | 'running' | 'retrying' | 'finished' | 'failed' | 'exited';

export interface Invocation {
  key: string;
  state: InvocationState;
  /** The function named by the first entry for this key (queued or started). */
  functionName?: string;
  result?: JsonValue;
  error?: string;
  /** The queued entry, for a pending invocation (its args and schedule). */
  queued?: PendingEntry;
}

export class History {
  /** Ranges removed by jumps and reverts. */
  readonly dropped: Ranges;
  /** Ranges removed by reverts only. */
  readonly reverted: Ranges;

  /** `entries`: in index order; a subset is fine when it holds what the question asked needs. */
  constructor(readonly entries: readonly OplogEntry[]) {
    const all: [number, number][] = [];
    const rev: [number, number][] = [];
    for (const e of entries) {
      if (isDrop(e)) {
        all.push([e.start, e.end]);
        if (e.kind === 'revert') rev.push([e.start, e.end]);
      }
    }
    this.dropped = new Ranges(all);
    this.reverted = new Ranges(rev);
  }

  /** True when the history no longer holds this entry (replay skips it, no question counts it). */
  hides(e: { index: number; kind: OplogKind }): boolean {
    return (SURVIVES_JUMP.has(e.kind) ? this.reverted : this.dropped).has(e.index);
  }

  /** The entries still in the history. */
  kept(): OplogEntry[] {
    return this.dropped.empty && this.reverted.empty ? [...this.entries] : this.entries.filter((e) => !this.hides(e));
  }

  /** Invocations started and kept, in oplog order. Needs: exported-function-invoked, jump, revert. */
  invocations(): InvokedEntry[] {
    return this.entries.filter((e): e is InvokedEntry => e.kind === 'exported-function-invoked' && !this.hides(e));
  }

  /**
   * Queued (or scheduled) invocations that have not started and were not
   * cancelled, in queue order. A start or a cancel counts even where a revert
   * dropped it (Golem's rule): a revert undoes a run's effects, it does not
   * queue the run again. (A jump does: its range is re-executed.) Needs:
   * PENDING_KINDS and every entry carrying those invocations' keys.
   */
  pending(): PendingEntry[] {
    const closed = new Set<string>();
    for (const e of this.entries) if (this.closesQueued(e)) closed.add(e.idempotencyKey);
    return this.entries.filter(
      (e): e is PendingEntry => e.kind === 'pending-worker-invocation' && !this.hides(e) && !closed.has(e.idempotencyKey),
    );
  }

  /** A start or cancel that takes its key out of the queue: one the history holds, or one a revert (not a jump) dropped. */
  private closesQueued(e: OplogEntry): e is OplogEntry & { idempotencyKey: string } {
    return (
      (e.kind === 'exported-function-invoked' || e.kind === 'cancel-pending-invocation') && (!this.hides(e) || this.reverted.has(e.index))
    );
  }

  /** Where one invocation stands. Needs: every entry carrying its key, jump, revert. */
  invocation(key: string): Invocation | undefined {
    let out: Invocation | undefined;
    // A reverted start or cancel still closes the queued entry (as pending() counts them).
    let closedUnseen: 'reverted' | 'cancelled' | undefined;
    for (const e of this.entries) {
      if (!('idempotencyKey' in e) || e.idempotencyKey !== key) continue;
      if (this.hides(e)) {
        if (this.closesQueued(e)) closedUnseen = e.kind === 'exported-function-invoked' ? 'reverted' : (closedUnseen ?? 'cancelled');
        continue;
      }
      out ??= { key, state: 'pending' };
      switch (e.kind) {
        case 'pending-worker-invocation':
          out.functionName ??= e.functionName;
          if (out.state === 'pending') out.queued = e;
          break;
        case 'exported-function-invoked':
          out.functionName ??= e.functionName;
          if (out.state === 'pending' || out.state === 'retrying') out.state = 'running';
          break;
        case 'cancel-pending-invocation':
          if (out.state === 'pending') out.state = 'cancelled';
          break;
        case 'exported-function-completed':
          out.state = 'finished';
          out.result = e.result;
          break;
        case 'error':
          // An error with a retry ahead is not the end of the invocation.
          if (out.state !== 'finished') {
            out.state = e.retryAt === undefined ? 'failed' : 'retrying';
            out.error = e.error;
          }
          break;
        case 'exited':
          if (out.state !== 'finished') out.state = 'exited';
          break;
      }
    }
    if (out?.state === 'pending' && closedUnseen) out.state = closedUnseen;
    if (out && out.state !== 'pending') delete out.queued;
    return out;
  }

  /**
   * The worker's status as its oplog tells it (the runtime's live knowledge
   * comes first). Needs: the newest LIFECYCLE_KINDS entry and, when it is a
   * revert, the newest OUTCOME_KINDS entry before its range.
   */
  status(): Status {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      switch (e.kind) {
        case 'interrupted':
          return { status: 'interrupted' };
        case 'suspend':
          return { status: 'suspended' };
        case 'revert':
          return this.statusAt(e.start - 1);
      }
      const s = outcome(e, true);
      if (s) return s;
    }
    return { status: 'idle' };
  }

  /**
   * The status right after entry `to`, once the instance that ran past it is
   * gone (a revert): an invocation begun and not ended there was interrupted.
   * Needs: the newest OUTCOME_KINDS entry at or before `to`.
   */
  statusAt(to: number): Status {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.index > to) continue;
      const s = outcome(e, false);
      if (s) return s;
    }
    return { status: 'idle' };
  }

  /**
   * Golem's atomic regions: the first region begun, never ended and still in
   * the history, which recovery must re-execute whole; none while the worker
   * is suspended (it did not fail). Needs: begin/end-atomic-region, jump,
   * revert and the newest LIFECYCLE_KINDS entry.
   */
  openAtomicRegion(): number | undefined {
    let last: OplogKind | undefined;
    const ended = new Set<number>();
    for (const e of this.entries) {
      if (e.kind === 'end-atomic-region') ended.add(e.beginIndex);
      if (LIFECYCLE_KINDS.includes(e.kind)) last = e.kind;
    }
    if (last === 'suspend') return undefined;
    return this.entries.find((e) => e.kind === 'begin-atomic-region' && !ended.has(e.index) && !this.hides(e))?.index;
  }

  /**
   * A bracketed remote write (golem:durability's write-remote-batched, or a
   * remote write in idempotence mode off) begun at `begin` and left in doubt:
   * no end-remote-write for it is kept, its invocation did not end some other
   * way (completed, exited, failed for good) and the worker did not suspend
   * after it (a suspension leaves it paused, everything recorded). Recovery
   * cannot know what of it reached the remote side. Needs: every entry after
   * `begin`, and the newest LIFECYCLE_KINDS entry.
   */
  remoteWriteInDoubt(begin: number): boolean {
    // Replay asks at every batch it meets: scan from the begin (entries are in index order) to what ends it.
    for (let i = countAtOrBefore(this.entries, (e) => e.index, begin); i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (this.hides(e)) continue;
      if (
        (e.kind === 'end-remote-write' && e.beginIndex === begin) ||
        e.kind === 'exported-function-completed' ||
        e.kind === 'exported-function-invoked' ||
        e.kind === 'exited' ||
        (e.kind === 'error' && e.retryAt === undefined)
      )
        return false;
    }
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const kind = this.entries[i]!.kind;
      if (LIFECYCLE_KINDS.includes(kind)) return kind !== 'suspend';
    }
    return true;
  }

  /**
   * The newest snapshot at or before `upTo` still in the history. Needs:
   * jump, revert, and the snapshots; or, over a long log whose snapshots are
   * not worth reading all, `newestAtOrBefore(i)` that reads one at a time.
   */
  usableSnapshot(
    upTo = Number.MAX_SAFE_INTEGER,
    newestAtOrBefore?: (i: number) => OplogEntry | undefined,
  ): Indexed<SnapshotEntry> | undefined {
    if (newestAtOrBefore) {
      for (let e = newestAtOrBefore(upTo); e; e = newestAtOrBefore(e.index - 1)) {
        if (e.kind === 'snapshot' && !this.hides(e)) return e;
      }
      return undefined;
    }
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.kind === 'snapshot' && e.index <= upTo && !this.hides(e)) return e;
    }
    return undefined;
  }
}
