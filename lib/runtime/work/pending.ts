// Pending and scheduled work: invocations queued or scheduled and not
// started (as the history view reads them from the oplog), their timers, and
// the wake-ups of suspended and retrying workers. Nothing here is durable by
// itself: recovery rebuilds every timer from the oplog.

import { hasEnded, History, type Invocation, type PendingEntry } from '../../oplog/history';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { PendingInvocation } from '../types';

const wakeKey = (id: string) => `wake\n${id}`;
const invokeKey = (id: string, key: string) => `invoke\n${id}\n${key}`;

export class PendingWork {
  /** Plain workers' idempotency keys and their functions: kept nowhere else (work/invoke.ts plainRepeat). */
  private readonly plainUsed = new Map<string, Map<string, string>>();

  constructor(private readonly k: Kernel) {}

  /** The idempotency keys a plain worker was given while this runtime ran, with their functions. */
  plainKeys(id: string): Map<string, string> {
    let m = this.plainUsed.get(id);
    if (!m) this.plainUsed.set(id, (m = new Map()));
    return m;
  }

  /** Queued or scheduled invocations not started, not cancelled, not reverted. */
  pending(id: string): PendingEntry[] {
    return new History(this.k.store.pendingInputs(id)).pending();
  }

  /** Where the invocation with this key stands, in the history as it is now (a revert or jump hides what it removed). */
  invocationOf(workerId: string, key: string): Invocation | undefined {
    this.k.committer.flush();
    return this.k.history(workerId, this.k.store.byIdempotencyKey(workerId, key)).invocation(key);
  }

  /** Invocations queued or scheduled and not started yet. */
  list(id: string): PendingInvocation[] {
    this.k.records.row(id);
    this.k.committer.flush();
    return this.pending(id).map((e): PendingInvocation => ({
      idempotencyKey: e.idempotencyKey,
      function: e.functionName,
      args: e.args,
      ...(e.scheduledAt ? { scheduledAt: new Date(e.scheduledAt).toISOString() } : {}),
    }));
  }

  /** Cancels a queued or scheduled invocation that has not started. */
  cancel(id: string, key: string): boolean {
    this.k.records.row(id);
    const inv = this.invocationOf(id, key); // after a flush: what the threads posted is counted
    if (inv && inv.state !== 'pending' && inv.state !== 'cancelled')
      throw new EngineError(
        `invocation ${key} ${inv.state === 'reverted' ? 'was reverted' : 'has already started'}; it cannot be cancelled`,
        409,
      );
    if (!inv) {
      // An awaited call on an idle worker is recorded only once its thread starts it (work/invoke.ts): under way all
      // the same. A plain worker records nothing, its queue included.
      if (this.k.records.isPlain(id))
        throw new EngineError(`worker ${id} is a plain worker (durable: false): it keeps no queue of invocations to cancel`, 409);
      if (this.k.residents.get(id)?.outstanding.has(key))
        throw new EngineError(`invocation ${key} has already started; it cannot be cancelled`, 409);
      throw new EngineError(`worker ${id} has no pending invocation ${key}`, 404);
    }
    if (inv.state === 'cancelled') return false;
    this.k.append(id, [{ kind: 'cancel-pending-invocation', idempotencyKey: key }]);
    this.k.scheduler.cancel(invokeKey(id, key));
    const r = this.k.residents.get(id);
    if (r) {
      r.send({ type: 'cancel', key });
      r.answer(key, { error: new EngineError(`invocation ${key} was cancelled`, 409) });
    }
    return true;
  }

  /** A scheduled invocation is posted to the worker when it is due. */
  schedule(id: string, key: string, at: number): void {
    const k = this.k;
    k.scheduler.at(invokeKey(id, key), at, () => {
      const e = this.pending(id).find((x) => x.idempotencyKey === key);
      if (!e) return;
      const s = k.statuses.get(id).status;
      if (hasEnded(s) || k.records.row(id).deletedAt != null) return;
      const r = k.residents.of(id);
      r.outstanding.add(key);
      if (s === 'suspended' || s === 'retrying') return; // picked up from the oplog when it wakes
      void k.residents.ensureThread(id).then(
        () => {
          // Answered meanwhile (run from the oplog by the thread that just started, or cancelled): posting it again
          // would mark it held for good (pool/resident.ts send).
          if (r.outstanding.has(key)) r.send({ type: 'invoke', key, functionName: e.functionName, args: e.args });
        },
        () => {},
      );
    });
  }

  /** Wakes a suspended or retrying worker at `at` (epoch ms): its thread comes back by replay. */
  wakeAt(id: string, at: number): void {
    this.k.scheduler.at(wakeKey(id), at, () => this.wake(id));
  }

  cancelWake(id: string): void {
    this.k.scheduler.cancel(wakeKey(id));
  }

  /** A deleted worker's timers (and a plain one's keys) go with it. */
  cancelAll(id: string): void {
    this.plainUsed.delete(id);
    this.k.scheduler.cancel(wakeKey(id));
    this.k.scheduler.cancelWhere((key) => key.startsWith(`invoke\n${id}\n`));
  }

  wake(id: string): void {
    const k = this.k;
    if (k.closed || !k.records.exists(id)) return;
    const s = k.statuses.get(id).status;
    if (s !== 'suspended' && s !== 'retrying' && !(s === 'interrupted' && k.statuses.interruptedWait(id))) return;
    if (k.records.row(id).deletedAt != null) return;
    k.scheduler.cancel(wakeKey(id));
    k.statuses.set(id, 'running');
    k.residents.restart(id);
  }
}
