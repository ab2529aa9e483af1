'use client';
// A worker's status badge with what it is doing: sleeping until a time (live
// countdown), waiting for a promise, or retrying after a failure.

import type { WorkerDetails } from '../api';
import { StatusBadge, clockTime, durationText, untilText, useNow } from './ui';

type StatusFields = Pick<WorkerDetails, 'status' | 'suspendedUntil' | 'awaitingPromise' | 'retry'>;

/** The instant a countdown runs to, if the worker's status has one. */
function target(w: StatusFields): number | undefined {
  const iso = w.status === 'suspended' ? w.suspendedUntil : w.status === 'retrying' ? w.retry?.at : undefined;
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** The words after the status, or null when there is nothing to add; `compact` for narrow lists. */
export function statusDetail(w: StatusFields, now: number, compact = false): string | null {
  if (compact) {
    const t = target(w);
    const left = t === undefined ? '' : t > now ? `in ${durationText(t - now)}` : 'now';
    if (w.status === 'suspended')
      return w.awaitingPromise != null ? `promise #${w.awaitingPromise}` : t !== undefined ? `wakes ${left}` : null;
    if (w.status === 'retrying' && w.retry) return `retry ${w.retry.attempt}/${w.retry.maxAttempts}${t !== undefined ? ` ${left}` : ''}`;
    return null;
  }
  if (w.status === 'suspended') {
    if (w.awaitingPromise !== undefined && w.awaitingPromise !== null) return `waiting for promise #${w.awaitingPromise}`;
    if (w.suspendedUntil) return `sleeping until ${clockTime(w.suspendedUntil)} ${untilText(w.suspendedUntil, now)}`;
    return null;
  }
  if (w.status === 'retrying' && w.retry) {
    return `retry ${w.retry.attempt} of ${w.retry.maxAttempts} at ${clockTime(w.retry.at)} ${untilText(w.retry.at, now)}`;
  }
  return null;
}

/** Replay progress of a recovery after an interruption: the badge says `recovering n/N` meanwhile. */
export interface RecoveringProgress {
  index: number;
  total: number;
}

export function WorkerStatusBadge({
  worker,
  compact = false,
  recovering,
}: {
  worker: StatusFields;
  compact?: boolean;
  recovering?: RecoveringProgress | null;
}) {
  const t = target(worker);
  // Tenths of a second matter in the last ten seconds; whole seconds before.
  const now = useNow(t !== undefined, t !== undefined && t - Date.now() < 11_000 ? 100 : 500);
  if (recovering) return <StatusBadge status="recovering" detail={`${recovering.index}/${recovering.total}`} />;
  return <StatusBadge status={worker.status} detail={statusDetail(worker, now, compact)} />;
}
