'use client';
// One row of the oplog timeline (Timeline.tsx renders them in its window of rows).

import { memo } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { describeEntry } from './describe';
import { EntryRow, KindChip } from './EntryRow';
import { FAILURE_KINDS, formatTime, kindStyle } from './kinds';

/**
 * One entry's row, in the flow of its window (FixedRows). Memoized on what it
 * shows: a row whose entry and selection stay (the list rendering again for
 * its toolbar, a selection elsewhere) does not render again.
 */
export const TimelineRow = memo(function TimelineRow({
  entry: e,
  clock,
  selected,
  narrow,
  rowMark,
  onSelect,
}: {
  entry: OplogEntry;
  /** False in the server's HTML: the time is the browser's local time, filled in once the scripts run (same width). */
  clock: boolean;
  selected: boolean;
  narrow: boolean;
  rowMark?: (e: OplogEntry) => React.ReactNode;
  onSelect: (index: number) => void;
}) {
  const s = kindStyle(e.kind);
  const summary = describeEntry(e);
  return (
    <EntryRow
      entry={e}
      current={selected}
      currentClass="bg-indigo-50 dark:bg-indigo-950/60"
      className="cursor-pointer px-3"
      id={`oplog-${e.index}`}
      role="option"
      aria-selected={selected}
      data-testid="timeline-row"
      onClick={() => onSelect(e.index)}
    >
      <span className="w-14 shrink-0 text-right tabular text-zinc-600 dark:text-zinc-400">{e.index}</span>
      <KindChip kind={e.kind} />
      <span className="w-24 shrink-0 truncate text-zinc-600 dark:text-zinc-300" title={e.kind}>
        {s.label}
      </span>
      {/* Beside another view the time steps aside (the detail pane has it): the summary keeps room. */}
      {!narrow && <span className="w-24 shrink-0 tabular text-zinc-600 dark:text-zinc-400">{clock ? formatTime(e.timestamp) : ''}</span>}
      <span
        className={`min-w-0 flex-1 truncate ${FAILURE_KINDS.has(e.kind) ? 'text-red-600 dark:text-red-400' : 'text-zinc-800 dark:text-zinc-200'}`}
        data-testid="timeline-summary"
        title={summary}
      >
        {summary}
      </span>
      {rowMark?.(e)}
    </EntryRow>
  );
});
