// What a Chrome trace (bench/ui-history's BENCH_TRACE) says the page laid out
// and restyled: per layout, the layout objects it had to lay out (dirty) of
// those in the tree, and per style recalc, the elements it restyled; and how
// many layouts script forced (run inside a script's call: a layout read or a
// scrollTop write before the frame's own layout). Per layout also its root: the
// document, or a relayout boundary (a box Chrome may lay out alone: contained
// for size and layout, or of fixed size and clipping, and not a flex or grid
// item). A trace taken with invalidation tracking (bench/ui-history's
// BENCH_TRACE_INVALIDATIONS=1) also says which nodes' changes were pending
// when the document was the root: what to look at to find the boundary a
// change crossed. These counts do not depend on the machine's load, so they
// compare a change with its control where frame times cannot.
// Run: node --import tsx bench/trace.ts trace.json [more.json …]

import { readFileSync } from 'node:fs';
import { pct } from './stats';

type Event = { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid?: number; args?: Record<string, unknown> };
type Data = { dirtyObjects?: number; totalObjects?: number; elementCount?: number };
type Root = { nodeName?: string };
type Invalidation = { nodeName?: string; reason?: string };
/** Script run by the page's main thread: a layout inside one of these was forced by it. */
const SCRIPT = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'EvaluateScript']);

export interface TraceStats {
  seconds: number;
  layouts: number;
  forced: number;
  dirty: number[];
  total: number[];
  /** Each layout's thread time (µs): the CPU it took, without the time the thread waited for a core. */
  cpu: number[];
  recalcs: number;
  elements: number[];
  /** Layouts by their root's name (`#document`, or the boundary's tag and class). */
  roots: Map<string, number>;
  /** Layouts rooted at the document: in how many of them each (reason, node) was pending. */
  atDocument: Map<string, number>;
}

export function traceStats(file: string): TraceStats {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: Event[] } | Event[];
  const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
  const s: TraceStats = {
    seconds: 0,
    layouts: 0,
    forced: 0,
    dirty: [],
    total: [],
    cpu: [],
    recalcs: 0,
    elements: [],
    roots: new Map(),
    atDocument: new Map(),
  };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let pending = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  const calls = events.filter((e) => SCRIPT.has(e.name) && e.ph === 'X' && e.dur !== undefined);
  const inScript = (e: Event) => calls.some((c) => c.tid === e.tid && c.ts <= e.ts && e.ts < c.ts + c.dur!);
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.name === 'LayoutInvalidationTracking') {
      const d = (e.args?.data ?? {}) as Invalidation;
      pending.add(`${d.reason ?? '?'} · ${(d.nodeName ?? '?').slice(0, 110)}`);
      continue;
    }
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
      if (e.ph === 'X' && e.tdur !== undefined) s.cpu.push(e.tdur);
      const roots = ((args.endData as { layoutRoots?: Root[] } | undefined)?.layoutRoots ?? []).map((r) => r.nodeName ?? '?');
      for (const r of roots) bump(s.roots, r.slice(0, 110));
      // No root data in the event (an older Chrome, another trace category): unknown, not "a boundary".
      if (roots.length === 0) bump(s.roots, '(unknown)');
      if (roots.includes('#document')) for (const k of pending) bump(s.atDocument, k);
      pending = new Set();
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
  // Chrome counts these per root, and where roots nest (a row inside a list, both marked) the inner one's objects
  // twice (its own TODO, crbug 509141): a page of boundaries shows more here than it lays out. Thread time does not.
  row(
    `${label}: layout objects laid out per layout p50 / p90 / max`,
    dist(s.dirty),
    `of ${pct(s.total, 50)} in the tree (nested roots: twice)`,
  );
  const msOf = (us: number) => (us / 1000).toFixed(2);
  row(
    `${label}: layout thread time p50 / p90 per layout; per second`,
    `${msOf(pct(s.cpu, 50))} / ${msOf(pct(s.cpu, 90))} ms; ${msOf(sum(s.cpu) / (s.seconds || 1))} ms`,
  );
  row(`${label}: layout objects laid out per second`, (sum(s.dirty) / (s.seconds || 1)).toFixed(0));
  row(`${label}: style recalcs; elements restyled p50 / p90 / max`, `${s.recalcs}; ${dist(s.elements)}`);
  row(`${label}: elements restyled per second`, (sum(s.elements) / (s.seconds || 1)).toFixed(0));
  const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  row(
    `${label}: layouts rooted at the document / at a boundary / unknown`,
    `${s.roots.get('#document') ?? 0} / ${s.layouts - (s.roots.get('#document') ?? 0) - (s.roots.get('(unknown)') ?? 0)} / ${s.roots.get('(unknown)') ?? 0}`,
  );
  for (const [r, n] of byCount(s.roots)
    .filter(([r]) => r !== '#document' && r !== '(unknown)')
    .slice(0, 5))
    console.log(`   ${String(n).padStart(5)}  rooted at ${r}`);
  if (s.atDocument.size) {
    console.log(`   changes pending in the layouts rooted at the document (in how many of them), top 15:`);
    for (const [k, n] of byCount(s.atDocument).slice(0, 15)) console.log(`   ${String(n).padStart(5)}  ${k}`);
  }
}

if (process.argv[1]?.endsWith('trace.ts')) {
  const row = (name: string, value: string, note = '') => console.log(`${name.padEnd(64)} ${value.padStart(16)}   ${note}`);
  for (const f of process.argv.slice(2)) printTraceStats(f, traceStats(f), row);
}
