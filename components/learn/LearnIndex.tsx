'use client';

import Link from 'next/link';
import { LESSONS } from './lessons';
import { useAllProgress } from './progress';

export function LearnIndex() {
  const done = useAllProgress();
  return (
    <main className="mx-auto max-w-screen-lg px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight">Learn durable computing</h1>
      <p className="mt-3 max-w-2xl text-base leading-relaxed text-zinc-600 dark:text-zinc-300">
        Four short lessons, one for each phrase that sums it up. Each runs a real worker right in the page: you do something to it (add to a
        cart, kill it, crash everything), the page watches what the worker records and ticks your task, then shows you the records that
        explain it.
      </p>
      <ol className="mt-6 grid gap-4 sm:grid-cols-2">
        {LESSONS.map((l, i) => (
          <li key={l.id}>
            <Link
              href={`/learn/${l.id}`}
              data-testid={`lesson-link-${l.id}`}
              className="block h-full rounded-lg border border-zinc-200 bg-white p-4 hover:border-indigo-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-700"
            >
              <div className="flex items-baseline gap-2">
                <span className="text-xs font-medium text-zinc-500">Lesson {i + 1}</span>
                <span className="ml-auto text-xs tabular text-zinc-500">
                  {Math.min(done[l.id] ?? 0, l.tasks)} of {l.tasks} tasks done
                </span>
              </div>
              <div className="mt-1 text-lg font-semibold text-indigo-700 dark:text-indigo-400">{l.phrase}</div>
              <div className="text-sm font-medium">{l.title}</div>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{l.blurb}</p>
            </Link>
          </li>
        ))}
      </ol>
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Then see the difference durability makes:{' '}
        <Link href="/compare" className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
          the same component run durably and plainly, side by side
        </Link>
        .
      </p>
    </main>
  );
}
