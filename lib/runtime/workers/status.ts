// A worker's status: live knowledge when the engine has it, else derived
// from the oplog through the history view (the worker's summary row). Also why a waiting worker is out
// of memory and until when (its sleep, its promise, its next retry).

import { History, OUTCOME_KINDS } from '../../oplog/history';
import type { Wait, WorkerSummary } from '../../oplog/summary';
import { DEFAULT_RETRY_POLICY } from '../../host/context';
import type { Kernel } from '../kernel';
import type { WorkerInfo, WorkerStatus } from '../types';

export interface StatusOf {
  status: WorkerStatus;
  error?: string;
}

export { KILLED_SUSPENDED } from '../../oplog/summary';

export class StatusBook {
  private readonly statuses = new Map<string, StatusOf>();
  /** Statuses cached for a reader, derived from the oplog: not knowledge the engine acted on. */
  private readonly derived = new Set<string>();

  constructor(private readonly k: Kernel) {}

  /** Status: live knowledge when we have it, else derived from the oplog. */
  get(id: string, summary?: WorkerSummary): StatusOf {
    let s = this.statuses.get(id);
    if (!s) {
      s = summary ? statusOf(summary) : this.derive(id);
      this.statuses.set(id, s);
      this.derived.add(id);
    }
    return s;
  }

  /**
   * Whether the engine has touched this worker since it started (woken,
   * invoked, deleted). A status only read (a page listed it) does not count:
   * recovery must still arm its timers.
   */
  known(id: string): boolean {
    return this.statuses.has(id) && !this.derived.has(id);
  }

  /** Sets what is known without telling anyone (a new, adopted or reverted worker). */
  put(id: string, s: StatusOf): void {
    this.statuses.set(id, s);
    this.derived.delete(id);
  }

  forget(id: string): void {
    this.statuses.delete(id);
    this.derived.delete(id);
  }

  /** The status the oplog tells (the worker's summary, kept by the history view). */
  derive(id: string): StatusOf {
    return statusOf(this.k.store.summaries.get(id));
  }

  /** Status as it was right after entry `to`. */
  deriveUpTo(id: string, to: number): StatusOf {
    const e = this.k.store.lastOf(id, OUTCOME_KINDS, to);
    return new History(e ? [e] : []).statusAt(to);
  }

  set(id: string, status: WorkerStatus, error?: string): void {
    const prev = this.statuses.get(id);
    this.derived.delete(id);
    if (prev && prev.status === status && prev.error === error) return;
    this.statuses.set(id, { status, error });
    this.k.emit({ type: 'status', workerId: id, status, error });
  }

  /** Why a suspended or retrying worker is out of memory, and until when. */
  waitInfo(id: string, status: WorkerStatus, summary: WorkerSummary = this.k.store.summaries.get(id)): Partial<WorkerInfo> {
    if (status === 'interrupted') return waitOf(summary.interruptedWait) ?? {};
    if (status === 'suspended') return waitOf(summary.suspend) ?? {};
    if (status === 'retrying') {
      const r = summary.retry;
      if (!r) return {};
      return {
        retry: {
          attempt: r.attempt ?? 1,
          maxAttempts: r.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
          at: new Date(r.at).toISOString(),
        },
      };
    }
    return {};
  }

  /**
   * What an interrupted worker was suspended on when it was killed: it still
   * wakes at the sleep's deadline or when the promise completes, as on Golem.
   */
  interruptedWait(
    id: string,
    summary: WorkerSummary = this.k.store.summaries.get(id),
  ): { suspendedUntil?: string; awaitingPromise?: number } | undefined {
    return waitOf(summary.interruptedWait);
  }
}

/** A summary's status, as the API shows it. */
export function statusOf(s: WorkerSummary): StatusOf {
  return s.error !== undefined ? { status: s.status, error: s.error } : { status: s.status };
}

function waitOf(w: Wait | undefined): { suspendedUntil?: string; awaitingPromise?: number } | undefined {
  return w?.until !== undefined
    ? { suspendedUntil: new Date(w.until).toISOString() }
    : w?.promise !== undefined
      ? { awaitingPromise: w.promise }
      : undefined;
}
