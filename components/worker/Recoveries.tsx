'use client';
// A worker's recoveries after interruptions (kills, runtime crashes), as the
// runtime kept them (GET …/recoveries): a mark on each `interrupted` row of the
// timeline saying how the recovery after it went, and the list of them all.
// Kept in the database, so they survive page reloads and runtime restarts.

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import type { RecoveryRecord } from '@/lib/store/recovery-store';
import { workerApi, workerClientAt } from '../api';
import { clockTime } from '../ui/ui';
import { causeText, formatMs } from './RecoveryBanner';
import { plural } from '../ui/plural';

/** The worker's recoveries, reloaded whenever `stamp` changes (new entries, status, recovery events). */
export function useRecoveries(component: string, name: string, stamp: number): RecoveryRecord[] {
  const [list, setList] = useState<RecoveryRecord[]>([]);
  const base = workerApi(component, name);
  useEffect(() => {
    let live = true;
    workerClientAt(base)
      .recoveries()
      // The same list keeps its identity: the timeline's marks (and so its rows) render again only on a change.
      .then((r) => live && setList((prev) => (JSON.stringify(prev) === JSON.stringify(r.recoveries) ? prev : r.recoveries)))
      .catch(() => {}); // a deleted or restarting worker: keep what is shown
    return () => {
      live = false;
    };
  }, [base, stamp]);
  return list;
}

/** What the recovery after an interruption did, in a few words. */
function outcome(r: RecoveryRecord): string {
  if (r.ms === undefined) return 'recovery cut short';
  return `recovered in ${formatMs(r.ms)} · ${plural(r.replayedInvocations ?? 0, 'invocation')} replayed`;
}

/** For the timeline: a mark on each interruption's row with the recovery that followed it. */
export function useRecoveryMarks(recoveries: RecoveryRecord[]): (e: OplogEntry) => React.ReactNode {
  const byIndex = useMemo(() => new Map(recoveries.map((r) => [r.afterIndex, r])), [recoveries]);
  return useCallback(
    (e: OplogEntry) => {
      if (e.kind !== 'interrupted') return null;
      const r = byIndex.get(e.index);
      if (!r) return null;
      const done = r.ms !== undefined;
      return (
        <span
          data-testid="recovery-mark"
          data-after={r.afterIndex}
          title={`${causeText(r.cause)}: ${outcome(r)}${r.lastIndex ? `, history up to #${r.lastIndex}` : ''}`}
          className={`min-w-0 max-w-[70%] shrink truncate rounded px-1.5 font-sans text-[11px] tabular ${done ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200'}`}
        >
          ↻ {outcome(r)}
        </span>
      );
    },
    [byIndex],
  );
}

/** Every recovery of this worker, newest first; nothing until it has one. */
export function RecoveryHistory({ recoveries }: { recoveries: RecoveryRecord[] }) {
  if (recoveries.length === 0) return null;
  return (
    <section
      className="shrink-0 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="recovery-history"
    >
      <h2 className="border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold dark:border-zinc-800">
        Recoveries <span className="ml-1 text-xs font-normal tabular text-zinc-600 dark:text-zinc-400">{recoveries.length}</span>
      </h2>
      <ol className="max-h-48 divide-y divide-zinc-100 overflow-auto text-xs dark:divide-zinc-800">
        {[...recoveries].reverse().map((r) => (
          <li key={r.id} data-testid="recovery-item" className="flex items-baseline gap-2 px-4 py-1.5">
            <span className="w-16 shrink-0 tabular text-zinc-600 dark:text-zinc-400">{clockTime(r.startedAt)}</span>
            <span className="min-w-0 flex-1">
              <span className="text-zinc-800 dark:text-zinc-100">{causeText(r.cause).replace(/^after /, 'After ')}</span>{' '}
              <span className="text-zinc-600 dark:text-zinc-400">(#{r.afterIndex})</span>
              <br />
              <span className={r.ms === undefined ? 'text-amber-800 dark:text-amber-300' : 'text-emerald-800 dark:text-emerald-300'}>
                {outcome(r)}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
