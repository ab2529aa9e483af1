'use client';
// The worker page's live wiring: one SSE connection feeding the entry list,
// the compact view and the console (LiveEntries), the metadata kept fresh
// (status at once, the length a few times a second), and a stamp that tells
// the side panels to read again, debounced while entries stream in.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OplogEntry, OplogKind } from '@/lib/oplog/entry';
import { isDrop } from '@/lib/oplog/history';
import type { WorkerStatus } from '@/lib/runtime/types';
import { ApiError, workerApi, workerClient, type WorkerDetails } from '../api';
import { LiveEntries } from '../timeline/live';
import { useEventSource } from '../useEvents';
import { useRecoveryEvents } from './useRecoveryEvents';

/** Entries after which a worker's state may read differently: an invocation ended, or the history was cut. */
const SETTLES = new Set<OplogKind>([
  'exported-function-completed',
  'error',
  'interrupted',
  'exited',
  'jump',
  'revert',
  'successful-update',
]);

interface Options {
  component: string;
  name: string;
  /** The last entry the page rendered: the stream resumes right after it, whatever was appended since. */
  lastIndex: number;
  setWorker: React.Dispatch<React.SetStateAction<WorkerDetails>>;
  /** The worker was deleted for good (404). */
  onGone: () => void;
}

export function useLiveHistory({ component, name, lastIndex, setWorker, onGone }: Options) {
  const base = workerApi(component, name);
  const live = useMemo(() => new LiveEntries(), []);
  const [connected, setConnected] = useState(true);
  const gone = useRef(onGone);
  gone.current = onGone;

  const refresh = useCallback(() => {
    workerClient(component, name)
      .get()
      // Unchanged metadata keeps its identity: the page need not render again for it.
      .then((r) => setWorker((w) => (JSON.stringify(w) === JSON.stringify(r.worker) ? w : r.worker)))
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) gone.current();
      });
  }, [base]);

  // While entries stream in, status flips on every invocation: re-read the metadata at most a few times a second.
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = undefined;
      refresh();
    }, 300);
  }, [refresh]);

  // Promises, pending invocations, stores and recoveries re-read (debounced) whenever the worker moves.
  const [stamp, setStamp] = useState(0);
  const stampTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stampDue = useRef(0);
  // Within `ms` (sooner wins): entries streaming in re-read the panels once a second, other changes within 250 ms.
  const bumpSoon = useCallback((ms = 250) => {
    const due = Date.now() + ms;
    if (stampTimer.current && stampDue.current <= due) return;
    clearTimeout(stampTimer.current);
    stampDue.current = due;
    stampTimer.current = setTimeout(() => {
      stampTimer.current = undefined;
      setStamp((n) => n + 1);
    }, ms);
  }, []);

  // Counts the jumps and reverts that arrived: the ranges dropped from the history changed (the timeline's marks).
  const [cuts, setCuts] = useState(0);

  const latestIndex = useRef(lastIndex);
  // The state watch asks once a burst has settled: 250 ms after the last finished invocation, kill or recovery.
  const [settled, setSettled] = useState({ stamp: 0, index: lastIndex });
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const settleSoon = useCallback(() => {
    clearTimeout(settleTimer.current);
    settleTimer.current = setTimeout(() => setSettled((s) => ({ stamp: s.stamp + 1, index: latestIndex.current })), 250);
  }, []);
  const lengthTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () => () => {
      clearTimeout(refreshTimer.current);
      clearTimeout(lengthTimer.current);
      clearTimeout(stampTimer.current);
      clearTimeout(settleTimer.current);
    },
    [],
  );

  const recoveries = useRecoveryEvents(() => {
    refresh();
    bumpSoon();
    settleSoon();
  });

  useEventSource(
    `${base}/events?from=${lastIndex + 1}`,
    {
      entries: (d: { entries: OplogEntry[] }) => {
        live.emit(d.entries);
        bumpSoon(1000);
        latestIndex.current = Math.max(latestIndex.current, d.entries[d.entries.length - 1]?.index ?? 0);
        if (d.entries.some((e) => SETTLES.has(e.kind))) settleSoon();
        if (d.entries.some(isDrop)) setCuts((n) => n + 1);
        // A few times a second, not per batch: a new length renders the whole page (the lists count their own rows).
        lengthTimer.current ??= setTimeout(() => {
          lengthTimer.current = undefined;
          const lastIdx = latestIndex.current;
          setWorker((w) => (lastIdx > w.oplogLength ? { ...w, oplogLength: lastIdx } : w));
        }, 250);
      },
      status: (d: { status: WorkerStatus; error?: string }) => {
        // A new status makes the old one's details (wake-up time, awaited promise, retry) stale until the refetch.
        setWorker((w) =>
          w.status === d.status && !d.error
            ? w
            : {
                ...w,
                status: d.status,
                lastError: d.error ?? w.lastError,
                ...(w.status === d.status ? {} : { suspendedUntil: undefined, awaitingPromise: undefined, retry: undefined }),
              },
        );
        if (d.status === 'suspended' || d.status === 'retrying') refresh();
        else refreshSoon();
        bumpSoon();
        if (d.status !== 'running') settleSoon();
      },
      recovery: recoveries.onRecovery,
      runtime: recoveries.onRuntime,
      // Statuses are not kept for a stream to catch up on: the one that changed before events flowed here is read now.
      ready: () => refreshSoon(),
      // Deleted (here or elsewhere): a kept worker still answers with its deletedAt; a purged one is 404.
      'worker-deleted': () => {
        refresh();
        bumpSoon();
        settleSoon();
      },
    },
    (open) => {
      setConnected(open);
      // Statuses are sent as they change, not on connect: one that changed since the page was rendered
      // (or while the connection was down) is read now. Entries need nothing: they resume by index.
      // A failed connection reads it too: a worker purged since the render answers 404 (gone), not "reconnecting…" forever.
      refreshSoon();
    },
  );

  return { live, connected, stamp, cuts, settled, bumpSoon, refresh, ...recoveries };
}
