// What a Chrome trace (bench/ui-history's BENCH_TRACE) says the page laid out
// and restyled: per layout, the layout objects it had to lay out (dirty) of
// those in the tree, and per style recalc, the elements it restyled; and how
// many layouts script forced (run inside a script's call: a layout read or a
// scrollTop write before the frame's own layout). These counts do not depend
// on the machine's load, so they compare a change with its control where
// frame times cannot.
// Run: node --import tsx bench/trace.ts trace.json [more.json …]

import { readFileSync } from 'node:fs';
import { pct } from './stats';

type Event = { name: string; ph: string; ts: number; dur?: number; tid?: number; args?: Record<string, unknown> };
type Data = { dirtyObjects?: number; totalObjects?: number; elementCount?: number };
/** Script run by the page's main thread: a layout inside one of these was forced by it. */
const SCRIPT = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'EvaluateScript']);

export interface TraceStats {
  seconds: number;
  layouts: number;
  forced: number;
  dirty: number[];
  total: number[];
  recalcs: number;
  elements: number[];
}

export function traceStats(file: string): TraceStats {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: Event[] } | Event[];
  const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
  const s: TraceStats = { seconds: 0, layouts: 0, forced: 0, dirty: [], total: [], recalcs: 0, elements: [] };
  let first = Infinity;
  let last = -Infinity;
  const calls = events.filter((e) => SCRIPT.has(e.name) && e.ph === 'X' && e.dur !== undefined);
  const inScript = (e: Event) => calls.some((c) => c.tid === e.tid && c.ts <= e.ts && e.ts < c.ts + c.dur!);
  for (const e of events) {
    if (e.name !== 'Layout' && e.name !== 'UpdateLayoutTree') continue;
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts);
    const args = e.args ?? {};
    const begin = (args.beginData ?? {}) as Data;
    if (e.name === 'Layout' && (e.ph === 'X' || e.ph === 'B')) {
      s.layouts++;
      if (inScript(e)) s.forced++;
      s.dirty.push(begin.dirtyObjects ?? 0);
      s.total.push(begin.totalObjects ?? 0);
    }
    // The element count comes with the event's end (an X event, or the E of a B/E pair).
    if (e.name === 'UpdateLayoutTree' && (e.ph === 'X' || e.ph === 'E')) {
      const n = (args.elementCount ?? (args.endData as Data | undefined)?.elementCount) as number | undefined;
      if (n === undefined) continue;
      s.recalcs++;
      s.elements.push(n);
    }
  }
  s.seconds = last > first ? (last - first) / 1e6 : 0;
  return s;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const dist = (xs: number[]) => (xs.length ? `${pct(xs, 50)} / ${pct(xs, 90)} / ${Math.max(...xs)}` : '-');

export function printTraceStats(label: string, s: TraceStats, row: (name: string, value: string, note?: string) => void): void {
  row(`${label}: layouts (forced by script) over ${s.seconds.toFixed(1)} s`, `${s.layouts} (${s.forced})`);
  row(`${label}: layout objects laid out per layout p50 / p90 / max`, dist(s.dirty), `of ${pct(s.total, 50)} in the tree`);
  row(`${label}: layout objects laid out per second`, (sum(s.dirty) / (s.seconds || 1)).toFixed(0));
  row(`${label}: style recalcs; elements restyled p50 / p90 / max`, `${s.recalcs}; ${dist(s.elements)}`);
  row(`${label}: elements restyled per second`, (sum(s.elements) / (s.seconds || 1)).toFixed(0));
}

if (process.argv[1]?.endsWith('trace.ts')) {
  const row = (name: string, value: string, note = '') => console.log(`${name.padEnd(64)} ${value.padStart(16)}   ${note}`);
  for (const f of process.argv.slice(2)) printTraceStats(f, traceStats(f), row);
}
