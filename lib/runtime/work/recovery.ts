// At start: every worker that was mid-invocation or had work queued recovers
// by itself, and every timer (wake-ups, scheduled invocations) and unfinished
// update is rebuilt from the oplog, as each worker's summary row holds it
// (read a page of workers at a time).

import type { Kernel } from '../kernel';
import { updateWorker } from '../changes/update';
import type { WorkerCursor } from '../../store/worker-store';
import { statusOf } from '../workers/status';
import { CRASHED, type WorkerSummary } from '../../oplog/summary';
import type { WorkerStatus } from '../types';

/** recoverAll's longest run without yielding to the event loop. */
const RECOVER_SLICE_MS = 10;

/** Workers read per query: one page of rows and summaries takes well under a slice. */
const RECOVER_PAGE = 250;

/** Yields to the event loop every few ms, so timers and threads run while thousands are read. */
export async function recoverAll(k: Kernel): Promise<string[]> {
  const recovering: string[] = [];
  let slice = performance.now();
  // Awaited only when the slice is spent: until then the walk runs on synchronously, as callers that do not await it expect.
  const tired = () => performance.now() - slice > RECOVER_SLICE_MS;
  const breathe = async () => {
    await new Promise((r) => setImmediate(r));
    slice = performance.now();
  };
  for (let after: WorkerCursor | undefined; ;) {
    // In the listing's index order: a page seeks its cursor. Settled workers (nothing running,
    // pending or waited on) are not read: their status is derived when first asked. A summary
    // missing or of an older format (a database from before them) is derived from the oplog
    // below, once; a deleted worker's when it is next read.
    const rows = k.workers.unsettledPage(after, RECOVER_PAGE);
    for (const row of rows) {
      if (tired()) await breathe();
      if (k.closed) return recovering;
      const id = row.id;
      // Touched meanwhile, or already started (another worker called it while recovery yielded).
      const r = k.residents.get(id);
      if (k.statuses.known(id) || r?.thread || (r?.starting ?? 0) > 0) continue;
      const sum = row.summary ?? k.store.summaries.get(id);
      const s = statusOf(sum);
      k.statuses.put(id, s);
      const later = armTimers(k, id, s.status, sum);
      resumeUpdate(k, id, sum);
      if (later === 'waiting') continue;
      // Cut short again while the runtime was bringing it back (after a crash, or a kill that recovers at once).
      const resuming = s.status === 'interrupted' && sum.interruptedResume === true;
      if (s.status === 'running' || resuming || hasDueWork(s.status, sum, later)) {
        // The crash cut an invocation short: the history says so, as a kill does.
        if (s.status !== 'idle') k.append(id, [{ kind: 'interrupted', reason: CRASHED }]);
        recovering.push(id);
        k.statuses.set(id, 'running');
        k.residents.restart(id);
      }
    }
    if (rows.length < RECOVER_PAGE) return recovering;
    const last = rows[rows.length - 1]!;
    after = { createdAt: Number(last.createdAt), id: last.id };
  }
}

/** An idle worker with queued invocations, or scheduled ones already due (armTimers' count is of those still ahead). */
export function hasDueWork(status: WorkerStatus, sum: WorkerSummary, later: number): boolean {
  return status === 'idle' && sum.pending > later;
}

/** A pending update the history holds (Golem's update) is started again, as it was when the runtime stopped. */
export function resumeUpdate(k: Kernel, id: string, sum: WorkerSummary): void {
  if (sum.update) void updateWorker(k, id, { version: sum.update.targetVersion, mode: sum.update.mode, resumed: true }).catch(() => {});
}

/**
 * The timers a worker's history asks for, set from its summary (the scheduler
 * is rebuilt from the oplog, at start and for a worker whose rows were just
 * written: fork, import): its scheduled invocations, and its wake-up when it
 * waits (a sleep, a retry, a promise already completed, a kill while it slept).
 * Returns 'waiting' for a waiting worker, else how many invocations are scheduled later.
 */
export function armTimers(k: Kernel, id: string, status: WorkerStatus, sum: WorkerSummary): number | 'waiting' {
  const now = Date.now();
  const later = sum.queue.filter((q) => q.at !== undefined && q.at > now);
  for (const q of later) k.work.schedule(id, q.key, q.at!);
  if (!(status === 'suspended' || status === 'retrying' || (status === 'interrupted' && sum.interruptedWait))) return later.length;
  const info = k.statuses.waitInfo(id, status, sum);
  if (info.suspendedUntil) k.work.wakeAt(id, Date.parse(info.suspendedUntil));
  else if (info.retry) k.work.wakeAt(id, Date.parse(info.retry.at));
  else if (info.awaitingPromise !== undefined && k.promises.data(id, info.awaitingPromise) !== null) k.work.wakeAt(id, now);
  return 'waiting';
}
