'use client';
// A compact oplog for a lesson: the newest entries, with the ones a "what just
// happened" note points at highlighted (and kept in view even when older).

import { useEffect, useRef } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { describeEntry } from '../timeline/describe';
import { kindStyle } from '../timeline/kinds';
import { plural } from '../ui/plural';

export function LessonTimeline({
  entries,
  highlight,
  rows = 14,
  title = 'Oplog',
  testId = 'lesson-timeline',
}: {
  entries: OplogEntry[];
  highlight: number[];
  rows?: number;
  title?: string;
  testId?: string;
}) {
  const hi = new Set(highlight);
  const tail = entries.slice(-rows);
  const older = entries.filter((e) => hi.has(e.index) && !tail.includes(e));
  const shown = [...older, ...tail];
  const last = entries[entries.length - 1]?.index ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const hiKey = highlight.join(',');
  // Follow the tail; when a note's entries are shown, bring the first of them into view instead.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const first = hiKey ? el.querySelector<HTMLElement>('[data-highlighted=true]') : null;
    if (first) el.scrollTop += first.getBoundingClientRect().top - el.getBoundingClientRect().top - 24;
    else el.scrollTop = el.scrollHeight;
  }, [last, hiKey]);
  return (
    <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid={testId}>
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
        <span className="font-semibold">{title}</span>
        {highlight.length > 0 && (
          <span className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200">
            highlighted: the note’s entries
          </span>
        )}
        <span className="ml-auto tabular text-zinc-500" data-testid={`${testId}-count`}>
          {plural(last, 'entry', 'entries')}
        </span>
      </div>
      <div ref={scrollRef} className="overflow-y-auto font-mono text-xs" style={{ height: rows * 24 + 4 }}>
        {shown.length === 0 ? (
          <p className="p-4 text-center font-sans text-sm text-zinc-500">No entries yet.</p>
        ) : (
          shown.map((e, i) => {
            const s = kindStyle(e.kind);
            const prev = shown[i - 1];
            const gap = prev !== undefined && prev.index !== e.index - 1;
            return (
              <div
                key={e.index}
                data-testid="lesson-entry"
                data-index={e.index}
                data-kind={e.kind}
                data-highlighted={hi.has(e.index) ? 'true' : undefined}
                className={`flex h-6 items-center gap-2 px-2 ${gap ? 'border-t border-dashed border-zinc-300 dark:border-zinc-700' : ''} ${
                  hi.has(e.index) ? 'bg-amber-100 ring-1 ring-inset ring-amber-400 dark:bg-amber-900/40 dark:ring-amber-600' : ''
                }`}
              >
                <span className="w-10 shrink-0 text-right tabular text-zinc-400">#{e.index}</span>
                <span className={`inline-flex h-4 w-4 shrink-0 items-center justify-center rounded ${s.chip}`} aria-hidden>
                  {s.glyph}
                </span>
                <span className="w-24 shrink-0 truncate text-zinc-500">{s.label}</span>
                <span className="min-w-0 truncate">{describeEntry(e)}</span>
              </div>
            );
          })
        )}
      </div>
    </div>
  );
}
