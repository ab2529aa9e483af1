// The compact view's rows: each invocation, and under an expanded one its host
// calls, flattened for a virtualized list (one fixed-height row each).

import type { HostCall, InvocationModel, InvocationSpan } from '@/lib/oplog/invocations';

export type CompactRow = { type: 'span'; span: InvocationSpan; pos: number } | { type: 'call'; span: InvocationSpan; call: HostCall; nth: number } | { type: 'more'; span: InvocationSpan; hidden: number };

/** Host calls listed under an expanded invocation; the rest are counted. */
export const CALLS_SHOWN = 200;

export function flatten(model: InvocationModel, expanded: ReadonlySet<number>): CompactRow[] {
  const rows: CompactRow[] = [];
  model.spans.forEach((span, pos) => {
    rows.push({ type: 'span', span, pos });
    if (!expanded.has(span.start)) return;
    const n = Math.min(span.calls.length, CALLS_SHOWN);
    span.calls.slice(0, n).forEach((call, i) => rows.push({ type: 'call', span, call, nth: i }));
    if (span.calls.length > n) rows.push({ type: 'more', span, hidden: span.calls.length - n });
  });
  return rows;
}

/** The longest span: bars are drawn against it (log scale, so short ones stay visible). */
export function longest(model: InvocationModel, now: number): number {
  let max = 1;
  for (const s of model.spans) max = Math.max(max, (s.endedAt ?? now) - s.startedAt);
  return max;
}

export function barFraction(ms: number, max: number): number {
  return Math.max(0.02, Math.log1p(ms) / Math.log1p(max));
}

/** "add" from "demo:counter/api.{add}", "send" from "playground:http/client.send". */
export function shortName(fn: string): string {
  const braced = /\{([^}]*)\}$/.exec(fn);
  if (braced?.[1] !== undefined) return braced[1];
  const dot = fn.lastIndexOf('.');
  return dot >= 0 ? fn.slice(dot + 1) : fn;
}

export function msText(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
