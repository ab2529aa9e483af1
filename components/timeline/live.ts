// Live oplog entries of one worker, fanned out to the timeline and the console.
// The worker page feeds it from one SSE connection; entries arrive in order,
// without gaps, starting right after what the page loaded first.

import type { OplogEntry } from '@/lib/oplog/entry';

export type EntriesListener = (entries: OplogEntry[]) => void;

/**
 * While entries stream in, the views hear of them at most this often. Each
 * batch re-renders every row in view (at 1,000 entries/s the whole window is
 * new each time), so drawing them 60 times a second left no frame for the rest
 * of the page; a batch after a quiet spell is passed on at once.
 */
export const LIVE_INTERVAL_MS = 50;

export class LiveEntries {
  private listeners = new Set<EntriesListener>();
  private held: OplogEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = -Infinity;
  subscribe(l: EntriesListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(entries: OplogEntry[]): void {
    for (const e of entries) this.held.push(e);
    if (this.timer !== undefined) return;
    const wait = this.last + LIVE_INTERVAL_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }
  private flush(): void {
    this.timer = undefined;
    this.last = performance.now();
    const batch = this.held;
    this.held = [];
    for (const l of this.listeners) l(batch);
  }
}

/** Merges two ascending entry lists by index, without duplicates. */
export function mergeEntries(a: OplogEntry[], b: OplogEntry[]): OplogEntry[] {
  const aLast = a.at(-1);
  const bFirst = b[0];
  if (!bFirst) return a;
  if (!aLast) return b;
  if (bFirst.index > aLast.index) return a.concat(b);
  const byIndex = new Map<number, OplogEntry>();
  for (const e of a) byIndex.set(e.index, e);
  for (const e of b) byIndex.set(e.index, e);
  return [...byIndex.values()].sort((x, y) => x.index - y.index);
}
