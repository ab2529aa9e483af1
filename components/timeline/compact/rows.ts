// The compact view's rows: each invocation, and under an expanded one its host
// calls, for a virtualized list (one fixed-height row each). Rows are found by
// position without building the list: a live batch costs the number of
// expanded invocations, not the number of invocations (100,000 entries stay smooth).

import type { HostCall, InvocationModel, InvocationSpan } from '@/lib/oplog/invocations';
import { positionOf } from '@/lib/oplog/sorted';

export type CompactRow =
  | { type: 'span'; span: InvocationSpan; pos: number }
  | { type: 'call'; span: InvocationSpan; call: HostCall; nth: number }
  | { type: 'more'; span: InvocationSpan; hidden: number };

/** Host calls listed under an expanded invocation; the rest are counted. */
export const CALLS_SHOWN = 200;

export interface CompactRows {
  count: number;
  at(i: number): CompactRow;
}

/** The rows of `model` with the invocations whose start index is in `expanded` opened. */
export function compactRows(model: InvocationModel, expanded: ReadonlySet<number>): CompactRows {
  const spans = model.spans;
  // The expanded invocations by position, each with how many rows it adds under itself.
  const open: { pos: number; extra: number }[] = [];
  for (const start of expanded) {
    const pos = positionOf(spans, (s) => s.start, start); // spans are in start order
    if (pos < 0) continue;
    const n = Math.min(spans[pos]!.calls.length, CALLS_SHOWN);
    open.push({ pos, extra: n + (spans[pos]!.calls.length > n ? 1 : 0) });
  }
  open.sort((a, b) => a.pos - b.pos);
  const count = spans.length + open.reduce((n, o) => n + o.extra, 0);
  return {
    count,
    at(i) {
      let before = 0;
      for (const o of open) {
        const row = o.pos + before;
        if (i <= row) break;
        if (i <= row + o.extra) {
          const span = spans[o.pos]!;
          const nth = i - row - 1;
          return nth < Math.min(span.calls.length, CALLS_SHOWN)
            ? { type: 'call', span, call: span.calls[nth]!, nth }
            : { type: 'more', span, hidden: span.calls.length - CALLS_SHOWN };
        }
        before += o.extra;
      }
      return { type: 'span', span: spans[i - before]!, pos: i - before };
    },
  };
}

/**
 * The longest span, kept up to date as spans are appended or end: bars are
 * drawn against it (log scale, so short ones stay visible). Only spans not
 * yet ended are looked at again.
 */
export class Longest {
  private ended = 1;
  /** Spans before this position have all ended and are counted in `ended`. */
  private scanned = 0;
  private model?: InvocationModel;

  of(model: InvocationModel, now: number): number {
    if (model !== this.model) {
      this.model = model;
      this.ended = 1;
      this.scanned = 0;
    }
    const spans = model.spans;
    let max = this.ended;
    let settled = true;
    for (let i = this.scanned; i < spans.length; i++) {
      const s = spans[i]!;
      const ms = (s.endedAt ?? now) - s.startedAt;
      max = Math.max(max, ms);
      if (s.endedAt !== undefined && settled) {
        this.ended = Math.max(this.ended, ms);
        this.scanned = i + 1;
      } else settled = false;
    }
    return max;
  }
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
