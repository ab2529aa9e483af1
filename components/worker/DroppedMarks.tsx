'use client';
// Entries a revert or a jump took out of the worker's history stay in its
// oplog, for the record: the timeline still lists them. A mark on each such
// row says which entry dropped it, so nobody reads a reverted invocation as
// part of what the worker did. Which entries are hidden is the engine's own
// rule (lib/oplog/history, through components/worker/history.ts).

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { workerApi, workerClientAt } from '../api';
import { DROP_KINDS, isDrop } from '@/lib/oplog/history';
import { dropMarker, type DropEntry } from './history';

/** The worker's jump and revert entries, read when the page opens and again when `cuts` counts a new one. */
function useDropEntries(component: string, name: string, cuts: number): DropEntry[] {
  const [list, setList] = useState<DropEntry[]>([]);
  const base = workerApi(component, name);
  useEffect(() => {
    let live = true;
    workerClientAt(base)
      // A worker reverted more than 10,000 times shows marks for the first 10,000 reverts and jumps.
      .oplog({ kinds: [...DROP_KINDS], limit: 10_000 })
      .then((r) => {
        if (live) setList(r.entries.filter(isDrop));
      })
      .catch(() => {}); // a deleted or restarting worker: keep what is shown
    return () => {
      live = false;
    };
  }, [base, cuts]);
  return list;
}

/** For the timeline: a mark on each row a revert or a jump dropped, naming the entry that did. */
export function useDroppedMarks(component: string, name: string, cuts: number): (e: OplogEntry) => React.ReactNode {
  const drops = useDropEntries(component, name, cuts);
  const droppedBy = useMemo(() => dropMarker(drops), [drops]);
  return useCallback(
    (e: OplogEntry) => {
      const by = droppedBy(e);
      if (!by) return null;
      // Short, so the row's own summary keeps its room beside the detail pane: the title says it whole.
      const text = by.kind === 'revert' ? `dropped (#${by.index})` : `skipped (#${by.index})`;
      return (
        <span
          data-testid="dropped-mark"
          data-by={by.index}
          title={
            by.kind === 'revert'
              ? `Revert #${by.index} dropped entries #${by.start}…#${by.end} from the history: replay skips them and the worker's state no longer includes them. They stay in the oplog, for the record.`
              : `Jump #${by.index} skips entries #${by.start}…#${by.end} on replay (they were run again after it). They stay in the oplog, for the record.`
          }
          className="min-w-0 max-w-[70%] shrink truncate rounded bg-zinc-200 px-1.5 font-sans text-[11px] text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100"
        >
          {by.kind === 'revert' ? '↶' : '↷'} {text}
        </span>
      );
    },
    [droppedBy],
  );
}
