'use client';
// A lesson's tasks: each is ticked by the page when it sees the event that
// proves it was done, then shows what just happened, pointing at oplog entries.

import type { ReactNode } from 'react';
import type { LessonProgress, TaskRecord } from './progress';
import { noun } from '../ui/plural';

export interface TaskDef {
  id: string;
  title: ReactNode;
  /** What to do, shown while it is the current task. */
  hint?: ReactNode;
  /** "What just happened", once done. */
  note?: (rec: TaskRecord) => ReactNode;
}

export function Tasks({
  tasks,
  progress,
  onShow,
  shown,
}: {
  tasks: TaskDef[];
  progress: LessonProgress;
  /** Highlights a done task's entries in the timeline. */
  onShow: (taskId: string) => void;
  shown: string | null;
}) {
  const current = tasks.find((t) => !progress[t.id])?.id;
  const done = tasks.filter((t) => progress[t.id]).length;
  return (
    <section aria-label="Tasks" data-testid="tasks">
      <h2 className="mb-2 flex items-center gap-2 text-sm font-semibold">
        Your tasks
        <span className="text-xs font-normal text-zinc-500" data-testid="tasks-done">
          {done} of {tasks.length} done
        </span>
      </h2>
      <ol className="space-y-2">
        {tasks.map((t, i) => {
          const rec = progress[t.id];
          return (
            <li
              key={t.id}
              data-testid={`task-${t.id}`}
              data-done={rec ? 'true' : 'false'}
              className={`rounded-lg border px-3 py-2 text-sm ${
                rec
                  ? 'border-emerald-300 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/40'
                  : t.id === current
                    ? 'border-indigo-300 bg-white dark:border-indigo-800 dark:bg-zinc-900'
                    : 'border-zinc-200 bg-white text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900'
              }`}
            >
              <div className="flex items-start gap-2">
                <span
                  aria-label={rec ? 'done' : 'not done yet'}
                  className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-xs font-bold ${
                    rec ? 'bg-emerald-600 text-white' : 'border border-zinc-300 text-zinc-500 dark:border-zinc-600'
                  }`}
                >
                  {rec ? '✓' : i + 1}
                </span>
                <div className="min-w-0 flex-1">
                  <div className="font-medium">{t.title}</div>
                  {!rec && t.id === current && t.hint && <div className="mt-0.5 text-zinc-600 dark:text-zinc-400">{t.hint}</div>}
                  {rec && t.note && (
                    <div
                      className="mt-1.5 rounded-md bg-white/70 p-2 text-zinc-700 dark:bg-zinc-900/70 dark:text-zinc-300"
                      data-testid={`note-${t.id}`}
                    >
                      <span className="font-semibold">What just happened: </span>
                      {t.note(rec)}
                      {rec.entries.length > 0 && (
                        <button
                          type="button"
                          onClick={() => onShow(t.id)}
                          data-testid={`show-${t.id}`}
                          className={`ml-1 text-xs font-medium hover:underline ${shown === t.id ? 'text-amber-700 dark:text-amber-400' : 'text-indigo-700 dark:text-indigo-400'}`}
                        >
                          {shown === t.id
                            ? 'highlighted in the oplog'
                            : `show ${noun(rec.entries.length, 'entry', 'entries')} ${entryList(rec.entries)} in the oplog`}
                        </button>
                      )}
                    </div>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function entryList(ix: number[]): string {
  const s = [...ix].sort((a, b) => a - b).map((i) => `#${i}`);
  return s.length > 4 ? `${s.slice(0, 3).join(', ')} … ${s[s.length - 1]}` : s.join(', ');
}
