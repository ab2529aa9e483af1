// The runtime is the oplog's only writer. Worker threads post their entries;
// entries posted in the same turn of the event loop, from any number of
// workers, are committed in one SQLite transaction (group commit). Whatever
// depends on them being durable (answering a caller, sending an HTTP request)
// runs after that commit.

import type { OplogEntry, OplogEntryBody } from '../oplog/entry';
import type { OplogStore } from '../store/oplog-store';

type Item = { kind: 'append'; workerId: string; bodies: OplogEntryBody[] } | { kind: 'then'; run: () => void };

export interface CommitHooks {
  /** Called with each worker's committed entries, in order. */
  committed(workerId: string, entries: OplogEntry[]): void;
  /**
   * A crash point for tests and debugging: the last index of this worker that
   * may be written before its thread is killed, or undefined.
   */
  killPoint(workerId: string): number | undefined;
  /** The crash point was reached: kill the worker's thread now. */
  reachedKillPoint(workerId: string): void;
}

export class GroupCommitter {
  private queue: Item[] = [];
  private scheduled = false;
  private readonly dead = new Set<string>();

  constructor(
    private readonly store: OplogStore,
    private readonly hooks: CommitHooks,
  ) {}

  enqueue(workerId: string, bodies: OplogEntryBody[]): void {
    if (this.dead.has(workerId) || bodies.length === 0) return;
    this.queue.push({ kind: 'append', workerId, bodies });
    this.schedule();
  }

  /** Runs `fn` once everything enqueued before it is durable. */
  then(fn: () => void): void {
    this.queue.push({ kind: 'then', run: fn });
    this.schedule();
  }

  revive(workerId: string): void {
    this.dead.delete(workerId);
  }

  /** Appends now (after everything queued), for the runtime's own entries. */
  appendNow(workerId: string, bodies: OplogEntryBody[]): OplogEntry[] {
    this.flush();
    const entries = this.store.append(workerId, bodies);
    this.hooks.committed(workerId, entries);
    return entries;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      // Commit every append up to the first callback, then run callbacks.
      const appends: { workerId: string; bodies: OplogEntryBody[] }[] = [];
      while (this.queue[0]?.kind === 'append') {
        const a = this.queue.shift() as Extract<Item, { kind: 'append' }>;
        if (!this.dead.has(a.workerId)) appends.push(a);
      }
      if (appends.length > 0) this.commit(appends);
      while (this.queue[0]?.kind === 'then') (this.queue.shift() as Extract<Item, { kind: 'then' }>).run();
    }
  }

  private commit(appends: { workerId: string; bodies: OplogEntryBody[] }[]): void {
    const killed: string[] = [];
    const room = new Map<string, number>();
    const batches = appends.map(({ workerId, bodies }) => {
      if (this.dead.has(workerId)) return { workerId, bodies: [] };
      const k = this.hooks.killPoint(workerId);
      if (k === undefined) return { workerId, bodies };
      // Room left before the kill point, counting batches earlier in this commit.
      const left = room.get(workerId) ?? k - this.store.length(workerId);
      room.set(workerId, left - bodies.length);
      // Reaching k exactly kills too: nothing may happen after k is durable.
      if (left > bodies.length) return { workerId, bodies };
      killed.push(workerId);
      this.dead.add(workerId);
      return { workerId, bodies: bodies.slice(0, Math.max(0, left)) };
    });
    const written = this.store.appendMany(batches);
    for (const [i, entries] of written.entries()) if (entries.length > 0) this.hooks.committed(batches[i]!.workerId, entries); // one result per batch
    for (const id of killed) {
      this.queue = this.queue.filter((i) => i.kind !== 'append' || i.workerId !== id);
      this.hooks.reachedKillPoint(id);
    }
  }
}
