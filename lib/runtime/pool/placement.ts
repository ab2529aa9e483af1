// Where a starting worker goes (issue 13): a spare thread, a thread shared
// with idle workers (hosts.ts), or a new one; and who makes room for it.
//
// - Quiet times (no start waits in line): the fullest thread whose workers are
//   all idle, for memory (~3 MB a worker beside others, 9-10 MB alone); else a
//   spare; else a boot.
// - A burst (starts wait in line, or a start took a place less than a second
//   ago: the burst's last starts find nobody waiting): the start's invocation
//   is already waiting, so it goes where it runs at once, and a boot (~135 ms
//   of CPU, the cost of some 15 starts) comes last. First a spare; then a
//   thread whose workers are all idle, with room, beside quiet workers first
//   (one invoked again while the start runs beside it is moved, a replay);
//   then the place of the least recently used idle worker on such a thread:
//   it is forgotten at once (the thread drops its instance, then takes the
//   start: no answer to wait for, no trip through the pool) and comes back by
//   replay on its next call, as any evicted worker does. With none of these,
//   the start waits up to 100 ms for room (a worker going idle, a thread
//   back in the pool or a new spare, a worker leaving a shared thread: each
//   wakes one waiting start; a first call ends in
//   milliseconds, a boot costs more), then boots. Spares come back a second
//   after the burst.
//   Why (bench/engine.ts, burst of 100 new workers): nothing was moved, but a
//   start got a thread only by a hand-over from a worker alone on its thread,
//   and workers sharing threads are never alone, so the burst booted 7-8
//   threads (CPU 1.2-1.5 s, p99 0.85-1.7 s); now 0-1 (0.8-0.9 s, 0.5-0.8 s).
// - Given way: a worker whose place was taken and that comes back within a
//   second (10 clients each invoking its own worker in a loop, bench/api.ts)
//   pauses the taking of places for a second: a start then joins or boots.
// - At the cap of workers in memory, the least recently used idle worker is
//   asked to leave first (its thread answers after everything before the
//   request, which may be a long call: a start waits 5 s at most, LEAVE_WAIT_MS);
//   busy workers are never asked: over the cap, a start goes ahead.
// Debug sessions and evaluations never come here; plain workers and durability
// checks' throwaway workers are never placed beside others nor given way.

import type { Worker } from 'node:worker_threads';
import type { Kernel } from '../kernel';
import type { StartQueue } from '../start-queue';
import type { Hosts } from './hosts';
import type { Resident } from './resident';

/** What placement needs of the residents. */
export interface Tenants {
  all(): Iterable<Resident>;
  /** Whether an idle `r` may leave memory now (a plain worker or a check's throwaway worker may not). */
  evictable(r: Resident): boolean;
  /** Asks an idle worker to leave its thread; its `releasing` ends once it has. */
  letGo(id: string): void;
  /** Forgets an idle worker's instance at once: its thread drops it at its next turn. */
  forget(r: Resident): void;
}

const QUIET_MS = 1000;
/** How long a start at the cap waits for a worker to leave its thread before it goes ahead (as the start queue holds a slot). */
const LEAVE_WAIT_MS = 5000;
/** How long a start in a burst waits for room before it boots a thread. */
const ROOM_WAIT_MS = 100;

export class Placement {
  /** Workers whose place a start took, and when (see `noteReturn`). */
  private readonly gaveWay = new Map<string, number>();
  /** Places are not taken until then: a worker that gave way came straight back. */
  private pausedUntil = 0;
  /** When a start last took a place: the burst's last starts find no start waiting, and are still in it. */
  private lastTaken = -Infinity;
  private refillTimer?: NodeJS.Timeout;
  /** Starts waiting for room, first come first served. */
  private readonly roomWaiters: (() => void)[] = [];

  constructor(
    private readonly k: Kernel,
    private readonly hosts: Hosts,
    private readonly starts: StartQueue,
    private readonly tenants: Tenants,
  ) {}

  /** Starts wait in line, or did less than a second ago. */
  private get burst(): boolean {
    return this.starts.queued > 0 || performance.now() - this.lastTaken < QUIET_MS;
  }

  /**
   * Before a start, with its slot held: at the cap, the least recently used
   * idle worker leaves first. In a burst with nowhere to run at once, a
   * thread on its way back or a worker going idle serves sooner than a boot.
   */
  async makeRoom(r: Resident, bindingsUrl: string): Promise<void> {
    // One look at the workers in memory serves the cap and the first look for a place; after a wait, a fresh one.
    let seen: Survey | undefined = this.survey(r, bindingsUrl);
    const { atCap, oldest } = seen;
    let { returning } = seen;
    if (atCap) {
      const leaving = returning ?? oldest;
      if (!leaving) return;
      if (!returning) this.tenants.letGo(leaving.id);
      return waitUpTo(LEAVE_WAIT_MS, leaving.releasing);
    }
    // While places may not be taken, only a join could come of waiting: boot instead.
    const deadline = performance.now() + (this.k.opts.roomWaitMs ?? ROOM_WAIT_MS);
    while (this.burst && this.k.threads.ready === 0 && performance.now() >= this.pausedUntil && !this.runsAtOnce(r, bindingsUrl, seen)) {
      seen = undefined;
      const left = deadline - performance.now();
      if (left <= 0) return;
      if (returning) {
        // Its thread comes back to the pool or has room: looked at again above, then waited for like any room.
        await waitUpTo(left, returning.releasing);
        returning = undefined;
      } else await waitUpTo(left, undefined, this.roomWaiters);
    }
  }

  /** Room for one start: a worker went idle, or a thread came back to the pool. Wakes the start waiting longest. */
  roomFreed(): void {
    this.roomWaiters.shift()?.();
  }

  /** The thread `r` joins (none: a spare, or a new thread). Synchronous with the placement: a place taken is `r`'s. */
  choose(r: Resident, bindingsUrl: string): Worker | undefined {
    if (!this.burst) return this.hosts.joinable(r, bindingsUrl);
    if (this.k.threads.ready > 0) return undefined;
    const spot = this.runsAtOnce(r, bindingsUrl);
    if (!spot) return undefined;
    if (spot.instead) {
      this.lastTaken = performance.now();
      // A second's worth is kept: older ones say nothing (noteReturn).
      for (const [other, when] of this.gaveWay) if (this.lastTaken - when >= QUIET_MS) this.gaveWay.delete(other);
      this.gaveWay.set(spot.instead.id, this.lastTaken);
      this.tenants.forget(spot.instead);
      this.refillAfter();
    }
    return spot.thread;
  }

  /** A thread where `r` runs at once: one with room beside idle workers (quiet ones first), or an idle worker's place. */
  private runsAtOnce(r: Resident, bindingsUrl: string, seen?: Survey): { thread: Worker; instead?: Resident } | undefined {
    const thread = this.hosts.joinable(r, bindingsUrl, performance.now() - QUIET_MS);
    if (thread) return { thread };
    if (performance.now() < this.pausedUntil) return undefined;
    const { instead } = seen ?? this.survey(r, bindingsUrl);
    return instead?.thread && { thread: instead.thread, instead };
  }

  /** A burst takes no spares back (a boot costs CPU the burst needs): they come back once it is over. */
  private refillAfter(): void {
    clearTimeout(this.refillTimer);
    this.refillTimer = setTimeout(() => (this.burst ? this.refillAfter() : this.k.threads.refill()), QUIET_MS);
    this.refillTimer.unref();
  }

  /** A worker starting again within a second of giving way pauses the taking of places for a second. */
  noteReturn(id: string): void {
    const at = this.gaveWay.get(id);
    if (at === undefined) return;
    this.gaveWay.delete(id);
    const now = performance.now();
    if (now - at < QUIET_MS) this.pausedUntil = now + QUIET_MS;
  }

  /**
   * One pass over the workers in memory: whether they (leaving ones included) reach the cap, the idle one used least
   * recently, one leaving, and in a burst the idle one used least recently whose place `r` may take.
   */
  private survey(r: Resident, bindingsUrl: string): Survey {
    const places = this.burst;
    let count = 0;
    let oldest: Resident | undefined;
    let returning: Resident | undefined;
    let instead: Resident | undefined;
    for (const t of this.tenants.all()) {
      if (!t.thread) continue;
      count += 1;
      if (t.releasing) returning = t;
      else if (t !== r && t.idle && this.tenants.evictable(t)) {
        if (!oldest || t.lastActive < oldest.lastActive) oldest = t;
        if (places && (!instead || t.lastActive < instead.lastActive) && this.hosts.replaceable(t, r, bindingsUrl)) instead = t;
      }
    }
    return { atCap: count >= this.k.maxResident, oldest, returning, instead };
  }
}

interface Survey {
  atCap: boolean;
  oldest?: Resident;
  returning?: Resident;
  instead?: Resident;
}

/** Resolves once `p` settles or a start waiting in `waiters` is woken (roomFreed), or after `ms`; at once with neither. */
function waitUpTo(ms: number, p?: Promise<void>, waiters?: (() => void)[]): Promise<void> {
  if (!p && !waiters) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      const i = waiters?.indexOf(done) ?? -1;
      if (i >= 0) waiters?.splice(i, 1);
      resolve();
    };
    const timer = setTimeout(done, ms);
    void p?.then(done, done);
    waiters?.push(done);
  });
}
