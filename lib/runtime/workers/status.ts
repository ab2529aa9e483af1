// A worker's status: live knowledge when the engine has it, else derived
// from the oplog through the history view. Also why a waiting worker is out
// of memory and until when (its sleep, its promise, its next retry).

import { History, LIFECYCLE_KINDS, OUTCOME_KINDS } from '../../oplog/history';
import { DEFAULT_RETRY_POLICY } from '../../host/context';
import type { Kernel } from '../kernel';
import type { WorkerInfo, WorkerStatus } from '../types';

export interface StatusOf {
  status: WorkerStatus;
  error?: string;
}

/** The interrupted entry's reason when the worker was suspended: it keeps its wake-up. */
export const KILLED_SUSPENDED = 'killed by request while suspended';

export class StatusBook {
  private readonly statuses = new Map<string, StatusOf>();

  constructor(private readonly k: Kernel) {}

  /** Status: live knowledge when we have it, else derived from the oplog. */
  get(id: string): StatusOf {
    let s = this.statuses.get(id);
    if (!s) {
      s = this.derive(id);
      this.statuses.set(id, s);
    }
    return s;
  }

  /** Whether the engine has touched this worker since it started. */
  known(id: string): boolean {
    return this.statuses.has(id);
  }

  /** Sets what is known without telling anyone (a new, adopted or reverted worker). */
  put(id: string, s: StatusOf): void {
    this.statuses.set(id, s);
  }

  forget(id: string): void {
    this.statuses.delete(id);
  }

  derive(id: string): StatusOf {
    return this.lifecycle(id).status();
  }

  /** The entries History.status() needs: the newest lifecycle entry and, after a revert, how the history before it ended. */
  private lifecycle(id: string): History {
    const last = this.k.store.lastOf(id, LIFECYCLE_KINDS);
    const before = last?.kind === 'revert' ? this.k.store.lastOf(id, OUTCOME_KINDS, last.start - 1) : undefined;
    return new History(before && last ? [before, last] : last ? [last] : []);
  }

  /** Status as it was right after entry `to`. */
  deriveUpTo(id: string, to: number): StatusOf {
    const e = this.k.store.lastOf(id, OUTCOME_KINDS, to);
    return new History(e ? [e] : []).statusAt(to);
  }

  set(id: string, status: WorkerStatus, error?: string): void {
    const prev = this.statuses.get(id);
    if (prev && prev.status === status && prev.error === error) return;
    this.statuses.set(id, { status, error });
    // The column is a listing cache; running/idle flip on every invocation and
    // are cheap to derive again, so only lasting states are written.
    if (status !== 'running' && status !== 'idle') this.k.workers.setStatus(id, status);
    this.k.emit({ type: 'status', workerId: id, status, error });
  }

  /** Why a suspended or retrying worker is out of memory, and until when. */
  waitInfo(id: string, status: WorkerStatus): Partial<WorkerInfo> {
    if (status === 'interrupted') return this.interruptedWait(id) ?? {};
    if (status === 'suspended') {
      const e = this.k.store.lastOf(id, ['suspend']);
      if (e?.kind !== 'suspend') return {};
      return e.until !== undefined
        ? { suspendedUntil: new Date(e.until).toISOString() }
        : e.promise !== undefined
          ? { awaitingPromise: e.promise }
          : {};
    }
    if (status === 'retrying') {
      const e = this.k.store.lastOf(id, ['error']);
      if (e?.kind !== 'error' || e.retryAt === undefined) return {};
      return {
        retry: {
          attempt: e.attempt ?? 1,
          maxAttempts: e.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
          at: new Date(e.retryAt).toISOString(),
        },
      };
    }
    return {};
  }

  /**
   * What an interrupted worker was suspended on when it was killed: it still
   * wakes at the sleep's deadline or when the promise completes, as on Golem.
   */
  interruptedWait(id: string): { suspendedUntil?: string; awaitingPromise?: number } | undefined {
    const last = this.k.store.lastOf(id, ['interrupted']);
    if (last?.kind !== 'interrupted' || last.reason !== KILLED_SUSPENDED) return undefined;
    const e = this.k.store.lastOf(id, ['suspend'], last.index);
    if (e?.kind !== 'suspend') return undefined;
    return e.until !== undefined
      ? { suspendedUntil: new Date(e.until).toISOString() }
      : e.promise !== undefined
        ? { awaitingPromise: e.promise }
        : undefined;
  }
}
