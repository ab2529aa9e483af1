// Reading a worker's history the way the engine does (lib/oplog/history):
// invocations hidden by a revert (or a jump) are no longer part of it.

import type { OplogEntry } from '@/lib/oplog/entry';
import { History, type InvokedEntry } from '@/lib/oplog/history';

export type { InvokedEntry };

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
