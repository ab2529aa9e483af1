// Changing a worker's history: Golem's fork (a new worker from a prefix of
// this one's oplog), revert (a revert entry drops the history after an
// index), and the repair of an atomic region a failed run left open.

import { checkName } from '../../components/registry';
import { LIFECYCLE_KINDS } from '../../oplog/history';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import { armTimers, hasDueWork, resumeUpdate } from '../work/recovery';
import type { WorkerInfo } from '../types';
import type { OplogEntryBody } from '../../oplog/entry';

/**
 * Golem's fork: a new worker whose oplog is a copy of this one's first
 * `atIndex` entries; it recovers from that history and then goes on live (an
 * invocation cut off at `atIndex` is finished by the copy, a sleep wakes at its
 * deadline). Invocations the source had queued there, and an update it had
 * pending, stay the source's: the copy cancels them, as Golem's does.
 * `resume: false` leaves a copy cut off mid-invocation interrupted, for a
 * caller that writes more of its history first (the guest's own fork).
 */
export function fork(
  k: Kernel,
  id: string,
  p: { name: string; atIndex?: number; overrides?: { index: number; response: unknown }[]; resume?: boolean },
): WorkerInfo {
  const src = k.records.row(id);
  checkName('worker', p.name);
  k.committer.flush();
  const length = k.store.length(id);
  const at = p.atIndex ?? length;
  if (!Number.isInteger(at) || at < 1 || at > length) throw new EngineError(`atIndex must be between 1 and ${length}, got ${at}`);
  const target = `${src.componentName}/${p.name}`;
  k.workers.transaction(() => {
    if (k.workers.exists(target)) throw new EngineError(`worker ${p.name} of ${src.componentName} already exists`, 409);
    k.records.checkLimit();
    k.workers.insert({ id: target, componentName: src.componentName, name: p.name, version: src.version, env: src.env, args: src.args });
    k.store.copyPrefix(id, target, at, p.name);
    // What-if: a fork may carry recorded host results changed in the debugger.
    for (const o of p.overrides ?? []) {
      if (!k.store.overrideResponse(target, o.index, o.response))
        throw new EngineError(`override at ${o.index}: no recorded host call there within the forked history`);
    }
    const copied = k.store.summaries.get(target);
    const cancels: OplogEntryBody[] = copied.queue.map((q) => ({ kind: 'cancel-pending-invocation', idempotencyKey: q.key }));
    if (copied.update) cancels.push({ kind: 'failed-update', targetVersion: copied.update.targetVersion, details: 'cancelled by fork' });
    if (cancels.length > 0) k.store.append(target, cancels);
  });
  return adopt(k, target, { resume: p.resume ?? true });
}

/**
 * A worker whose rows were just written (fork, import): its status comes from
 * its oplog, and its timers and queued work too, as a restart would set them
 * (a sleeper wakes at the same deadline; an invocation queued or already due
 * runs now). Cut off mid-invocation, it is brought back at once with `resume`
 * (a fork), else left interrupted (an import, until someone resumes it).
 */
export function adopt(k: Kernel, id: string, opts: { resume?: boolean } = {}): WorkerInfo {
  const s = k.statuses.derive(id);
  const sum = k.store.summaries.get(id);
  const later = armTimers(k, id, s.status, sum);
  resumeUpdate(k, id, sum);
  const start = (s.status === 'running' && opts.resume) || (later !== 'waiting' && hasDueWork(s.status, sum, later));
  k.statuses.put(id, s.status === 'running' && !start ? { status: 'interrupted' } : s);
  if (start) {
    k.statuses.set(id, 'running');
    k.residents.restart(id);
  }
  return k.records.get(id);
}

/**
 * Golem's revert: drops the history after `toIndex` (or the last N
 * invocations) by appending a revert entry; the worker's next recovery
 * replays only what is left. The entries stay in the log, for the record.
 */
export async function revert(k: Kernel, id: string, p: { toIndex?: number; lastInvocations?: number }): Promise<WorkerInfo> {
  k.records.live(id);
  k.committer.flush();
  const length = k.store.length(id);
  let to: number;
  if (p.lastInvocations !== undefined) {
    if (!Number.isInteger(p.lastInvocations) || p.lastInvocations < 1) throw new EngineError('lastInvocations must be a positive integer');
    const starts = k.history(id, k.store.ofKinds(id, ['exported-function-invoked'])).invocations();
    if (starts.length < p.lastInvocations) throw new EngineError(`the worker has only ${starts.length} invocation(s) to revert`);
    to = starts[starts.length - p.lastInvocations]!.index - 1; // length checked above
  } else {
    to = p.toIndex ?? NaN;
    if (!Number.isInteger(to) || to < 1 || to >= length)
      throw new EngineError(`toIndex must be between 1 and ${length - 1}, got ${p.toIndex}`);
  }
  // The running instance holds the dropped state: it goes, and recovery rebuilds.
  // Its callers are answered, also those of a worker out of memory (suspended, retrying): nothing else would.
  const r = k.residents.get(id);
  if (r?.thread) await k.residents.stopThread(id, { kind: 'evict' });
  r?.abandon(new EngineError('the worker was reverted while this invocation ran', 409));
  k.append(id, [{ kind: 'revert', start: to + 1, end: length }]);
  k.statuses.put(id, k.statuses.deriveUpTo(id, to));
  k.emit({ type: 'status', workerId: id, status: k.statuses.get(id).status });
  return k.records.get(id);
}

/**
 * Golem's atomic regions: a region begun and never ended by a run that then
 * failed, was killed or crashed is hidden by a jump, so recovery re-executes
 * it whole. (A suspended worker's region is intact: it did not fail.)
 */
export function dropUnfinishedRegion(k: Kernel, id: string): void {
  const regions = k.store.ofKinds(id, ['begin-atomic-region']);
  if (regions.length === 0) return;
  const last = k.store.lastOf(id, LIFECYCLE_KINDS);
  const open = k.history(id, [...regions, ...k.store.ofKinds(id, ['end-atomic-region']), ...(last ? [last] : [])]).openAtomicRegion();
  if (open === undefined) return;
  k.append(id, [{ kind: 'jump', start: open, end: k.store.length(id) }]);
}
