// Golem's promises: created by a worker (the runtime writes the
// create-promise entry, so the promise id is its index), completed by anyone;
// a worker suspended on one wakes when it completes.

import type { OplogEntry } from '../../oplog/entry';
import { CREATE_PROMISE } from '../../host/functions';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { PromiseInfo } from '../types';

export class Promises {
  constructor(private readonly k: Kernel) {}

  /** Payload (base64) of a completed promise, or null. */
  data(id: string, index: number): string | null {
    for (const e of this.k.store.ofKinds(id, ['promise-completed'])) {
      if (e.kind === 'promise-completed' && e.promiseIndex === index) return e.data;
    }
    return null;
  }

  private created(id: string): OplogEntry[] {
    const h = this.k.history(id, this.k.store.hostCalls(id, CREATE_PROMISE));
    return h.entries.filter((e) => e.kind === 'imported-function-invoked' && !h.hides(e));
  }

  /** The promises a worker created, with their state. */
  list(id: string): PromiseInfo[] {
    this.k.records.row(id);
    this.k.committer.flush();
    const completions = new Map<number, { data: string; at: number }>();
    for (const e of this.k.store.ofKinds(id, ['promise-completed'])) {
      if (e.kind === 'promise-completed') completions.set(e.promiseIndex, { data: e.data, at: e.timestamp });
    }
    const info = this.k.records.get(id);
    return this.created(id).map((e) => {
      const c = completions.get(e.index);
      return {
        oplogIndex: e.index,
        createdAt: new Date(e.timestamp).toISOString(),
        completed: c !== undefined,
        ...(c ? { completedAt: new Date(c.at).toISOString(), data: c.data } : {}),
        awaited: info.awaitingPromise === e.index,
      };
    });
  }

  /**
   * Completes a promise a worker created (at oplog `index`) with `data`
   * (base64). False if it was completed already. A worker suspended on it wakes.
   */
  complete(id: string, index: number, data: string): boolean {
    const k = this.k;
    k.records.live(id);
    if (!Number.isInteger(index)) throw new EngineError('the promise is named by the oplog index of its create-promise entry (an integer)');
    k.committer.flush();
    const [e] = k.store.slice(id, index, index);
    if (!e || e.kind !== 'imported-function-invoked' || e.functionName !== CREATE_PROMISE || k.history(id, [e]).hides(e)) {
      throw new EngineError(`worker ${id} has no promise at oplog index ${index}`, 404);
    }
    if (this.data(id, index) !== null) return false;
    k.append(id, [{ kind: 'promise-completed', promiseIndex: index, data }]);
    const s = k.statuses.get(id);
    if ((s.status === 'suspended' || s.status === 'interrupted') && k.records.get(id).awaitingPromise === index) k.work.wake(id);
    return true;
  }
}
