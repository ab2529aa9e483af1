'use client';
// The compact view of a worker's history, beside the entry list: one row per
// invocation with a bar for its duration (log scale against the longest), the
// host calls it made as ticks on the bar (listed under it when expanded), and
// interruptions it was recovered from as amber marks. Virtualized, and kept up
// to date from the live entries, so it stays smooth at 100,000 entries.

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { emptyModel, foldEntries, functionIds, type InvocationModel } from '@/lib/oplog/invocations';
import type { OplogEntry } from '@/lib/oplog/entry';
import { errorMessage, workerClient } from '../../api';
import { observeHeight } from '../../ui/hydrated';
import { RELAYOUT_BOUNDARY } from '../../ui/relayout';
import { ErrorBox, Spinner, useNow } from '../../ui/ui';
import { ROW, rowsInView, tailSlots } from '../EntryRow';
import type { LiveEntries } from '../live';
import { barFraction, compactRows, Longest, msText, shortName, type CompactRow } from './rows';

const OVERSCAN = 12;
const TICKS = 24;

const OUTCOME_BAR = {
  completed: 'bg-emerald-500 dark:bg-emerald-600',
  error: 'bg-red-500 dark:bg-red-600',
  exited: 'bg-zinc-400 dark:bg-zinc-500',
  running: 'bg-indigo-500 animate-pulse',
};

export function CompactHistory({ component, name, live }: { component: string; name: string; live: LiveEntries }) {
  const model = useRef<InvocationModel>(emptyModel());
  const ids = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  // As the entry list: following, the last rows; scrolled up, the rows at the scroll position (all rows are ROW high).
  const [following, setFollowing] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(0);
  useLayoutEffect(() => (scrollRef.current ? observeHeight(scrollRef.current, setViewHeight) : undefined), []);

  // Live entries are folded in at most once a frame; those before the load are kept and folded after it.
  useEffect(() => {
    const held: OplogEntry[] = [];
    let frame = 0;
    let ready = false;
    const flush = () => {
      frame = 0;
      if (foldEntries(model.current, held.splice(0), ids.current)) setVersion((v) => v + 1);
    };
    const off = live.subscribe((batch) => {
      held.push(...batch);
      if (ready && !frame) frame = requestAnimationFrame(flush);
    });
    workerClient(component, name)
      .invocations()
      .then((m) => {
        model.current = m;
        ids.current = functionIds(m);
        ready = true;
        flush();
        setLoaded(true);
        setVersion((v) => v + 1);
      })
      .catch((e) => setError(errorMessage(e)));
    return () => {
      off();
      cancelAnimationFrame(frame);
    };
  }, [component, name, live]);

  const spans = model.current.spans;
  const running = spans.length > 0 && spans.at(-1)?.outcome === undefined;
  const now = useNow(running, 500);
  // The model is changed in place; `version` says when.
  const rows = useMemo(() => compactRows(model.current, expanded), [version, expanded]);
  const longest = useRef(new Longest());
  const max = useMemo(() => longest.current.of(model.current, now), [version, now]);

  // No virtualizer: it rebuilt a measurement for every invocation (16,000 at 100,000 entries) on each new one.
  const slots = following ? tailSlots(rows.count, viewHeight, OVERSCAN) : rowsInView(rows.count, scrollTop, viewHeight, OVERSCAN);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    // Past the end is clamped to it: no layout is read per live batch.
    if (el && follow.current) el.scrollTop = Number.MAX_SAFE_INTEGER;
  }, [rows]);

  const toggle = useCallback(
    (start: number) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(start)) next.delete(start);
        else next.add(start);
        return next;
      }),
    [],
  );

  return (
    // A relayout boundary: the count and a new bar are laid out inside it.
    <div className={`relative flex h-full min-h-0 flex-col ${RELAYOUT_BOUNDARY}`} data-testid="compact-history">
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">Invocations</h2>
        {!loaded && !error && <Spinner className="h-3.5 w-3.5 text-zinc-400" />}
        <span className="ml-auto mr-7 text-xs tabular text-zinc-600 dark:text-zinc-400" data-testid="compact-count">
          {loaded ? `${spans.length.toLocaleString('en')}` : ''}
        </span>
      </div>
      {error && (
        <div className="p-2">
          <ErrorBox message={error} testId="compact-error" />
        </div>
      )}
      <div
        ref={scrollRef}
        onScroll={() => {
          const el = scrollRef.current;
          if (!el) return;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW;
          if (follow.current !== following) setFollowing(follow.current);
          if (!follow.current) setScrollTop(el.scrollTop);
        }}
        className="min-h-0 flex-1 overflow-auto text-xs [contain:strict]"
        role="list"
        aria-label="Invocations, with the host calls each made"
        style={{ overflowAnchor: 'none' }}
      >
        {loaded && spans.length === 0 ? (
          <p className="p-4 text-center text-sm text-zinc-500">No invocations yet.</p>
        ) : (
          <div style={{ height: rows.count * ROW, position: 'relative' }}>
            {slots.map((v) => {
              const row = rows.at(v.index);
              return (
                <Row
                  key={v.index}
                  row={row}
                  state={rowState(row)}
                  top={v.start}
                  max={max}
                  now={row.type === 'span' && row.span.outcome === undefined ? now : 0}
                  open={row.type === 'span' && expanded.has(row.span.start)}
                  onToggle={toggle}
                  functions={model.current.functions}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * What a row shows that can change while it is on screen: spans are updated
 * in place by the live fold, so the row's memo compares this, not the span.
 */
function rowState(row: CompactRow): string {
  if (row.type !== 'span') return row.type === 'call' ? `c${row.call[0]}` : `m${row.hidden}`;
  const s = row.span;
  return `${s.start}:${s.calls.length}:${s.endedAt ?? ''}:${s.outcome ?? ''}:${s.interruptions.length}`;
}

/** A row renders again only when its position, the scale, the clock (if it runs) or its `state` moved: not per live batch. */
const Row = memo(
  RowView,
  (a, b) =>
    a.state === b.state &&
    a.top === b.top &&
    a.max === b.max &&
    a.now === b.now &&
    a.open === b.open &&
    a.onToggle === b.onToggle &&
    a.functions === b.functions &&
    a.row.type === b.row.type &&
    a.row.span === b.row.span,
);

function RowView({
  row,
  top,
  max,
  now,
  open,
  onToggle,
  functions,
}: {
  row: CompactRow;
  state: string;
  top: number;
  max: number;
  now: number;
  open: boolean;
  onToggle: (start: number) => void;
  functions: string[];
}) {
  const style = { top, height: ROW };
  // Contained (fixed height): the running invocation's bar and duration, redrawn per batch, are laid out inside their row.
  // Rows stay keyed by position, not by place in the window as the entry list's: they hold a button, and focus stays with its invocation.
  const base =
    'absolute left-0 right-0 flex items-center gap-2 border-b border-zinc-100 px-2 [contain:layout_size_style] dark:border-zinc-800/60';
  if (row.type === 'more') {
    return (
      <div role="listitem" className={`${base} pl-8 text-zinc-600 dark:text-zinc-400`} style={style}>
        … {row.hidden.toLocaleString('en')} more host calls (see the entry list)
      </div>
    );
  }
  if (row.type === 'call') {
    const [index, fn, at] = row.call;
    const offset = at - row.span.startedAt;
    return (
      <div
        role="listitem"
        data-testid="compact-call"
        data-index={index}
        className={`${base} pl-8 font-mono`}
        style={style}
        title={`#${index} ${functions[fn]} at +${msText(offset)}`}
      >
        <span className="w-12 shrink-0 text-right tabular text-zinc-600 dark:text-zinc-400">{index}</span>
        <span className="min-w-0 flex-1 truncate text-zinc-800 dark:text-zinc-200">{functions[fn]}</span>
        <span className="shrink-0 tabular text-zinc-600 dark:text-zinc-400">+{msText(offset)}</span>
      </div>
    );
  }
  const s = row.span;
  const ms = (s.endedAt ?? now) - s.startedAt;
  const outcome = s.outcome ?? 'running';
  const ticks = s.calls.length <= TICKS ? s.calls : s.calls.filter((_, i) => i % Math.ceil(s.calls.length / TICKS) === 0);
  const frac = barFraction(ms, max);
  return (
    <div
      role="listitem"
      data-testid="compact-span"
      data-start={s.start}
      data-outcome={outcome}
      data-calls={s.calls.length}
      className={`${base} hover:bg-zinc-50 dark:hover:bg-zinc-800/40`}
      style={style}
    >
      <button
        type="button"
        onClick={() => onToggle(s.start)}
        disabled={s.calls.length === 0}
        aria-expanded={s.calls.length ? open : undefined}
        aria-label={`${open ? 'Hide' : 'Show'} the ${s.calls.length} host calls of ${shortName(s.functionName)} (#${s.start})`}
        title={s.calls.length === 0 ? 'No host calls' : undefined}
        className="grid h-5 w-5 shrink-0 place-items-center rounded text-zinc-600 hover:bg-zinc-200 disabled:opacity-30 dark:text-zinc-300 dark:hover:bg-zinc-700"
      >
        {open ? '▾' : '▸'}
      </button>
      <span
        className="w-20 shrink-0 truncate font-mono text-zinc-800 dark:text-zinc-200"
        title={`${s.functionName} · #${s.start}${s.end ? `–#${s.end}` : ''} · ${s.calls.length} host calls`}
      >
        {shortName(s.functionName)}
      </span>
      <span className="relative h-3 min-w-0 flex-1 rounded-sm bg-zinc-100 dark:bg-zinc-800" aria-hidden>
        <span className={`absolute inset-y-0 left-0 rounded-sm ${OUTCOME_BAR[outcome]}`} style={{ width: `${frac * 100}%` }} />
        {ticks.map(([i, , at]) => (
          <span
            key={i}
            className="absolute inset-y-0 w-px bg-white/90 dark:bg-zinc-950/80"
            style={{ left: `${frac * 100 * (ms > 0 ? Math.min(1, (at - s.startedAt) / ms) : 0)}%` }}
          />
        ))}
        {s.interruptions.length > 0 && (
          <span
            className="absolute -top-0.5 right-0 h-4 w-1.5 rounded-sm bg-amber-500"
            title={`recovered from ${s.interruptions.length} interruption(s)`}
          />
        )}
      </span>
      <span className="w-14 shrink-0 text-right tabular text-zinc-700 dark:text-zinc-300" data-testid="compact-duration">
        {msText(ms)}
      </span>
      <span className="w-8 shrink-0 text-right tabular text-zinc-600 dark:text-zinc-400" title="host calls">
        {s.calls.length || ''}
      </span>
    </div>
  );
}
