// What a worker thread's outcome messages and its exit mean for the worker:
// its status, its callers' answers, and what the runtime records (errors,
// suspensions, interruptions). Acted on only once the entries before the
// message are committed.

import type { Worker } from 'node:worker_threads';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../host/context';
import type { FromThread } from '../thread/protocol';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { Resident } from './resident';
import { KILLED_RECOVERING } from '../../oplog/summary';

export const LOST_IN_KILL =
  'the worker was killed before it recorded this invocation, so nothing of it was kept; retry with the same idempotency key';

/** A call that reached a thread ended by other means than a kill (an update, a revert, a delete) before it recorded it. */
export const THREAD_ENDED =
  "the worker's thread ended (updated, reverted, deleted or the runtime stopping) before it recorded this invocation, so nothing of it was kept; retry with the same idempotency key";

export const KILLED_MESSAGE =
  'the worker was killed while this invocation ran; it resumes when the worker recovers (invoke again or resume), retry with the same idempotency key to get its result';

/** Golem's backoff: min delay × multiplier^(attempt-1), capped, plus jitter. */
export function retryDelay(p: RetryPolicy, attempt: number): number {
  const base = Math.min(p.maxDelayMs, p.minDelayMs * p.multiplier ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + Math.random() * (p.maxJitterFactor ?? 0)));
}

export type Outcome = Exclude<FromThread, { type: 'append' | 'sync' | 'probe' }>;

export function threadOutcome(k: Kernel, id: string, r: Resident, thread: Worker, m: Outcome, markReady: () => void): void {
  switch (m.type) {
    case 'progress':
      k.emit({ type: 'recovery', workerId: id, phase: 'progress', index: m.index, total: m.total, cause: r.cause });
      break;
    case 'recovered': {
      r.recovered = true;
      // Read without a flush: everything before this message is committed, and a flush would act on later ones
      // first (a failure or exit after it would then be overwritten by the idle status below).
      const committed = (key: string) => k.history(id, k.store.byIdempotencyKey(id, key)).invocation(key);
      // What the thread runs next from its oplog is owed from now on: the worker is not idle in between (a drop or a
      // placement beside it would take it for idle while its thread runs it).
      // (Not one cancelled while the thread was recovering: the runtime would wait for it forever.)
      // Each one is the instance's work from now on (`held`: the worker is not moved while it runs), whether or not a
      // caller already waits for it.
      for (const key of m.owed) {
        if (committed(key)?.state !== 'pending') continue;
        r.held.add(key);
        if (r.outstanding.has(key)) continue;
        r.outstanding.add(key);
        r.owedByThread.add(key);
      }
      if (r.cause !== undefined)
        for (const key of r.outstanding) {
          const inv = committed(key);
          // After a kill: an invocation finished before the thread went (its completed entry committed, `completed`
          // not yet acted on) is not posted by the replay, nor seen past a snapshot: its callers are answered here.
          if (inv?.state === 'finished') {
            r.answer(key, { result: inv.result ?? null });
          }
        }
      k.emit({
        type: 'recovery',
        workerId: id,
        phase: 'done',
        ms: m.ms,
        replayedInvocations: m.replayedInvocations,
        total: m.lastIndex,
        cause: r.cause,
      });
      if (r.outstanding.size === 0) k.statuses.set(id, 'idle');
      markReady();
      k.residents.scheduleEviction(id, r);
      break;
    }
    case 'started':
      r.outstanding.add(m.key);
      r.owedByThread.delete(m.key);
      r.held.add(m.key);
      k.statuses.set(id, 'running');
      clearTimeout(r.timer);
      r.timer = setTimeout(
        () => k.residents.stopThread(id, { kind: 'timeout', key: m.key, ms: k.invocationTimeoutMs }),
        k.invocationTimeoutMs,
      );
      break;
    case 'completed':
      clearTimeout(r.timer);
      // A snapshot follows: the worker stays busy until `snapshotted` (its status says idle: it owes nobody).
      r.snapshotting = m.snapshot === true;
      r.held.delete(m.key);
      r.answer(m.key, { result: m.result });
      if (r.outstanding.size === 0 && r.recovered) k.statuses.set(id, 'idle');
      k.residents.scheduleEviction(id, r);
      break;
    case 'snapshotted':
      r.snapshotting = false;
      k.residents.scheduleEviction(id, r);
      break;
    case 'failed': {
      clearTimeout(r.timer);
      // The runtime records the failure and decides, by the worker's retry policy, whether it is final.
      const policy = m.retryPolicy ?? DEFAULT_RETRY_POLICY;
      const attempt = m.key ? failedAttempts(k, id, m.key) + 1 : 1;
      const retry = !m.final && m.key !== undefined && attempt <= policy.maxAttempts;
      const retryAt = retry ? Date.now() + retryDelay(policy, attempt) : undefined;
      k.append(id, [
        { kind: 'error', error: m.error, idempotencyKey: m.key, attempt, maxAttempts: policy.maxAttempts, ...(retryAt ? { retryAt } : {}) },
      ]);
      if (retryAt !== undefined) {
        k.residents.detach(r, thread);
        k.statuses.set(id, 'retrying', m.error);
        k.work.wakeAt(id, retryAt);
      } else {
        k.statuses.set(id, 'failed', m.error);
        r.abandon(new EngineError(`the invocation failed: ${m.error}`, 409));
        r.stop = { kind: 'evict' };
      }
      void thread.terminate();
      break;
    }
    case 'suspend':
      // Durable first: the suspend entry is how a restarted runtime knows to wake it.
      clearTimeout(r.timer);
      k.append(id, [
        {
          kind: 'suspend',
          ...(m.until !== undefined ? { until: m.until } : {}),
          ...(m.promise !== undefined ? { promise: m.promise } : {}),
        },
      ]);
      k.residents.detach(r, thread, { reuse: true });
      k.statuses.set(id, 'suspended');
      if (m.until !== undefined) k.work.wakeAt(id, m.until);
      // Completed between the guest's check and now: wake at once.
      else if (m.promise !== undefined && k.promises.data(id, m.promise) !== null) k.work.wakeAt(id, Date.now());
      break;
    case 'exited':
      clearTimeout(r.timer);
      k.statuses.set(id, 'exited');
      r.abandon(new EngineError(`the worker exited with code ${m.code}`, 409));
      r.stop = { kind: 'evict' };
      void thread.terminate();
      break;
  }
}

/** Failed attempts of the invocation `key` so far: a retried run knows how many came before it. */
export function failedAttempts(k: Kernel, id: string, key: string): number {
  return k.store.byIdempotencyKey(id, key).filter((e) => e.kind === 'error').length;
}

/**
 * Calls posted to a thread that ended before it recorded them: nothing kept them and nothing will run them (the
 * entries before the end are committed now). Their callers are told to retry, which is safe (nothing was
 * acknowledged), instead of waiting for good.
 */
function answerUnrecorded(k: Kernel, id: string, r: Resident, posted: string[], message: string): void {
  for (const key of posted) {
    if (!r.outstanding.has(key) || k.history(id, k.store.byIdempotencyKey(id, key)).invocation(key)) continue;
    r.answer(key, { error: new EngineError(message, 503) });
  }
}

/** A plain worker keeps no oplog: a kill loses what it was doing, recorded nowhere, and a retry with its key is refused. */
const PLAIN_KILLED = 'the plain worker was killed while this invocation ran; it keeps no oplog, so the invocation is lost';

/**
 * The callers of a killed worker, by whether their call was recorded: one not recorded yet (taken while the worker
 * started, or posted to a thread that had not written its `invoked` entry) never resumes, and is told to retry with
 * its key; a recorded one resumes when the worker recovers, and its caller waits for it (`recorded: 'wait'`, a kill
 * with recovery of a running thread) or is told so now (`'answer'`). A plain worker's callers are told it is lost.
 */
export function answerKilled(k: Kernel, id: string, r: Resident, recorded: 'wait' | 'answer'): void {
  if (k.records.isPlain(id)) return r.abandon(new EngineError(PLAIN_KILLED, 503));
  answerUnrecorded(k, id, r, [...r.outstanding], LOST_IN_KILL);
  if (recorded === 'answer') r.abandon(new EngineError(KILLED_MESSAGE, 503));
}

/** The worker's current thread ended: what that means depends on why it was stopped. */
export function threadExit(k: Kernel, id: string, r: Resident): void {
  // The calls posted to the thread that ended (one an eviction cut off may not be recorded yet).
  const posted = [...r.held];
  r.clearThread();
  const stop = r.stop;
  r.stop = undefined;
  if (stop?.kind === 'delete' || stop?.kind === 'shutdown') return;
  if (stop?.kind === 'restart') return k.residents.restart(id);
  if (stop?.kind === 'evict') {
    // Stopped by its owner (an update, a revert) while a call had reached it: one not recorded yet is told to retry;
    // a recorded one runs again from the oplog when whoever stopped it starts the worker (changes/update.ts).
    answerUnrecorded(k, id, r, posted, THREAD_ENDED);
    if (k.statuses.get(id).status === 'running') k.statuses.set(id, 'idle');
    return;
  }
  if (stop?.kind === 'timeout') {
    const fn = k.store.byIdempotencyKey(id, stop.key).find((e) => e.kind === 'exported-function-invoked');
    const error = `invocation ${fn && fn.kind === 'exported-function-invoked' ? fn.functionName : stop.key} exceeded the time limit of ${stop.ms} ms`;
    k.append(id, [{ kind: 'error', error, idempotencyKey: stop.key }]);
    k.statuses.set(id, 'failed', error);
    r.abandon(new EngineError(`the invocation failed: ${error}`, 409));
    return;
  }
  if (stop?.kind === 'kill') {
    k.append(id, [{ kind: 'interrupted', reason: stop.recover ? KILLED_RECOVERING : 'killed by request' }]);
    // A plain worker starts again empty: nothing recorded, nothing to resume.
    answerKilled(k, id, r, stop.recover ? 'wait' : 'answer');
    k.statuses.set(id, stop.recover ? 'running' : 'interrupted');
    if (stop.recover) k.residents.restart(id);
    return;
  }
  // Nobody asked for this: the thread died (out of memory, a host bug).
  const error = `the worker's thread died: ${r.crash ?? 'unknown reason'}`;
  k.append(id, [{ kind: 'error', error }]);
  k.statuses.set(id, 'failed', error);
  r.abandon(new EngineError(`the invocation failed: ${error}`, 409));
}
