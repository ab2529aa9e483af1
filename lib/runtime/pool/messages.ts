// What a worker's run posts to the runtime, taken as it arrives: entries to
// commit, host calls to answer (once everything before them is durable), a
// check's kill point, the answer to a release. Outcomes (outcomes.ts) are
// acted on once the entries before them are committed.

import type { Worker } from 'node:worker_threads';
import type { RuntimeEnd } from '../sync-channel';
import { tagRequest } from '../../checker/probe';
import type { FromRun, LeaveReply } from '../thread/protocol';
import { performHttp } from '../http';
import { hostCall } from '../host-calls/table';
import type { Kernel } from '../kernel';
import type { Resident } from './resident';
import { threadOutcome } from './outcomes';

/** One run of a worker on a thread: its sync channel, and what ends its start (recovered, or gone). */
export interface RunAt {
  id: string;
  r: Resident;
  thread: Worker;
  channel: RuntimeEnd;
  markReady: () => void;
}

export function runMessage(k: Kernel, at: RunAt, m: FromRun): void {
  const { id, r, thread, channel, markReady } = at;
  if (r.thread !== thread || r.stop) return;
  r.lastActive = performance.now();
  if (m.type === 'append') return k.committer.enqueue(id, m.entries);
  if (m.type === 'started' && m.entries?.length) k.committer.enqueue(id, m.entries);
  if (m.type === 'released' || m.type === 'release-refused') {
    // After what the thread posted before it is committed and acted on.
    k.committer.then(() => {
      if (r.thread === thread && !r.stop) k.residents.released(id, r, m.type === 'released');
    });
    return;
  }
  if (m.type === 'probe') {
    // A check's kill point fires once: the recovery after it runs free.
    const p = k.residents.probes.get(id);
    if (p) k.residents.probes.set(id, { pinned: p.pinned });
    r.stop = { kind: 'kill', recover: false };
    void thread.terminate();
    return;
  }
  if (m.type === 'sync') {
    // The request leaves only after everything before it is durable.
    k.committer.flush();
    if (r.stop) return; // the flush reached a kill point: the thread is gone
    const answer =
      m.op === 'http'
        ? performHttp(k.opts.tagHttp ? tagRequest(m.payload, id) : m.payload, k.egress)
        : hostCall(k, { id, r, thread }, m.payload).then(
            (ok) => ({ ok }),
            (e: Error) => ({ error: e.message }),
          );
    const run = r.run;
    void answer.then((reply) => {
      if (r.thread === thread && r.run === run) channel.answer(reply);
      // Dropped meanwhile: the run leaves instead of waiting for an answer forever (hosts.ts drop).
      else if (k.residents.isDropping(thread, run)) channel.answer({ leave: true } satisfies LeaveReply);
    });
    return;
  }
  // Outcomes are acted on once the entries before them are committed.
  k.committer.then(() => {
    if (r.thread === thread && !r.stop) threadOutcome(k, id, r, thread, m, markReady);
  });
}
