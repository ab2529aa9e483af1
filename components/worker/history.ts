// Reading a worker's history the way the engine does: invocations hidden by a
// revert (or a jump) are no longer part of it.

import type { OplogEntry } from '@/lib/oplog/entry';

export type InvokedEntry = Extract<OplogEntry, { kind: 'exported-function-invoked' }>;

/** Ranges a revert or jump entry removed from the history. */
export function droppedRanges(entries: readonly OplogEntry[]): [number, number][] {
  const out: [number, number][] = [];
  for (const e of entries) if (e.kind === 'revert' || e.kind === 'jump') out.push([e.start, e.end]);
  return out;
}

/** The invocations still in the history, in oplog order. */
export function liveInvocations(entries: readonly OplogEntry[]): InvokedEntry[] {
  const dropped = droppedRanges(entries);
  return entries.filter((e): e is InvokedEntry => e.kind === 'exported-function-invoked' && !dropped.some(([a, b]) => e.index >= a && e.index <= b));
}

/** `add` for `demo:counter/api.{add}`, `api.add` or `add`. */
export function shortFunctionName(fn: string): string {
  const m = /\.\{([^}]+)\}$/.exec(fn);
  return m ? m[1] : fn.split('.').pop() || fn;
}

/** `add(5)`: an invocation as a short call. */
export function callText(e: InvokedEntry, max = 60): string {
  const args = e.args.map((a) => JSON.stringify(a)).join(', ');
  const s = `${shortFunctionName(e.functionName)}(${args})`;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
