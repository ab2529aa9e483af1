'use client';
// What the oplog lists share (the worker page's timeline, the replay's list):
// a virtualized column of fixed-height rows and each row's kind chip.

import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { HTMLAttributes, ReactNode, RefObject } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { kindStyle } from './kinds';

/** Rows of an oplog list all have this height (the virtualizer relies on it). */
export const ROW = 28;

/** A virtualizer over `count` rows of ROW pixels in the scrolling element `scrollRef`. */
export function useRowVirtualizer(count: number, scrollRef: RefObject<HTMLDivElement | null>, overscan: number) {
  // Renders after a scroll in React's own time, not synchronously inside the scroll event (flushSync): while
  // entries stream in and the list follows the tail, each scroll re-laid out the page once more per frame.
  return useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan, useFlushSync: false });
}

/** Rows by position and their top, as the virtualizer gives them. */
export type RowSlot = { index: number; start: number };

/**
 * The last rows of `count` that fill `height` pixels (and `overscan` more),
 * for a list scrolled to its end: known without reading the scroll position,
 * so a list following its tail renders the new rows in the same commit that
 * appends them, not one scroll event later.
 */
export function tailSlots(count: number, height: number, overscan: number): RowSlot[] {
  const from = Math.max(0, count - Math.ceil(height / ROW) - 1 - overscan);
  const out: RowSlot[] = [];
  for (let i = from; i < count; i++) out.push({ index: i, start: i * ROW });
  return out;
}

/**
 * The rows of `count` in view at `scrollTop` in `height` pixels (and `overscan`
 * more each side): rows of a fixed height need no virtualizer, whose
 * measurements are rebuilt for every row each time the count changes.
 */
export function rowsInView(count: number, scrollTop: number, height: number, overscan: number): RowSlot[] {
  const from = Math.max(0, Math.floor(scrollTop / ROW) - overscan);
  const to = Math.min(count, Math.ceil((scrollTop + height) / ROW) + overscan);
  const out: RowSlot[] = [];
  for (let i = from; i < to; i++) out.push({ index: i, start: i * ROW });
  return out;
}

/** Scrolls `el` the least that brings the row at `pos` wholly into view. */
export function scrollRowIntoView(el: HTMLElement, pos: number): void {
  const top = pos * ROW;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + ROW > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW - el.clientHeight;
}

/**
 * `slots` of `entries` in a column of `entries.length` fixed-height rows: the
 * window of rows sits at its first slot's place and its rows follow in the
 * flow, keyed by their place in the window (`row` gets it as `slot`, for its
 * key). A live batch or a scroll step then changes what the rows show, not
 * which rows exist: following the tail, a batch used to unmount every row in
 * view and mount as many (rows keyed by entry), each new row restyled and laid
 * out. Rows with focusable contents stay keyed by entry (VirtualRows).
 */
export function FixedRows({
  entries,
  slots,
  row,
}: {
  entries: OplogEntry[];
  slots: RowSlot[];
  row: (e: OplogEntry, slot: number) => ReactNode;
}) {
  return (
    <div style={{ height: entries.length * ROW, position: 'relative' }}>
      <div className="absolute left-0 right-0" style={{ top: slots[0]?.start ?? 0 }}>
        {slots.map((v, slot) => {
          const e = entries[v.index];
          return e && row(e, slot);
        })}
      </div>
    </div>
  );
}

/** The visible rows of `entries`, each placed where the virtualizer says. */
export function VirtualRows({
  virtualizer,
  entries,
  row,
}: {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  entries: OplogEntry[];
  row: (e: OplogEntry, top: number) => ReactNode;
}) {
  return (
    <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {virtualizer.getVirtualItems().map((v) => {
        const e = entries[v.index];
        return e && row(e, v.start);
      })}
    </div>
  );
}

/**
 * The last rows of `entries` without the virtualizer, bottom-aligned: what the
 * server renders and the browser shows until the scripts run (the virtualizer
 * needs the element's size). Scrolled to its end the virtual list puts the same
 * rows at the same places, so nothing moves when it takes over.
 */
export function StaticTail({ entries, rows, row }: { entries: OplogEntry[]; rows: number; row: (e: OplogEntry) => ReactNode }) {
  return <div className="flex h-full flex-col justify-end overflow-hidden">{entries.slice(-rows).map((e) => row(e))}</div>;
}

/**
 * One entry's row: `current` is highlighted with `currentClass`, the others hover; without `top`, in the flow
 * (StaticTail, FixedRows). Contained (its height is fixed): a change inside it is restyled and laid out inside it (not paint: a focused button keeps its ring).
 */
export function EntryRow({
  entry,
  top,
  current,
  currentClass,
  className,
  children,
  ...rest
}: {
  entry: OplogEntry;
  top?: number;
  current: boolean;
  currentClass: string;
  className: string;
  children: ReactNode;
} & HTMLAttributes<HTMLDivElement> &
  Record<`data-${string}`, string | undefined>) {
  return (
    <div
      {...rest}
      data-index={entry.index}
      data-kind={entry.kind}
      className={`${top === undefined ? 'relative shrink-0' : 'absolute left-0 right-0'} flex items-center [contain:layout_size_style] gap-2 border-b border-zinc-100 dark:border-zinc-800/60 ${className} ${current ? currentClass : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/40'}`}
      style={{ top, height: ROW }}
    >
      {children}
    </div>
  );
}

/** The entry kind's glyph on its colour. */
export function KindChip({ kind, small = false, className = '' }: { kind: OplogEntry['kind']; small?: boolean; className?: string }) {
  const s = kindStyle(kind);
  const size = small ? 'h-4 w-4 text-[10px]' : 'h-5 w-5 text-[11px]';
  return (
    <span className={`grid ${size} shrink-0 place-items-center rounded ${s.chip} ${className}`} aria-hidden>
      {s.glyph}
    </span>
  );
}
