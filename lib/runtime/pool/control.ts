// Kill and resume, as a user asks them: a kill terminates the worker's thread
// wherever it is (or, with no thread, records the interruption); a resume
// recovers the worker now by replay.

import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { WorkerInfo } from '../types';
import { KILLED_SUSPENDED } from '../workers/status';
import { hasEnded } from '../../oplog/history';
import { answerKilled } from './outcomes';

export async function kill(k: Kernel, id: string, opts: { recover?: boolean } = {}): Promise<WorkerInfo> {
  k.records.live(id);
  const wasRunning = await k.residents.stopThread(id, { kind: 'kill', recover: opts.recover === true });
  if (!wasRunning) {
    const before = k.statuses.get(id).status;
    const r = k.residents.get(id);
    // A start waiting for a slot is called off: as for a running worker, its callers are answered now.
    const starting = (r?.starting ?? 0) > 0;
    if (r) r.kills += 1;
    // As Golem: interrupting an interrupted worker changes nothing.
    if (before === 'interrupted' && !opts.recover && !starting) return k.records.get(id);
    const waiting = before === 'suspended' || before === 'retrying' || starting;
    k.append(id, [{ kind: 'interrupted', reason: before === 'suspended' ? KILLED_SUSPENDED : 'killed by request (not in memory)' }]);
    k.statuses.set(id, 'interrupted');
    if (waiting) {
      // As Golem: the callers are answered now; the invocation stays recorded
      // and finishes when the worker is resumed. A retry timer dies with the
      // interrupt, a sleep's wake-up and a promise's completion do not.
      if (before === 'retrying') k.work.cancelWake(id);
      answerKilled(k, id, k.residents.of(id), 'answer');
    }
    if (opts.recover) await resume(k, id);
  }
  return k.records.get(id);
}

export async function resume(k: Kernel, id: string): Promise<WorkerInfo> {
  k.records.live(id);
  const s = k.statuses.get(id);
  if (hasEnded(s.status)) throw new EngineError(`worker ${id} has ${s.status}; it cannot be resumed`, 409);
  k.statuses.set(id, 'running');
  await k.residents.ensureThread(id);
  return k.records.get(id);
}
