'use client';
// The frame of a lesson page: the phrase, the text on the left, the worker on
// the right, and the way to the next lesson.

import Link from 'next/link';
import type { ReactNode } from 'react';
import { LESSONS } from './lessons';

export function LessonShell({
  id,
  intro,
  side,
  children,
  onReset,
}: {
  id: string;
  intro: ReactNode;
  side: ReactNode;
  children?: ReactNode;
  onReset?: () => void;
}) {
  const i = LESSONS.findIndex((l) => l.id === id);
  const meta = LESSONS[i];
  if (!meta) throw new Error(`unknown lesson ${id}`);
  const next = LESSONS[i + 1];
  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6" data-testid={`lesson-${id}`}>
      <nav className="mb-2 flex items-center gap-2 text-xs text-zinc-500" aria-label="Lessons">
        <Link href="/learn" className="hover:underline">
          Learn
        </Link>
        <span aria-hidden>›</span>
        <span>
          Lesson {i + 1} of {LESSONS.length}
        </span>
        {onReset && (
          <button type="button" onClick={onReset} className="ml-auto hover:underline" data-testid="lesson-reset">
            Start this lesson over
          </button>
        )}
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">
        <span className="text-indigo-700 dark:text-indigo-400">{meta.phrase}:</span> {meta.title.toLowerCase()}
      </h1>
      <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="space-y-4">
          <div className="space-y-3 text-sm leading-relaxed text-zinc-700 dark:text-zinc-300">{intro}</div>
          {children}
          {next ? (
            <Link
              href={`/learn/${next.id}`}
              className="inline-block text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400"
              data-testid="next-lesson"
            >
              Next lesson: {next.phrase} →
            </Link>
          ) : (
            <Link href="/compare" className="inline-block text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400">
              Next: durable and plain, side by side →
            </Link>
          )}
        </div>
        <div className="min-w-0 space-y-4">{side}</div>
      </div>
    </main>
  );
}

/** A labelled figure in a lesson's worker panel. */
export function Figure({ label, value, testId, tone }: { label: string; value: ReactNode; testId?: string; tone?: 'good' | 'bad' }) {
  const color = tone === 'good' ? 'text-emerald-700 dark:text-emerald-400' : tone === 'bad' ? 'text-red-700 dark:text-red-400' : '';
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className={`text-lg font-semibold tabular ${color}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
