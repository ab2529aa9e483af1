// Reading a worker's history the way the engine does (lib/oplog/history):
// invocations hidden by a revert (or a jump) are no longer part of it.

import type { OplogEntry } from '@/lib/oplog/entry';
import { History, type DropEntry, type InvokedEntry } from '@/lib/oplog/history';

export type { DropEntry, InvokedEntry };

/**
 * Given a worker's jump and revert entries (in index order), tells for an
 * entry which of them took it out of the history: the first that hides it by
 * the engine's rule (a jump leaves what the runtime recorded about queued
 * work), or undefined while the history holds it.
 */
export function dropMarker(drops: readonly DropEntry[]): (e: Pick<OplogEntry, 'index' | 'kind'>) => DropEntry | undefined {
  const each = drops.map((d) => [d, new History([d])] as const);
  return (e) => each.find(([, h]) => h.hides(e))?.[0];
}

/** The invocations still in the history, in oplog order. */
export function liveInvocations(entries: readonly OplogEntry[]): InvokedEntry[] {
  return new History(entries).invocations();
}

/** `add` for `demo:counter/api.{add}`, `api.add` or `add`. */
export function shortFunctionName(fn: string): string {
  const m = /\.\{([^}]+)\}$/.exec(fn);
  return m?.[1] ?? (fn.split('.').pop() || fn);
}

/** `add(5)`: an invocation as a short call. */
export function callText(e: InvokedEntry, max = 60): string {
  const args = e.args.map((a) => JSON.stringify(a)).join(', ');
  const s = `${shortFunctionName(e.functionName)}(${args})`;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
