'use client';
// The oplog timeline: virtualized (fixed row height), newest page first, older
// pages loaded on scroll-up without moving what is on screen, live entries
// appended while following the tail, server-side kind/text filter, keyboard
// navigation (↑/↓, j/k, Home/End), and a detail pane with the full entry.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { OplogEntry, OplogKind } from '@/lib/oplog/entry';
import { errorMessage, workerApi, workerClient } from '../api';
import { positionOf } from '@/lib/oplog/sorted';
import { observeHeight, useHydrated } from '../ui/hydrated';
import { ErrorBox, Spinner, inputBase } from '../ui/ui';
import { EntryDetail } from './EntryDetail';
import { FixedRows, ROW, StaticTail, rowsInView, scrollRowIntoView, tailSlots } from './EntryRow';
import { KindFilter } from './KindFilter';
import { mergeEntries, type LiveEntries } from './live';
import { backfill, filterQuery, matches, type Filter } from './query';
import { TimelineRow } from './TimelineRow';
import { plural } from '../ui/plural';
import { RELAYOUT_BOUNDARY } from '../ui/relayout';

const PAGE = 500;
const OVERSCAN = 12;
/**
 * Rows above the view while following the tail: every live batch replaces them
 * all, so few (enough for a wheel step up before the list renders again).
 */
const TAIL_OVERSCAN = 6;
/** Rows the server renders (bottom-aligned): more than a tall window shows. */
const STATIC_ROWS = 60;

export interface TimelineProps {
  component: string;
  name: string;
  live: LiveEntries;
  /** The newest page, loaded by the page before it opened the live stream. */
  initial: OplogEntry[];
  initialHasOlder: boolean;
  /** One line in the toolbar (the recovery note): it never covers a row. */
  status?: React.ReactNode;
  /** Something to show at the end of an entry's row (the recovery after an interruption). */
  rowMark?: (e: OplogEntry) => React.ReactNode;
  /** A narrower detail pane, when another view sits beside the list. */
  narrowDetail?: boolean;
}

export function Timeline({ component, name, live, initial, initialHasOlder, status, rowMark, narrowDetail }: TimelineProps) {
  const [entries, setEntries] = useState<OplogEntry[]>(initial);
  const [hasOlder, setHasOlder] = useState(initialHasOlder);
  const [loading, setLoading] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [kinds, setKinds] = useState<OplogKind[]>([]);
  const [textInput, setTextInput] = useState('');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [following, setFollowing] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const selectedRef = useRef<number | null>(null);
  selectedRef.current = selected;
  /** After a reload or a backfill: scroll this entry into view (and stop following the tail). */
  const revealRef = useRef<number | null>(null);

  const filter = useMemo<Filter>(() => ({ kinds, text }), [kinds, text]);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const scrollRef = useRef<HTMLDivElement>(null);
  const followRef = useRef(true);
  const prependRef = useRef(0);
  const loadingRef = useRef(false);
  const bufferRef = useRef<OplogEntry[]>([]);
  const pendingRef = useRef<OplogEntry[]>([]);
  const frameRef = useRef(0);
  const genRef = useRef(0);
  const base = workerApi(component, name);
  const client = useMemo(() => workerClient(component, name), [component, name]);

  // Debounced text search (server-side).
  useEffect(() => {
    const t = setTimeout(() => setText(textInput.trim()), 250);
    return () => clearTimeout(t);
  }, [textInput]);

  // Live entries: batched per animation frame; held back while a reload runs.
  useEffect(
    () =>
      live.subscribe((batch) => {
        if (loadingRef.current) {
          bufferRef.current.push(...batch);
          return;
        }
        pendingRef.current.push(...batch.filter((e) => matches(e, filterRef.current)));
        if (frameRef.current) return;
        frameRef.current = requestAnimationFrame(() => {
          frameRef.current = 0;
          const fresh = pendingRef.current.splice(0);
          if (fresh.length === 0) return;
          if (!followRef.current) setUnseen((n) => n + fresh.length);
          setEntries((prev) => mergeEntries(prev, fresh));
        });
      }),
    [live],
  );
  useEffect(() => () => cancelAnimationFrame(frameRef.current), []);

  // Reload when the filter changes (not on first render: the page gave us the newest page).
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const gen = ++genRef.current;
    loadingRef.current = true;
    bufferRef.current = [];
    setLoading(true);
    setError(null);
    const keep = selectedRef.current;
    client
      .oplog({ reverse: true, limit: PAGE, ...filter })
      .then(async (r) => {
        if (gen !== genRef.current) return;
        let page = r.entries.reverse();
        let older = filter.kinds.length || filter.text ? r.entries.length === PAGE : (page[0]?.index ?? 1) > 1;
        // The selected entry stays selected and in view when the filter changes (clearing a search).
        const oldest = page[0];
        if (keep !== null && older && oldest && keep < oldest.index) {
          const back = await backfill(base, filterQuery(filter), Math.max(1, keep - 50), oldest.index - 1);
          if (gen !== genRef.current) return;
          if (back) {
            page = mergeEntries(back.entries, page);
            older = back.hasOlder;
          }
        }
        const buffered = bufferRef.current.splice(0).filter((e) => matches(e, filter));
        const next = mergeEntries(page, buffered);
        const reveal = keep !== null && next.some((e) => e.index === keep);
        followRef.current = !reveal;
        setFollowing(!reveal);
        setUnseen(0);
        revealRef.current = reveal ? keep : null;
        setEntries(next);
        setHasOlder(older);
      })
      .catch((e) => gen === genRef.current && setError(errorMessage(e)))
      .finally(() => {
        if (gen !== genRef.current) return;
        loadingRef.current = false;
        setLoading(false);
      });
  }, [filter, base]);

  const olderRef = useRef(false);
  const loadOlder = useCallback(() => {
    const first = entriesRef.current[0];
    if (!first || olderRef.current || loadingRef.current || first.index <= 1) return;
    const gen = genRef.current;
    olderRef.current = true;
    setLoadingOlder(true);
    client
      .oplog({ reverse: true, limit: PAGE, to: first.index - 1, ...filterRef.current })
      .then((r) => {
        if (gen !== genRef.current) return;
        const older = r.entries.reverse();
        prependRef.current = older.length;
        setEntries((prev) => mergeEntries(older, prev));
        setHasOlder(r.entries.length === PAGE && (older[0]?.index ?? 1) > 1);
      })
      .catch((e) => setError(errorMessage(e)))
      .finally(() => {
        olderRef.current = false;
        setLoadingOlder(false);
      });
  }, [base]);

  // Scrolled up, the rows in view follow the scroll position; following the tail, they do not read it (tailSlots).
  const [scrollTop, setScrollTop] = useState(0);
  const hydrated = useHydrated();
  // Measured once and on resize, never per batch: the tail's rows are known from it (tailSlots).
  const [viewHeight, setViewHeight] = useState(0);
  // Before paint: the first rows after hydration are the tail's, never a blank frame.
  useLayoutEffect(() => (scrollRef.current ? observeHeight(scrollRef.current, setViewHeight) : undefined), []);
  const onSelect = useCallback((index: number) => {
    setSelected(index);
    scrollRef.current?.focus({ preventScroll: true });
  }, []);

  // Keep the view still when older rows are prepended; stick to the tail when following.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (revealRef.current !== null) {
      const idx = revealRef.current;
      revealRef.current = null;
      prependRef.current = 0;
      const pos = entriesRef.current.findIndex((e) => e.index === idx);
      if (pos >= 0) {
        el.scrollTop = Math.max(0, pos * ROW - el.clientHeight / 2);
        setScrollTop(el.scrollTop);
        return;
      }
    }
    if (prependRef.current > 0) {
      el.scrollTop += prependRef.current * ROW;
      prependRef.current = 0;
      // Before paint: the rows for the new position, not the old one's for a frame.
      if (!followRef.current) setScrollTop(el.scrollTop);
    } else if (followRef.current) {
      // Past the end is clamped to it: no layout is read per live batch.
      el.scrollTop = Number.MAX_SAFE_INTEGER;
    }
    if (!followRef.current && el.scrollHeight <= el.clientHeight) {
      // Nothing to scroll: everything is in view, so we are at the tail.
      followRef.current = true;
      setFollowing(true);
      setUnseen(0);
    }
  }, [entries, hydrated]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW;
    // Following, nothing renders per scroll (each live batch scrolls the list once).
    if (!atBottom) setScrollTop(el.scrollTop);
    if (atBottom !== followRef.current) {
      followRef.current = atBottom;
      setFollowing(atBottom);
      if (atBottom) setUnseen(0);
    }
    if (el.scrollTop < ROW * 8 && hasOlder) loadOlder();
  };

  const jumpToLatest = () => {
    followRef.current = true;
    setFollowing(true);
    setUnseen(0);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const posOf = (index: number | null) => (index === null ? -1 : positionOf(entries, (e) => e.index, index));

  const selectAt = (pos: number) => {
    const p = Math.max(0, Math.min(entries.length - 1, pos));
    const e = entries[p];
    if (!e) return;
    setSelected(e.index);
    // Scrolling there (if needed) fires onScroll, which decides whether we still follow the tail.
    const el = scrollRef.current;
    if (el) {
      scrollRowIntoView(el, p);
      setScrollTop(el.scrollTop);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const pos = posOf(selected);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW * 10) / ROW) - 1);
    const start = pos < 0 ? entries.length : pos;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        selectAt(pos < 0 ? entries.length - 1 : pos + 1);
        break;
      case 'ArrowUp':
      case 'k':
        selectAt(start - 1);
        break;
      case 'PageDown':
        selectAt(start + page);
        break;
      case 'PageUp':
        selectAt(start - page);
        break;
      case 'Home':
      case 'g':
        if (hasOlder) void goHome();
        else selectAt(0);
        break;
      case 'End':
      case 'G':
        selectAt(entries.length - 1);
        jumpToLatest();
        break;
      case 'Escape':
        setSelected(null);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  // Home reaches the first entry in one press: everything before the loaded pages is fetched first.
  const goHome = async () => {
    const first = entriesRef.current[0];
    if (!first || loadingRef.current) return;
    const gen = genRef.current;
    setLoadingOlder(true);
    const back = await backfill(base, filterQuery(filterRef.current), 1, first.index - 1).catch((e) => {
      setError(errorMessage(e));
      return null;
    });
    setLoadingOlder(false);
    if (!back || gen !== genRef.current) return;
    const next = mergeEntries(back.entries, entriesRef.current);
    setHasOlder(back.hasOlder);
    followRef.current = false;
    setFollowing(false);
    if (next[0]) {
      setSelected(next[0].index);
      revealRef.current = next[0].index;
    }
    setEntries(next);
  };

  // Keyed by entry in the server's tail, by place in the window once it scrolls (FixedRows): selection and
  // aria follow the entry either way (the list holds the focus, not its rows).
  const row = (e: OplogEntry, slot?: number) => (
    <TimelineRow
      key={slot ?? e.index}
      entry={e}
      clock={hydrated}
      selected={e.index === selected}
      narrow={!!narrowDetail}
      rowMark={rowMark}
      onSelect={onSelect}
    />
  );
  const rows = !hydrated ? (
    <StaticTail entries={entries} rows={STATIC_ROWS} row={row} />
  ) : (
    // Following the tail: its last rows, in the commit that appends them (not one scroll event later).
    <FixedRows
      entries={entries}
      row={row}
      slots={following ? tailSlots(entries.length, viewHeight, TAIL_OVERSCAN) : rowsInView(entries.length, scrollTop, viewHeight, OVERSCAN)}
    />
  );

  const selectedEntry = selected !== null ? entries[posOf(selected)] : undefined;
  const filtered = kinds.length > 0 || text !== '';

  // A relayout boundary: the toolbar's count and the rows, changed per live batch, are laid out inside it.
  return (
    <div className={`relative flex h-full min-h-0 flex-col ${RELAYOUT_BOUNDARY}`} data-testid="timeline">
      <div className="flex h-11 shrink-0 flex-nowrap items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
        <h2 className="mr-1 text-sm font-semibold">Oplog</h2>
        <KindFilter kinds={kinds} onChange={setKinds} />
        <input
          type="search"
          aria-label="Search the oplog"
          data-testid="timeline-search"
          className={`${inputBase} h-7 w-44 py-0 text-xs`}
          placeholder="Search entries…"
          value={textInput}
          onChange={(e) => setTextInput(e.target.value)}
        />
        <span className="grid w-3.5 shrink-0 place-items-center">
          {(loading || loadingOlder) && <Spinner className="h-3.5 w-3.5 text-zinc-400" />}
        </span>
        <div className="flex min-w-0 flex-1 justify-center">{status}</div>
        <span className="shrink-0 text-xs tabular text-zinc-600 dark:text-zinc-400" data-testid="timeline-count">
          {filtered ? `${entries.length}${hasOlder ? '+' : ''} matching` : plural(entries.at(-1)?.index ?? 0, 'entry', 'entries')}
        </span>
      </div>
      {error && (
        <div className="p-2">
          <ErrorBox message={error} />
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1">
          <div
            ref={scrollRef}
            onScroll={onScroll}
            onKeyDown={onKeyDown}
            tabIndex={0}
            role="listbox"
            aria-label="Oplog entries"
            aria-activedescendant={selected !== null ? `oplog-${selected}` : undefined}
            data-testid="timeline-scroll"
            className="h-full overflow-auto font-mono text-xs [contain:strict] focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500"
            style={{ overflowAnchor: 'none' }}
          >
            {entries.length === 0 && !loading ? (
              <div className="p-6 text-center font-sans text-sm text-zinc-500">
                {filtered ? 'No entries match this filter.' : 'No entries yet. Invoke a function and watch them arrive.'}
              </div>
            ) : (
              rows
            )}
          </div>
          {!following && (
            <button
              type="button"
              onClick={jumpToLatest}
              data-testid="jump-latest"
              className="absolute bottom-3 right-4 rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow-lg hover:bg-indigo-500"
            >
              ↓ {unseen > 0 ? `${unseen} new` : 'Latest'}
            </button>
          )}
        </div>
        <EntryDetail entry={selectedEntry} narrow={narrowDetail} />
      </div>
    </div>
  );
}
