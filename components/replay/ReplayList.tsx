'use client';
// The oplog as the replay sees it: one row per entry (virtualized), the entry
// just replayed highlighted and kept in view, a gutter to toggle index
// breakpoints, and entries not yet replayed dimmed.

import { useEffect, useRef } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { countAtOrBefore } from '@/lib/oplog/sorted';
import { describeEntry } from '../timeline/describe';
import { EntryRow, KindChip, VirtualRows, useRowVirtualizer } from '../timeline/EntryRow';
import { FAILURE_KINDS, kindStyle } from '../timeline/kinds';
import type { Breakpoints } from './useBreakpoints';

interface Props {
  entries: OplogEntry[];
  /** Index of the entry just replayed (0: none yet). */
  current: number;
  /** Index breakpoints: shown and toggled in the gutter. */
  breakpoints: Pick<Breakpoints, 'indices' | 'toggleIndex'>;
  onPick: (index: number) => void;
  /** What-if overrides: these rows show the response the replay will use instead of the recorded one. */
  overrides?: ReadonlyMap<number, unknown>;
}

export function ReplayList({ entries, current, breakpoints, onPick, overrides }: Props) {
  const { indices, toggleIndex } = breakpoints;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer(entries.length, scrollRef, 20);

  // Keep the current entry in view.
  useEffect(() => {
    const pos = countAtOrBefore(entries, (e) => e.index, current) - 1;
    if (pos >= 0) virtualizer.scrollToIndex(pos, { align: 'auto' });
    else if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [current, entries, virtualizer]);

  return (
    <div
      ref={scrollRef}
      data-testid="replay-list"
      className="h-full overflow-auto font-mono text-xs"
      role="list"
      aria-label="Oplog entries"
    >
      <VirtualRows
        virtualizer={virtualizer}
        entries={entries}
        row={(e, top) => {
          const s = kindStyle(e.kind);
          const isCur = e.index === current;
          const replayed = e.index <= current;
          const hasBp = indices.has(e.index);
          const overridden = overrides?.has(e.index) ?? false;
          const summary = overridden
            ? `what if → ${JSON.stringify(overrides?.get(e.index))} (recorded: ${describeEntry(e)})`
            : describeEntry(e);
          return (
            <EntryRow
              key={e.index}
              entry={e}
              top={top}
              current={isCur}
              currentClass="bg-indigo-100 ring-1 ring-inset ring-indigo-400 dark:bg-indigo-950 dark:ring-indigo-700"
              className="pr-3"
              role="listitem"
              data-testid="replay-row"
              data-current={isCur ? 'true' : undefined}
              aria-current={isCur ? 'step' : undefined}
            >
              <button
                type="button"
                data-testid="bp-gutter"
                aria-label={`${hasBp ? 'Remove' : 'Add'} breakpoint at entry ${e.index}`}
                aria-pressed={hasBp}
                title={hasBp ? 'Remove breakpoint' : 'Break at this entry'}
                onClick={() => toggleIndex(e.index)}
                className="group grid h-full w-6 shrink-0 place-items-center"
              >
                <span
                  className={`h-2.5 w-2.5 rounded-full ${hasBp ? 'bg-red-500' : 'bg-transparent group-hover:bg-red-300/60 dark:group-hover:bg-red-800/70'}`}
                />
              </button>
              <span className="w-4 shrink-0 text-indigo-600 dark:text-indigo-400" aria-hidden>
                {isCur ? '▸' : ''}
              </span>
              <button
                type="button"
                onClick={() => onPick(e.index)}
                className="flex min-w-0 flex-1 items-center gap-2 text-left"
                title="Use this index as the target"
              >
                <span className="w-12 shrink-0 text-right tabular text-zinc-500 dark:text-zinc-400">{e.index}</span>
                {/* Not replayed yet: greyed chip and softer text, still readable (AA), instead of a faded row. */}
                <KindChip kind={e.kind} className={replayed ? '' : 'grayscale'} />
                <span
                  className={`w-24 shrink-0 truncate ${replayed ? 'text-zinc-700 dark:text-zinc-300' : 'text-zinc-600 dark:text-zinc-400'}`}
                  title={e.kind}
                >
                  {s.label}
                </span>
                <span
                  data-testid={overridden ? 'replay-row-override' : undefined}
                  className={`min-w-0 flex-1 truncate ${overridden ? 'text-amber-800 dark:text-amber-300' : FAILURE_KINDS.has(e.kind) ? 'text-red-700 dark:text-red-400' : replayed ? 'text-zinc-900 dark:text-zinc-100' : 'text-zinc-600 dark:text-zinc-400'}`}
                  title={summary}
                >
                  {summary}
                </span>
              </button>
            </EntryRow>
          );
        }}
      />
    </div>
  );
}
