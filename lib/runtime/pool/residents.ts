// Resident workers: the thread lifecycle of each worker in memory. A worker
// starts on a thread by recovery (replay), then takes invocations; it leaves
// by request (kill, evict, delete, restart), by design (suspend, retry) or by
// its thread crashing. Several idle workers may share a thread (hosts.ts);
// which thread a start takes, and who makes room for it, is placement.ts.
// What its run posts is taken in messages.ts, its outcomes in outcomes.ts,
// its host calls in ../host-calls.

import type { Worker } from 'node:worker_threads';
import { LIFECYCLE_KINDS } from '../../oplog/history';
import { threadProbe, type CheckProbe } from '../../checker/probe';
import { StartQueue } from '../start-queue';
import type { Kernel } from '../kernel';
import { Resident, type StopReason } from './resident';
import { threadExit } from './outcomes';
import { dropUnfinishedRegion } from '../changes/fork-revert';
import { Hosts } from './hosts';
import { Placement } from './placement';
import { runMessage } from './messages';

export class Residents {
  private readonly residents = new Map<string, Resident>();
  private readonly hosts: Hosts;
  private readonly starts: StartQueue;
  private readonly placement: Placement;
  /** Test and debugging hook: the worker's thread is killed right after this index is committed. */
  readonly killPoints = new Map<string, number>();
  /** Durability checks: pinned inputs and kill points for a throwaway worker. */
  readonly probes = new Map<string, CheckProbe>();

  constructor(
    private readonly k: Kernel,
    startConcurrency?: number,
  ) {
    this.starts = new StartQueue(startConcurrency);
    this.hosts = new Hosts(k);
    this.placement = new Placement(k, this.hosts, this.starts, {
      all: () => this.residents.values(),
      evictable: (r) => !this.pinned(r.id),
      letGo: (id) => this.letGo(id),
      forget: (r) => this.forget(r),
    });
  }

  /**
   * A worker that must keep its instance: a plain worker's memory is its only state, and a durability check's
   * throwaway worker is interrupted only at its planned kill points (an eviction would replay it once more, and a
   * check of a non-durable guest would pin that difference on a kill). Never evicted, given way or shared.
   */
  private pinned(id: string): boolean {
    return this.k.records.isPlain(id) || this.probes.has(id);
  }

  /** Workers moved off a thread busy with a neighbour (hosts.ts). */
  moved = 0;

  /** Threads holding workers (several idle workers may share one). */
  threadCount(): number {
    return this.hosts.threads;
  }

  /** Test hook (Engine.dropAsIfIdle): a drop of a worker that is not idle. */
  dropAsIfIdle(id: string): void {
    const r = this.residents.get(id);
    if (!r?.thread) return;
    r.dropHere?.();
    r.clearThread();
  }

  get(id: string): Resident | undefined {
    return this.residents.get(id);
  }

  /** The worker's resident record, made if it has none. */
  of(id: string): Resident {
    let r = this.residents.get(id);
    if (!r) {
      r = new Resident(id);
      this.residents.set(id, r);
    }
    return r;
  }

  delete(id: string): void {
    this.residents.delete(id);
  }

  /** Starts waiting for a start slot: a burst is under way. */
  get startsWaiting(): number {
    return this.starts.queued;
  }

  ids(): string[] {
    return [...this.residents.keys()];
  }

  count(): number {
    return [...this.residents.values()].filter((r) => r.thread).length;
  }

  /** The committer reached a kill point: the thread goes now (a check's runtime phase: the whole process). */
  reachedKillPoint(id: string): void {
    this.killPoints.delete(id);
    // A check's runtime-phase kill point: the whole process dies here, for real.
    if (this.probes.get(id)?.sigkillAfter !== undefined) process.kill(process.pid, 'SIGKILL');
    const r = this.residents.get(id);
    if (!r?.thread) return;
    r.stop = { kind: 'kill', recover: false };
    void r.thread.terminate();
  }

  /** Starts the worker's thread if it has none: recovery by replay, then live. */
  async ensureThread(id: string): Promise<void> {
    const k = this.k;
    const r = this.of(id);
    // An idle worker leaving its thread: once it has, it starts afresh (by replay).
    while (r.releasing) await r.releasing;
    // A worker with work on its thread stays: this call waits behind that work (one live instance of a worker, ever).
    if (r.thread && this.hosts.neighbourBusy(r)) this.moveOut(r);
    if (r.thread) return r.ready;
    this.placement.noteReturn(id);
    const row = k.records.row(id);
    // A kill while this start waits (for the component or a slot) ends it: the worker stays interrupted.
    const kills = r.kills;
    r.starting += 1;
    try {
      const loaded = await k.components.load(row.componentName, row.version);
      if (r.thread) return r.ready;
      // A burst of wake-ups starts a few threads at a time, in the order they came.
      const release = await this.starts.acquire();
      if (!r.thread && !k.closed && r.kills === kills) {
        // Not placed beside others, nor others beside it.
        if (this.pinned(id)) r.solo = true;
        await this.placement.makeRoom(r, loaded.bindingsUrl);
      }
      if (r.thread || k.closed || this.residents.get(id) !== r || r.kills !== kills) {
        release();
        return r.thread ? r.ready : undefined;
      }
      return this.start(id, r, row, loaded, release);
    } finally {
      r.starting -= 1;
    }
  }

  /** Boots the worker's thread (a start slot is held: `release` frees it once recovery ended). */
  private start(
    id: string,
    r: Resident,
    row: ReturnType<Kernel['records']['row']>,
    loaded: Awaited<ReturnType<Kernel['components']['load']>>,
    release: () => void,
  ): Promise<void> {
    const k = this.k;
    // The new thread reads its history: everything posted so far must be in it.
    k.committer.flush();
    k.committer.revive(id);
    dropUnfinishedRegion(k, id);
    const probe = this.probes.get(id);
    const plain = k.records.isPlain(id);
    const host = this.placement.choose(r, loaded.bindingsUrl);
    const { init, channel, threadPort } = k.threads.init(row, loaded, {
      ...(probe ? { probe: threadProbe(probe) } : {}),
      ...(plain ? { plain: true } : {}),
      ...(this.hosts.roomAfter(r, host) ? { room: true } : {}),
    });
    k.threads.prepare(loaded);
    const thread = host ?? k.threads.assign(init, threadPort);
    if (host) k.threads.join(host, init, threadPort);
    r.thread = thread;
    r.run = init.run;
    r.recovered = false;
    r.stop = undefined;
    r.crash = undefined;
    clearTimeout(r.evictTimer);
    // A recovery after a kill or a crash says so; a new, evicted or woken worker's replay does not.
    const last = k.store.lastOf(id, LIFECYCLE_KINDS);
    r.cause = last?.kind === 'interrupted' ? last.reason : undefined;
    k.emit({ type: 'recovery', workerId: id, phase: 'started', total: k.store.length(id), cause: r.cause });
    let markReady!: () => void;
    r.ready = new Promise<void>((res) => (markReady = res));
    void r.ready.then(release);
    this.hosts.place(thread, r, {
      run: init.run,
      message: (m) => runMessage(k, { id, r, thread, channel, markReady }, m),
      exit: (cacheOnly) => {
        channel.close();
        markReady();
        if (r.thread !== thread) return;
        // Not the worker the thread ended for: only its instance is gone. It replays on next use, or now if it owes
        // calls (they run again from its oplog).
        if (cacheOnly) {
          r.clearThread();
          if (r.outstanding.size > 0) this.restart(id);
          return;
        }
        threadExit(k, id, r); // its clearThread answers a release asked of this thread
      },
    });
    r.dropHere = () => {
      markReady();
      this.hosts.drop(thread, r, init.run, channel);
    };
    // Leaves the thread, which goes on: back to the pool once no worker is left on it.
    r.handOver = () => {
      channel.close();
      markReady();
      this.hosts.leave(thread, r);
    };
    return r.ready;
  }

  /**
   * Lets go of a thread that is ending by design (suspended, awaiting a
   * retry): the worker may be woken before the thread has finished exiting.
   * Its outstanding invocations stay: they finish after the wake.
   */
  detach(r: Resident, thread: Worker, opts: { reuse?: boolean } = {}): void {
    const handOver = r.handOver;
    r.clearThread();
    r.stop = undefined;
    // A suspended worker's thread has unwound its guest: it takes the next worker.
    if (opts.reuse && handOver) handOver();
    else void thread.terminate();
  }

  /**
   * Asks an idle worker to leave its thread, which goes back to the pool; a
   * start meanwhile waits for the answer. The thread answers after every
   * message before the request, so nothing it owes is lost.
   */
  letGo(id: string): void {
    const r = this.residents.get(id);
    if (!r?.thread || r.releasing || !r.idle) return;
    // Its thread runs a neighbour: the answer would wait behind that call, so the idle worker is forgotten at once.
    if (this.hosts.neighbourBusy(r)) return this.forget(r);
    r.releasing = new Promise<void>((res) => {
      r.endRelease = () => {
        r.releasing = undefined;
        r.endRelease = undefined;
        res();
      };
    });
    r.thread.postMessage({ type: 'release', run: r.run });
  }

  /** Room for a start: a thread came back to the pool, or a worker left a shared one (hosts.ts leave). Wakes one waiting. */
  threadFreed(): void {
    this.placement.roomFreed();
  }

  /** Whether `run` on `thread` was dropped and has not left yet (its host calls are answered with a leave). */
  isDropping(thread: Worker, run: number): boolean {
    return this.hosts.isDropping(thread, run);
  }

  /** The thread answered a release (messages.ts): the worker has left it, or it was busy after all. */
  released(id: string, r: Resident, done: boolean): void {
    const end = r.endRelease;
    if (done) {
      const handOver = r.handOver;
      r.clearThread();
      if (this.k.statuses.get(id).status === 'running') this.k.statuses.set(id, 'idle');
      handOver?.();
    } else {
      this.scheduleEviction(id, r);
    }
    end?.();
  }

  scheduleEviction(id: string, r: Resident): void {
    clearTimeout(r.evictTimer);
    // A plain worker's memory is its only state: evicting it would empty it.
    if (r.outstanding.size > 0 || this.k.records.isPlain(id)) return;
    if (r.idle) this.placement.roomFreed();
    r.evictTimer = setTimeout(() => {
      if (r.outstanding.size === 0 && r.thread) this.letGo(id);
    }, this.k.idleEvictMs);
    r.evictTimer.unref();
  }

  /** Ends the worker's thread for `reason` (an idle worker beside others: only its instance); false if it had none. */
  async stopThread(id: string, reason: StopReason): Promise<boolean> {
    const r = this.residents.get(id);
    const thread = r?.thread;
    if (!r || !thread) return false;
    if (r.idle && this.hosts.shared(r)) {
      // Nothing of it runs: forgotten here, its instance dropped there, it is gone for real; its neighbours carry on.
      r.stop = reason;
      r.dropHere?.();
      threadExit(this.k, id, r);
      return true;
    }
    r.stop = reason;
    await new Promise<void>((res) => {
      thread.once('exit', () => res());
      void thread.terminate();
    });
    return true;
  }

  /** An idle worker leaves memory at once: its thread drops its instance at its next turn (hosts.ts drop). */
  private forget(r: Resident): void {
    r.dropHere?.();
    r.clearThread();
    if (this.k.statuses.get(r.id).status === 'running') this.k.statuses.set(r.id, 'idle');
  }

  /** A worker without work on a thread busy with a neighbour: it starts elsewhere by replay, on a thread of its own (hosts.ts). */
  private moveOut(r: Resident): void {
    this.moved += 1;
    r.dropHere?.();
    r.clearThread();
    r.solo = true;
  }

  /** Starts the thread again after it ended; a start that fails leaves the worker failed. */
  restart(id: string): void {
    void this.ensureThread(id).catch((e: Error) => this.k.statuses.set(id, 'failed', e.message));
  }
}
