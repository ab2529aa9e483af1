// At start: every worker that was mid-invocation or had work queued recovers
// by itself, and every timer (wake-ups, scheduled invocations) and unfinished
// update is rebuilt from the oplog.

import type { Kernel } from '../kernel';
import { updateWorker } from '../changes/update';

/** recoverAll's longest run without yielding to the event loop. */
const RECOVER_SLICE_MS = 10;

/** Yields to the event loop every few ms, so timers and threads run while thousands are read. */
export async function recoverAll(k: Kernel): Promise<string[]> {
  const ids = k.workers.liveIds();
  const recovering: string[] = [];
  let slice = performance.now();
  for (const id of ids) {
    if (performance.now() - slice > RECOVER_SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      slice = performance.now();
    }
    // Closed, or touched meanwhile (woken, deleted): nothing left to rebuild.
    if (k.closed) break;
    if (k.statuses.known(id)) continue;
    const s = k.statuses.derive(id);
    k.statuses.put(id, s);
    const pending = k.work.pending(id);
    for (const e of pending) {
      if (e.scheduledAt && e.scheduledAt > Date.now()) k.work.schedule(id, e.idempotencyKey, e.scheduledAt);
    }
    const update = k.store.lastOf(id, ['pending-update', 'successful-update', 'failed-update']);
    if (update?.kind === 'pending-update') {
      void updateWorker(k, id, { version: update.targetVersion, mode: update.mode, resumed: true }).catch(() => {});
    }
    if (s.status === 'suspended' || s.status === 'retrying' || (s.status === 'interrupted' && k.statuses.interruptedWait(id))) {
      // The scheduler survives restarts: it is rebuilt from the oplog.
      const info = k.statuses.waitInfo(id, s.status);
      if (info.suspendedUntil) k.work.wakeAt(id, Date.parse(info.suspendedUntil));
      else if (info.retry) k.work.wakeAt(id, Date.parse(info.retry.at));
      else if (info.awaitingPromise !== undefined && k.promises.data(id, info.awaitingPromise) !== null) k.work.wakeAt(id, Date.now());
      continue;
    }
    const queued = s.status === 'idle' && pending.some((e) => !(e.scheduledAt && e.scheduledAt > Date.now()));
    if (s.status === 'running' || queued) {
      // The crash cut an invocation short: the history says so, as a kill does.
      if (s.status === 'running') k.append(id, [{ kind: 'interrupted', reason: 'the runtime process crashed' }]);
      recovering.push(id);
      k.statuses.set(id, 'running');
      k.residents.restart(id);
    }
  }
  return recovering;
}
