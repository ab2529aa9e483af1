'use client';
// The worker list, kept live by /api/events (status changes, oplog growth,
// runtime restarts). Unknown workers trigger a refetch. With `withDeleted`, the
// deleted workers kept for replay too (GET /api/workers?deleted=true).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkerStatus } from '@/lib/runtime/types';
import { errorMessage, type WorkerDetails, workersClient } from '../api';
import { useEventSource } from '../useEvents';

export function useLiveWorkers({ withDeleted = false }: { withDeleted?: boolean } = {}) {
  const [workers, setWorkers] = useState<WorkerDetails[] | null>(null);
  const [deleted, setDeleted] = useState<WorkerDetails[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(() => {
    workersClient
      .list()
      .then((r) => {
        setWorkers(r.workers);
        setError(null);
      })
      .catch((e) => setError(errorMessage(e)));
    if (withDeleted) {
      workersClient
        .list({ deleted: true })
        .then((r) => setDeleted(r.workers))
        .catch((e) => setError(errorMessage(e)));
    }
  }, [withDeleted]);
  const reloadSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(load, 300);
  }, [load]);

  useEffect(() => {
    load();
    return () => clearTimeout(timer.current);
  }, [load]);

  useEventSource('/api/events', {
    status: (d: { workerId: string; status: WorkerStatus; error?: string }) =>
      setWorkers((ws) => {
        if (!ws?.some((w) => w.id === d.workerId)) {
          reloadSoon();
          return ws;
        }
        // Suspended and retrying workers carry details (wake-up time, promise, retry) only the API has.
        if (d.status === 'suspended' || d.status === 'retrying') reloadSoon();
        return ws.map((w) =>
          w.id !== d.workerId
            ? w
            : {
                ...w,
                status: d.status,
                lastError: d.error ?? w.lastError,
                ...(w.status === d.status ? {} : { suspendedUntil: undefined, awaitingPromise: undefined, retry: undefined }),
              },
        );
      }),
    entries: (d: { workerId: string; length?: number }) =>
      setWorkers((ws) => {
        if (!ws?.some((w) => w.id === d.workerId)) {
          reloadSoon();
          return ws;
        }
        return ws.map((w) => (w.id === d.workerId && d.length && d.length > w.oplogLength ? { ...w, oplogLength: d.length } : w));
      }),
    'worker-deleted': () => reloadSoon(),
    recovery: (d: { phase: string }) => d.phase === 'done' && reloadSoon(),
    runtime: () => reloadSoon(),
    // Statuses are sent as they change, not kept: one that changed between the first read and the stream's
    // start (or while it was down) is read again once the stream is live.
    ready: () => reloadSoon(),
  });

  return { workers, deleted, error, reload: load };
}
