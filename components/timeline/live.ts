// Live oplog entries of one worker, fanned out to the timeline and the console.
// The worker page feeds it from one SSE connection; entries arrive in order,
// without gaps, starting right after what the page loaded first.

import type { OplogEntry } from '@/lib/oplog/entry';

export type EntriesListener = (entries: OplogEntry[]) => void;

export class LiveEntries {
  private listeners = new Set<EntriesListener>();
  subscribe(l: EntriesListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(entries: OplogEntry[]): void {
    for (const l of this.listeners) l(entries);
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
