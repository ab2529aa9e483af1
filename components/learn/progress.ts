'use client';
// Lesson progress, kept in the browser: which tasks are done, when, and the
// oplog entries each one's "what just happened" note points at.

import { useCallback, useEffect, useState } from 'react';

export interface TaskRecord {
  at: number;
  /** Oplog indices the note points at. */
  entries: number[];
  /** Figures the note quotes (counts, milliseconds). */
  facts?: Record<string, number | string>;
}

export type LessonProgress = Record<string, TaskRecord>;

const KEY = 'learn-progress';

function readAll(): Record<string, LessonProgress> {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function useProgress(lesson: string) {
  const [progress, setProgress] = useState<LessonProgress>({});
  useEffect(() => setProgress(readAll()[lesson] ?? {}), [lesson]);
  const mark = useCallback(
    (task: string, rec: Omit<TaskRecord, 'at'>) => {
      setProgress((prev) => {
        if (prev[task]) return prev;
        const next = { ...prev, [task]: { ...rec, at: Date.now() } };
        const all = readAll();
        all[lesson] = next;
        localStorage.setItem(KEY, JSON.stringify(all));
        return next;
      });
    },
    [lesson],
  );
  const reset = useCallback(() => {
    const all = readAll();
    delete all[lesson];
    localStorage.setItem(KEY, JSON.stringify(all));
    setProgress({});
  }, [lesson]);
  // The task whose oplog entries the timeline highlights (its note is open), or none.
  const [shown, setShown] = useState<string | null>(null);
  const toggleShown = useCallback((task: string) => setShown((s) => (s === task ? null : task)), []);
  const highlight = shown ? (progress[shown]?.entries ?? []) : [];
  return { progress, mark, reset, shown, toggleShown, highlight };
}

/** Every lesson's number of finished tasks, for the index page. */
export function useAllProgress(): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  useEffect(() => setCounts(Object.fromEntries(Object.entries(readAll()).map(([k, v]) => [k, Object.keys(v).length]))), []);
  return counts;
}

/** A value kept in localStorage under `key` (JSON), e.g. a lesson's worker name. */
export function useStored<T>(key: string, initial: T): [T, (v: T) => void, boolean] {
  const [value, setValue] = useState<T>(initial);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    try {
      const raw = localStorage.getItem(key);
      if (raw !== null) setValue(JSON.parse(raw) as T);
    } catch {
      /* unreadable: keep the initial value */
    }
    setLoaded(true);
  }, [key]);
  const set = useCallback(
    (v: T) => {
      setValue(v);
      if (v === null || v === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(v));
    },
    [key],
  );
  return [value, set, loaded];
}
