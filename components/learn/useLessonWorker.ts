'use client';
// One lesson worker: created with one click (its component built on first
// use), remembered in the browser, its oplog followed live over SSE (the last
// entries loaded first), its status and recovery events passed to the lesson.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import type { WorkerInfo, WorkerStatus } from '@/lib/runtime/types';
import { ApiError, learnClient, workerApi, workerClient, workerClientAt, workersClient } from '../api';
import type { LessonComponentBody } from '@/lib/api/types';
import type { JsonValue } from '@/lib/values/json-value';
import { mergeEntries } from '../timeline/live';
import { useEventSource } from '../useEvents';
import { useStored } from './progress';

export interface RecoveryEvent {
  phase: 'started' | 'progress' | 'done';
  index?: number;
  total?: number;
  ms?: number;
  replayedInvocations?: number;
  /** When the page received it. */
  at: number;
}

export interface LessonWorkerHandlers {
  onEntries?: (entries: OplogEntry[]) => void;
  onStatus?: (status: WorkerStatus, error?: string) => void;
  onRecovery?: (r: RecoveryEvent) => void;
}

const KEEP = 400;

/** Builds (if needed) the lesson's component: POST /api/learn/components. */
export function ensureComponent(name: string): Promise<LessonComponentBody> {
  return learnClient.ensureComponent(name);
}

export function useLessonWorker(storageKey: string, component: string, handlers: LessonWorkerHandlers = {}) {
  const [name, setName, loaded] = useStored<string | null>(`learn-worker:${storageKey}`, null);
  const [info, setInfo] = useState<WorkerInfo | null>(null);
  const [entries, setEntries] = useState<OplogEntry[]>([]);
  const [from, setFrom] = useState<number | null>(null);
  const [status, setStatus] = useState<WorkerStatus | null>(null);
  const [recovery, setRecovery] = useState<RecoveryEvent | null>(null);
  const ref = useRef(handlers);
  ref.current = handlers;
  // A worker this page just created is followed from its first entry, so the lesson sees every one.
  const fresh = useRef<string | null>(null);

  // A remembered worker: load its metadata and newest entries, then follow it.
  useEffect(() => {
    if (!name) {
      setInfo(null);
      setEntries([]);
      setFrom(null);
      setStatus(null);
      return;
    }
    let live = true;
    const client = workerClient(component, name);
    Promise.all([client.get(), client.oplog({ reverse: true, limit: 60 })])
      .then(([{ worker: w }, o]) => {
        if (!live) return;
        setInfo(w);
        setStatus(w.status);
        if (fresh.current === name) {
          setEntries([]);
          setFrom(1);
          return;
        }
        const page = o.entries.reverse();
        setEntries(page);
        setFrom((page[page.length - 1]?.index ?? 0) + 1);
      })
      .catch((e) => {
        if (live && e instanceof ApiError && (e.status === 404 || e.status === 410)) setName(null);
      });
    return () => {
      live = false;
    };
  }, [name, component, setName]);

  useEventSource(name && from !== null ? `${workerApi(component, name)}/events?from=${from}` : null, {
    entries: (d: { entries: OplogEntry[] }) => {
      setEntries((prev) => {
        const m = mergeEntries(prev, d.entries);
        return m.length > KEEP ? m.slice(m.length - KEEP) : m;
      });
      ref.current.onEntries?.(d.entries);
    },
    status: (d: { status: WorkerStatus; error?: string }) => {
      setStatus(d.status);
      ref.current.onStatus?.(d.status, d.error);
    },
    // Statuses are sent as they change, not kept: one that changed between the first read and the stream's
    // start (or while it was down) is read again once the stream is live.
    ready: () => {
      if (name)
        workerClient(component, name)
          .get()
          .then(({ worker: w }) => setStatus(w.status))
          .catch(() => {});
    },
    recovery: (d: Omit<RecoveryEvent, 'at'>) => {
      const r = { ...d, ...(d.ms !== undefined ? { ms: Math.round(d.ms) } : {}), at: Date.now() };
      setRecovery(r);
      ref.current.onRecovery?.(r);
    },
  });

  /** Creates a fresh worker (the component built first if needed), then runs `setup` on it. */
  const create = useCallback(
    async (opts: { prefix: string; env?: (workerName: string) => Record<string, string>; setup?: (base: string) => Promise<void> }) => {
      await ensureComponent(component);
      const workerName = `${opts.prefix}-${Math.random().toString(36).slice(2, 8)}`;
      await workersClient.create({ component, name: workerName, env: opts.env?.(workerName) ?? {} });
      await opts.setup?.(workerApi(component, workerName));
      fresh.current = workerName;
      setEntries([]);
      setName(workerName);
      return workerName;
    },
    [component, setName],
  );

  const forget = useCallback(() => setName(null), [setName]);

  return { name, loaded, info, entries, status, recovery, create, forget, base: name ? workerApi(component, name) : null };
}

/** invoke-and-await with one idempotency key, retried while the runtime restarts (503). */
export async function invokeOnce<T = unknown>(base: string, fn: string, args: JsonValue[] = [], tries = 20): Promise<T> {
  const idempotencyKey = crypto.randomUUID();
  for (let i = 0; ; i++) {
    try {
      const r = await workerClientAt(base).invokeAndAwait<T>({ function: fn, args, idempotencyKey });
      return r.result;
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 503 && e.status !== 0) || i >= tries) throw e;
      await new Promise((res) => setTimeout(res, 250 + i * 100));
    }
  }
}
