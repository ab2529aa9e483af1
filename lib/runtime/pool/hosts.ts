// Several idle workers per thread (issue 13). Measured RSS (the counter
// example): an empty Node thread 5-6 MB, one with the thread's code loaded
// 8 MB, an idle worker on a thread of its own 9-10 MB; an instance alone
// 0.5-1 MB. So a thread may hold the instances of up to `workersPerThread`
// workers (4 by default: ~3 MB a worker, bench/engine.ts section 7), and runs
// one at a time (a guest's call blocks its thread). The rules:
//
// - Placement: which thread a start joins, and who makes room for it, is
//   placement.ts. A worker joins only a thread whose workers are all idle
//   (recovered, owing nothing: what a recovery goes on to run from the oplog
//   is owed from its `recovered` message). Debug sessions and evaluations
//   never come here (their threads are their own); plain workers and
//   durability checks' throwaway workers are not placed beside others (a
//   plain worker's memory is its only state; a check counts replays), and
//   nobody is placed beside them.
// - A busy neighbour: an invocation (or resume) for a worker whose thread is
//   running another worker does not wait behind it. The worker is moved: the
//   runtime forgets its instance there (the thread drops it at its next turn;
//   it was idle, so nothing is lost) and starts it elsewhere by replay, on a
//   thread of its own for as long as it stays in memory (no ping-pong between
//   two busy neighbours). A wait would be unbounded (a call may run for the
//   invocation time limit); a replay costs what any evicted worker pays.
//   Only a worker whose instance has no work is moved (`Resident.movable`):
//   one running a call (inside a host call or a remote write, say), holding
//   queued ones or taking a snapshot keeps its thread, and the new call waits
//   behind its own work there. Moving it would make a second live instance of
//   the worker: the replay would repeat the request in flight, or fail on an
//   unfinished non-idempotent write, while the first instance still ran.
//   Likewise an idle worker let go (eviction, the resident cap) from such a
//   thread is dropped at once rather than asked to leave.
// - Kills: of an idle worker beside others, only its instance is dropped
//   (`Residents.stopThread`): its neighbours and their instances carry on, and
//   the oplog gets what a kill always writes. A kill, timeout, trap, exit or
//   crash of the running worker ends the thread: only that worker is blamed;
//   the others on it lose their instance only (nothing is written, their
//   status stays), and come back by replay on next use (at once if they owe
//   calls). A thread that is ending counts as busy: nothing more is posted to
//   it. A dropped instance stays listed until the thread says it is gone; should
//   it have been running after all, its next host call is answered with a
//   leave, so it unwinds and the thread comes back (`drop`). So a kill is real
//   for the one killed, and
//   never reaches into the others' histories.
// - Caps: the resident cap and eviction count instances (workers in memory);
//   the pool's spares count threads. A thread goes back to the pool when its
//   last worker leaves it (suspended, let go, dropped).
// - Isolation: each worker has its own instance, context, sync channel and run
//   number on the thread; the thread's module-level state is per instance
//   (exports.ts binds per instance, the io waiter is per context) or read-only
//   (the oplog reader), and an instance made ahead is taken by one worker only.

import type { Worker } from 'node:worker_threads';
import type { FromRun, GoneMessage, LeaveReply } from '../thread/protocol';
import type { RuntimeEnd } from '../sync-channel';
import type { Kernel } from '../kernel';
import type { Resident } from './resident';

export interface Tenancy {
  run: number;
  message(m: FromRun): void;
  /** The thread ended; `cacheOnly`: it did not end for this worker (nor while it ran), so the worker only loses its instance. */
  exit(cacheOnly: boolean): void;
}

interface Host {
  thread: Worker;
  /** Its workers; one that left it by a terminate stays listed until the thread has ended. */
  tenants: Map<Resident, Tenancy>;
  /** Runs dropped (by run number, with their sync channel) until the thread says they are gone: a host call of one is answered with a leave. */
  dropping: Map<number, RuntimeEnd>;
  off(): void;
}

export class Hosts {
  private readonly byThread = new Map<Worker, Host>();

  constructor(private readonly k: Kernel) {}

  private get cap(): number {
    return this.k.workersPerThread;
  }

  /**
   * A thread `r` may join: the fullest with room whose workers are all idle, preferring one whose workers have all
   * been quiet since `quietSince` (one pass over the threads); or none.
   */
  joinable(r: Resident, bindingsUrl: string, quietSince = Infinity): Worker | undefined {
    if (this.cap <= 1 || r.solo) return undefined;
    let best: Host | undefined;
    let quiet: Host | undefined;
    for (const h of this.byThread.values()) {
      if (h.tenants.size >= this.cap || !this.mayShare(h, r, bindingsUrl)) continue;
      if (!best || h.tenants.size > best.tenants.size) best = h;
      if ((!quiet || h.tenants.size > quiet.tenants.size) && [...h.tenants.keys()].every((t) => t.lastActive <= quietSince)) quiet = h;
    }
    return (quiet ?? best)?.thread;
  }

  /** Whether `r` may take idle `victim`'s place on its thread: every other worker there is idle too, and may have `r` beside it. */
  replaceable(victim: Resident, r: Resident, bindingsUrl: string): boolean {
    const h = victim.thread && this.byThread.get(victim.thread);
    return !!h && this.mayShare(h, r, bindingsUrl, victim);
  }

  /**
   * The sharing rule: `r` may run on `h` beside its workers (but `instead`, whose place it takes) when nothing dropped
   * there may still run, the thread stays within its budget of versions, and every other worker on it is idle, not
   * leaving, and shares (neither it nor `r` is solo, and a thread may hold more than one).
   */
  private mayShare(h: Host, r: Resident, bindingsUrl: string, instead?: Resident): boolean {
    if (h.dropping.size > 0 || !this.k.threads.fits(h.thread, bindingsUrl)) return false;
    const others = [...h.tenants.keys()].filter((t) => t !== instead);
    if (others.length > 0 && (r.solo || this.cap <= 1)) return false;
    return others.every((t) => on(h, t) && t.idle && !t.solo && !t.releasing);
  }

  /** Whether, after `r` is placed on `thread` (none: a new one), another worker may still join it. */
  roomAfter(r: Resident, thread: Worker | undefined): boolean {
    if (r.solo) return false;
    return (thread ? (this.byThread.get(thread)?.tenants.size ?? 0) : 0) + 1 < this.cap;
  }

  /** Whether `r` has neighbours on its thread. */
  shared(r: Resident): boolean {
    const h = r.thread && this.byThread.get(r.thread);
    return !!h && [...h.tenants.keys()].some((t) => t !== r && on(h, t));
  }

  /** Whether `r`'s instance has no work (`movable`) on a thread that is running (or starting, or ending) another worker. */
  neighbourBusy(r: Resident): boolean {
    const h = r.thread && this.byThread.get(r.thread);
    if (!h || !r.movable) return false;
    // One that left it by a terminate (a retry ahead) is still listed: the thread is ending, and a call posted to it would die with it.
    // A dropped run that has not said it is gone may still be running (the runtime took it for idle).
    return h.dropping.size > 0 || [...h.tenants.keys()].some((t) => t !== r && (!on(h, t) || !t.idle));
  }

  /** Places `r` on `thread` (a new host when it holds nobody yet). */
  place(thread: Worker, r: Resident, tenancy: Tenancy): void {
    let h = this.byThread.get(thread);
    if (!h) {
      const host: Host = {
        thread,
        tenants: new Map(),
        dropping: new Map(),
        off: () => {
          thread.off('message', onMessage);
          thread.off('error', onError);
          thread.off('exit', onExit);
        },
      };
      const onMessage = (m: FromRun | GoneMessage) => {
        if (m.type === 'gone') return this.gone(host, m.run);
        for (const t of host.tenants.values()) if (t.run === m.run) return t.message(m);
        if (m.type === 'sync') host.dropping.get(m.run)?.answer({ leave: true } satisfies LeaveReply);
      };
      const onError = (e: Error) => {
        for (const t of host.tenants.keys()) if (on(host, t)) t.crash = e.message;
      };
      const onExit = () => {
        this.byThread.delete(thread);
        for (const channel of host.dropping.values()) channel.close();
        // Blamed: the workers the thread was ended for (stopped, or gone by a terminate); if none, it died by
        // itself, and those running then. Every other worker on it loses only its instance.
        const tenants = [...host.tenants.keys()];
        const endedFor = tenants.some((t) => !on(host, t) || t.stop);
        for (const [t, tenancy] of host.tenants) tenancy.exit(endedFor ? !t.stop : t.idle);
      };
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      this.byThread.set(thread, host);
      h = host;
    }
    h.tenants.set(r, tenancy);
  }

  /** `r` leaves a thread that goes on (suspended, let go). */
  leave(thread: Worker, r: Resident): void {
    const h = this.byThread.get(thread);
    if (!h) return this.k.threads.release(thread);
    h.tenants.delete(r);
    // Room on a thread that goes on: a start waiting for room may take it.
    if (!this.vacated(h)) this.k.residents.threadFreed();
  }

  /**
   * Forgets `r`'s instance (run `run`) on `thread`: the thread drops it at its next turn. Until it says the run
   * is gone, a host call of that run (the runtime took it for idle, and it ran) is answered with a leave, so the
   * run unwinds and the thread comes back instead of waiting for an answer forever.
   */
  drop(thread: Worker, r: Resident, run: number, channel: RuntimeEnd): void {
    const h = this.byThread.get(thread);
    if (!h) return channel.close();
    h.tenants.delete(r);
    h.dropping.set(run, channel);
    thread.postMessage({ type: 'drop', run });
  }

  /** Whether `run` on `thread` was dropped and has not left yet. */
  isDropping(thread: Worker, run: number): boolean {
    return !!this.byThread.get(thread)?.dropping.has(run);
  }

  private gone(h: Host, run: number): void {
    const channel = h.dropping.get(run);
    if (!channel) return;
    channel.close();
    h.dropping.delete(run);
    // No start is woken while others stay on it: a dropped run's place was taken by the start that dropped it
    // (placement), or its thread is busy (a move). A start woken for nothing waits again at the back of the line.
    this.vacated(h);
  }

  /** A worker or a dropped run left `h`: the last one out gives the thread back to the pool (true). */
  private vacated(h: Host): boolean {
    if (h.tenants.size > 0 || h.dropping.size > 0) return false;
    h.off();
    this.byThread.delete(h.thread);
    this.k.threads.release(h.thread);
    return true;
  }

  /** Threads holding workers (each counts once for memory, however many it holds). */
  get threads(): number {
    return this.byThread.size;
  }
}

/** Whether `t` is still on `h`'s thread (one that left it by a terminate stays listed until the thread has ended). */
function on(h: Host, t: Resident): boolean {
  return t.thread === h.thread;
}
