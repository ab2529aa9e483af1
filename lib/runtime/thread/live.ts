// A worker's live phase on its thread: invocations queue up and run one at a
// time; a cancel removes a queued one; an idle worker may be asked to leave.

import type { Writer } from './writer';
import type { FromThread, ToRun } from './protocol';
import type { Outcome, Run } from './slot';
import type { SnapshotTaker } from './snapshots';

export interface Live {
  slot: Run;
  /** Invocations recorded as pending that have not run: they go first. */
  queue: ToRun[];
  /**
   * Keys this instance must not run: those recovery replayed, those cancelled, and those of `queue` once they
   * ran (the runtime may have posted one of them too, around this thread's start). A key the runtime posts is
   * posted once while the instance holds it (pool/resident.ts send), so keys run from messages are not kept: a
   * thread serving one worker for hours would keep every key it ever ran (~80 bytes each, in a 256 MB heap).
   */
  invokedKeys: Set<string>;
  writer: Pick<Writer, 'add' | 'commit' | 'take'>;
  post(m: FromThread): void;
  run(inv: { key: string; functionName: string; args: Extract<ToRun, { type: 'invoke' }>['args'] }): Outcome;
  /** Taken after a completed invocation, when due. */
  snapshots: SnapshotTaker;
  failure(key: string, out: Extract<Outcome, { ok: false }>): FromThread;
  halt(): never;
}

/** Takes the run's messages from now on, starting with the queue and what arrived while recovering. */
export function serveLive(l: Live): void {
  const { slot, queue, invokedKeys, writer, post } = l;
  // Read from the oplog before going live: a message may repeat one of these (what arrived while recovering, in order, or since).
  const fromHistory = new Set(queue.flatMap((q) => (q.type === 'invoke' ? [q.key] : [])));
  let busy = false;
  const drain = () => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const msg = queue.shift()!;
      if (msg.type !== 'invoke' || invokedKeys.has(msg.key)) continue;
      if (fromHistory.delete(msg.key)) invokedKeys.add(msg.key);
      // The invocation is in the oplog before the guest runs far: a guest that spins without a host call until a
      // kill or its time limit left no trace of it, and a kill's recovery could not resume it.
      writer.add({ kind: 'exported-function-invoked', functionName: msg.functionName, args: msg.args, idempotencyKey: msg.key });
      post({ type: 'started', key: msg.key, entries: writer.take() });
      const out = l.run(msg);
      if (out.ok && !slot.left) {
        // The caller is answered at once; a snapshot due now follows, and until `snapshotted` the runtime counts the
        // worker busy (not placed beside, dropped or let go: pool/resident.ts idle). Taken before `completed`, a kill
        // between the two lost the answer while recovery started past the invocation.
        const snapshot = l.snapshots.due();
        post({ type: 'completed', key: msg.key, result: out.result, ...(snapshot ? { snapshot } : {}) });
        if (snapshot) {
          l.snapshots.take();
          post({ type: 'snapshotted' });
        }
      }
      // Suspended (in the guest, or while saving a snapshot): a guest that caught its LetGo still left.
      if (slot.left) {
        // What is still queued was recorded as pending: it runs after the wake.
        queue.length = 0;
        busy = false;
        return slot.finish();
      } else if (!out.ok) {
        post(l.failure(msg.key, out));
        l.halt();
      }
    }
    busy = false;
  };
  const cancel = (key: string) => {
    const i = queue.findIndex((q) => q.type === 'invoke' && q.key === key);
    if (i >= 0) queue.splice(i, 1);
    invokedKeys.add(key); // an invoke for it arriving later is not run either
  };
  slot.deliver = (msg) => {
    if (msg.type === 'cancel') return cancel(msg.key);
    queue.push(msg);
    drain();
  };
  // Asked by the runtime only while idle (nothing owed): every message before this one was handled.
  slot.release = () => {
    if (busy || queue.length > 0) return post({ type: 'release-refused' });
    writer.commit();
    post({ type: 'released' });
    slot.finish();
  };
  // What arrived while recovering, in order: a cancel there removes its invocation from the queue read from the oplog.
  for (const m of slot.inbox.splice(0)) {
    if (m.type === 'cancel') cancel(m.key);
    else queue.push(m);
  }
  drain();
  if (slot.releaseAsked) slot.release();
}
