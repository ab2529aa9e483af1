// One worker's presence in memory: its thread (if any), the invocations it
// owes an answer, and the callers waiting for them.

import type { Worker } from 'node:worker_threads';
import type { JsonValue } from '../../values/json-value';
import type { ToRun } from '../thread/protocol';

interface Waiter {
  resolve(v: JsonValue): void;
  reject(e: Error): void;
}

/** Why the engine ended a thread; none means the thread died by itself. */
export type StopReason =
  | { kind: 'kill'; recover: boolean }
  | { kind: 'evict' }
  | { kind: 'timeout'; key: string; ms: number }
  | { kind: 'delete' }
  | { kind: 'shutdown' }
  /** Set-oplog-index: the thread goes and the worker replays at once. */
  | { kind: 'restart' };

export class Resident {
  thread?: Worker;
  /** The assignment its thread knows its instance by (a thread may hold several workers). */
  run = 0;
  /** Moved off a busy shared thread: until it leaves memory it has a thread of its own (no ping-pong between busy neighbours). */
  solo = false;
  /** Resolves once recovery finished and the thread takes new work. */
  ready?: Promise<void>;
  recovered = false;
  /** Its thread said a snapshot follows the invocation it completed: busy until `snapshotted`. */
  snapshotting = false;
  readonly outstanding = new Set<string>();
  /** Of those, the queued ones its thread said it would run after recovering (none has started yet): they leave with the thread. */
  readonly owedByThread = new Set<string>();
  /** Invocations posted to its instance or started there, until they complete: its instance has work while any is held. */
  readonly held = new Set<string>();
  private readonly waiters = new Map<string, Waiter[]>();
  /**
   * Calls with a caller's key taken without a pending entry (the worker was idle), with their functions, until
   * answered: until its invoked entry is written the oplog does not know the key, and the same key sent meanwhile
   * must find this call (work/invoke.ts).
   */
  readonly taken = new Map<string, string>();
  timer?: NodeJS.Timeout;
  evictTimer?: NodeJS.Timeout;
  stop?: StopReason;
  crash?: string;
  /** Why the current thread is recovering: the reason of the `interrupted` entry it follows. */
  cause?: string;
  /** Unbinds the current thread from this worker and gives it back to the pool (a normal end only). */
  handOver?: () => void;
  /** Forgets its instance on its shared thread, which drops it (hosts.ts drop). */
  dropHere?: () => void;
  /** Set while an idle worker is asked to leave its thread: a start waits for it to end. */
  releasing?: Promise<void>;
  endRelease?: () => void;
  /** When its thread last said anything: the least recently used idle worker leaves first. */
  lastActive = 0;
  /** Starts under way that have no thread yet (waiting for the component or a start slot). */
  starting = 0;
  /** Kills of this worker without a thread: a start queued before one of them must not go on. */
  kills = 0;
  constructor(readonly id: string) {}

  /** Posts `m` to the worker's instance, if it has a thread (stamped with its run number). */
  send(m: ToRun): void {
    if (!this.thread) return;
    if (m.type === 'invoke') {
      // Posted once while its instance holds it (a wait:false repeat of a call not recorded yet would post it again):
      // the thread keeps no list of the keys it ran from messages (thread/live.ts).
      if (this.held.has(m.key)) return;
      this.held.add(m.key);
    } else this.held.delete(m.key);
    this.thread.postMessage({ ...m, run: this.run });
  }

  /**
   * Recovered, owing nothing and not taking a snapshot: its thread may run a neighbour, and it may be dropped or let
   * go without loss. The one place idleness is decided (placement, sharing, eviction and kills all ask here).
   */
  get idle(): boolean {
    return this.recovered && this.outstanding.size === 0 && !this.stop && !this.snapshotting;
  }

  /**
   * Its instance has no work (recovered, nothing posted to it, owed by its recovery or running there, not taking a
   * snapshot), so it may be moved to another thread by replay: the instance left behind never runs again. Unlike
   * `idle`, a call added but not yet posted (a caller adds its call, then awaits the start) does not count: it goes
   * wherever the worker runs. A worker with work is never moved: that would make a second live instance of it.
   */
  get movable(): boolean {
    // (What its recovery owes is in `held` too: outcomes.ts `recovered`.)
    return this.recovered && !this.stop && !this.snapshotting && this.held.size === 0;
  }

  /** A caller waiting for the invocation `key`. */
  waitFor(key: string): Promise<JsonValue> {
    const p = new Promise<JsonValue>((resolve, reject) => {
      const list = this.waiters.get(key) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(key, list);
    });
    // It may be rejected before the caller awaits it (a kill during start-up):
    // that must not count as an unhandled rejection, which would end the runtime.
    p.catch(() => {});
    return p;
  }

  /** The invocation `key` is owed no more: its callers get `outcome`. */
  answer(key: string, outcome: { result: JsonValue } | { error: Error }): void {
    this.outstanding.delete(key);
    this.settle(key, outcome);
  }

  settle(key: string, outcome: { result: JsonValue } | { error: Error }): void {
    this.taken.delete(key);
    const list = this.waiters.get(key);
    this.waiters.delete(key);
    for (const w of list ?? []) {
      if ('result' in outcome) w.resolve(outcome.result);
      else w.reject(outcome.error);
    }
  }

  rejectAll(error: Error): void {
    for (const key of [...this.waiters.keys()]) this.settle(key, { error });
  }

  /** Answers every waiting caller with `error` and forgets what the worker owed. */
  abandon(error: Error): void {
    this.rejectAll(error);
    this.taken.clear();
    this.outstanding.clear();
    this.owedByThread.clear();
  }

  /** The thread is gone: forget it and its timers. A release asked of it is over too (a suspend or retry unbinds it without answering). */
  clearThread(): void {
    this.endRelease?.();
    // Not run on this thread (a suspension drops the rest of its queue): the next recovery names them again.
    for (const key of this.owedByThread) this.outstanding.delete(key);
    this.owedByThread.clear();
    this.held.clear();
    clearTimeout(this.timer);
    clearTimeout(this.evictTimer);
    this.thread = undefined;
    this.handOver = undefined;
    this.dropHere = undefined;
    this.ready = undefined;
    this.recovered = false;
    this.snapshotting = false;
    this.solo = false;
  }
}
