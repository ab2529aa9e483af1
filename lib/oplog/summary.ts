// A worker's summary: what listing and recovery need of its oplog (status,
// length, pending work, waits, a pending update, whether it is plain), kept
// current as entries are appended by folding each new batch into the stored
// summary. Every answer comes from the history view (History.status,
// History.pending) over the entries it says it needs; the fold only picks
// them, so a summary equals what the history view says of the whole log.

import type { OplogEntry, OplogKind, PendingUpdateEntry } from './entry';
import { History, LIFECYCLE_KINDS, OUTCOME_KINDS, PENDING_KINDS, type PendingEntry, type WorkerStatus } from './history';

/** Bump when the summary's meaning or shape changes: stored summaries of another version are rebuilt. */
export const SUMMARY_VERSION = 4; // 4: a start or cancel hidden by a revert still closes its queued entry

/** The interrupted entry's reason when the worker was suspended: it keeps its wake-up. */
export const KILLED_SUSPENDED = 'killed by request while suspended';
/** The interrupted entry's reason when the runtime process died under a running worker. */
export const CRASHED = 'the runtime process crashed';
/** The interrupted entry's reason for a kill that brings the worker back at once. */
export const KILLED_RECOVERING = 'killed; recovering at once';

export const UPDATE_KINDS = ['pending-update', 'successful-update', 'failed-update'] as const satisfies readonly OplogKind[];

/** A queued (or scheduled) invocation not started. */
export interface Queued {
  key: string;
  index: number;
  at?: number;
}

/** What a sleep or a promise wait is waiting for. */
export interface Wait {
  until?: number;
  promise?: number;
}

export interface WorkerSummary {
  /** The newest index. */
  length: number;
  status: WorkerStatus;
  error?: string;
  /** How many invocations are queued or scheduled and not started (History.pending). */
  pending: number;
  /** Those invocations' entries, in queue order: key, index, schedule. */
  queue: Queued[];
  /** Created with durable: false. */
  plain: boolean;
  /** While suspended: the suspend entry's wait. */
  suspend?: Wait;
  /** While retrying: the error entry's retry. */
  retry?: { attempt?: number; maxAttempts?: number; at: number };
  /** While interrupted, when the interrupted entry killed a suspended worker: the wait it keeps (the newest suspend before it). */
  interruptedWait?: Wait;
  /** While interrupted, when the interrupted entry (a crash, a kill that recovers at once) means the runtime brings the worker back itself, also after another crash. */
  interruptedResume?: true;
  /** The newest update entry, when it is a pending update. */
  update?: { targetVersion: number; mode: PendingUpdateEntry['mode'] };
}

/** What the fold reads beyond the new entries: a revert's history before it, the pending work. */
export interface SummaryReader {
  /** The newest entry of these kinds at or before `upTo`. */
  lastOf(kinds: readonly OplogKind[], upTo?: number): OplogEntry | undefined;
  /** The entries History.pending() needs. */
  pendingInputs(): OplogEntry[];
  /** The entries History.pending() needs about one key: the drops and every entry carrying it. */
  pendingInputsOf(key: string): OplogEntry[];
}

const CLOSES_PENDING = ['exported-function-invoked', 'cancel-pending-invocation'] as const satisfies readonly OplogKind[];

/** Kinds that change a summary beyond its length; a batch of none of them only moves the length. */
export const SUMMARY_KINDS: ReadonlySet<OplogKind> = new Set<OplogKind>([
  'create',
  ...LIFECYCLE_KINDS,
  ...PENDING_KINDS,
  ...CLOSES_PENDING,
  ...UPDATE_KINDS,
]);

const queued = (e: PendingEntry): Queued => ({ key: e.idempotencyKey, index: e.index, ...(e.scheduledAt ? { at: e.scheduledAt } : {}) });

const waitOf = (e: { until?: number; promise?: number }): Wait | undefined =>
  e.until !== undefined ? { until: e.until } : e.promise !== undefined ? { promise: e.promise } : undefined;

/**
 * The summary after `batch` (new entries, in index order) is appended to a
 * history summarised by `prev`; with no `prev`, `batch` must hold the newest
 * entry of each kind the summary reads (see `newestEntries`).
 */
export function foldSummary(prev: WorkerSummary | undefined, batch: readonly OplogEntry[], read: SummaryReader): WorkerSummary {
  const s: WorkerSummary = prev ? { ...prev } : { length: 0, status: 'idle', pending: 0, queue: [], plain: false };
  let life: OplogEntry | undefined;
  // The queue is read again whole after a jump or revert (they hide entries anywhere), else only for the keys the batch names.
  let wholeQueue = !prev;
  const keys = new Set<string>();
  for (const e of batch) {
    s.length = Math.max(s.length, e.index);
    if (LIFECYCLE_KINDS.includes(e.kind)) life = e;
    if (e.kind === 'jump' || e.kind === 'revert') wholeQueue = true;
    if (e.kind === 'pending-worker-invocation') keys.add(e.idempotencyKey);
    if (e.kind === 'exported-function-invoked' || e.kind === 'cancel-pending-invocation') {
      const key = e.idempotencyKey;
      if (s.queue.some((q) => q.key === key)) keys.add(key);
    }
    switch (e.kind) {
      case 'create':
        if (e.index === 1) s.plain = e.durable === false;
        break;
      case 'suspend':
        s.suspend = waitOf(e);
        break;
      case 'interrupted':
        s.interruptedWait = e.reason === KILLED_SUSPENDED ? s.suspend : undefined;
        s.interruptedResume = e.reason === CRASHED || e.reason === KILLED_RECOVERING ? true : undefined;
        break;
      case 'error':
        s.retry = e.retryAt !== undefined ? { attempt: e.attempt, maxAttempts: e.maxAttempts, at: e.retryAt } : undefined;
        break;
      case 'pending-update':
        s.update = { targetVersion: e.targetVersion, mode: e.mode };
        break;
      case 'successful-update':
      case 'failed-update':
        s.update = undefined;
        break;
    }
  }
  if (life) {
    // History.status() needs the newest lifecycle entry and, after a revert, how the history before it ended.
    const before = life.kind === 'revert' ? read.lastOf(OUTCOME_KINDS, life.start - 1) : undefined;
    const st = new History(before ? [before, life] : [life]).status();
    s.status = st.status;
    s.error = st.error;
  }
  // A fact holds only while its status does: a worker that slept, woke and
  // finished leaves recovery nothing to read (SUMMARY_UNSETTLED), and a
  // summary rebuilt from the newest entries says the same as the fold.
  if (s.status !== 'suspended') s.suspend = undefined;
  if (s.status !== 'retrying') s.retry = undefined;
  // A revert's interruption is not the one an interrupted entry explained (the runtime does not bring a reverted worker back).
  if (s.status !== 'interrupted' || life?.kind === 'revert') s.interruptedWait = s.interruptedResume = undefined;
  if (wholeQueue) s.queue = new History(read.pendingInputs()).pending().map(queued);
  else if (keys.size > 0) {
    // What is pending under a key depends only on the entries carrying it and the drops.
    const rest = s.queue.filter((q) => !keys.has(q.key));
    for (const key of keys) rest.push(...new History(read.pendingInputsOf(key)).pending().map(queued));
    s.queue = rest.sort((a, b) => a.index - b.index);
  }
  s.pending = s.queue.length;
  return dropUndefined(s);
}

/** The entries a summary from nothing folds: the first, and the newest of each kind it reads. */
export function newestEntries(read: SummaryReader & { first(): OplogEntry | undefined }): OplogEntry[] {
  const picked = [read.first(), read.lastOf(LIFECYCLE_KINDS), read.lastOf(['suspend']), read.lastOf(['error']), read.lastOf(UPDATE_KINDS)];
  const interrupted = read.lastOf(['interrupted']);
  if (interrupted) picked.push(interrupted, read.lastOf(['suspend'], interrupted.index));
  const byIndex = new Map<number, OplogEntry>();
  for (const e of picked) if (e) byIndex.set(e.index, e);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function dropUndefined(s: WorkerSummary): WorkerSummary {
  for (const k of Object.keys(s) as (keyof WorkerSummary)[]) if (s[k] === undefined) delete s[k];
  return s;
}
