'use client';
// The compact view's place beside the entry list: a slim strip to open it, or
// the view itself with a button to close it. The choice is kept in the browser.

import { useCallback, useEffect, useState } from 'react';
import type { LiveEntries } from '../live';
import { CompactHistory } from './CompactHistory';
import { rememberCompact, storedCompact } from './prefs';

/** Whether the compact view is shown beside the entry list (`initial`: what the server rendered, from the cookie). */
export function useCompactView(initial = false): [boolean, (on: boolean) => void] {
  const [open, setOpen] = useState(initial);
  useEffect(() => {
    // Kept before the cookie existed: the cookie follows it from now on.
    const kept = storedCompact();
    if (kept !== null && kept !== initial) {
      setOpen(kept);
      rememberCompact(kept);
    }
  }, [initial]);
  const set = useCallback((on: boolean) => {
    setOpen(on);
    rememberCompact(on);
  }, []);
  return [open, set];
}

export function CompactPanel({
  component,
  name,
  live,
  open,
  onOpen: set,
}: {
  component: string;
  name: string;
  live: LiveEntries;
  open: boolean;
  onOpen: (on: boolean) => void;
}) {
  if (!open) {
    return (
      <button
        type="button"
        data-testid="compact-open"
        onClick={() => set(true)}
        title="Show the invocations as bars with their durations and host calls"
        className="flex w-8 shrink-0 items-center justify-center border-l border-zinc-200 text-xs font-medium text-zinc-600 hover:bg-zinc-50 dark:border-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-800/40"
      >
        <span className="[writing-mode:vertical-rl]">Invocations ◂</span>
      </button>
    );
  }
  return (
    // A block (not a flex column): the view inside is then a relayout boundary (CompactHistory).
    <div className="relative w-[18rem] shrink-0 border-l border-zinc-200 dark:border-zinc-800">
      <CompactHistory component={component} name={name} live={live} />
      <button
        type="button"
        data-testid="compact-close"
        onClick={() => set(false)}
        aria-label="Hide the invocations view"
        title="Hide the invocations view"
        className="absolute right-2 top-2.5 rounded px-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        ▸
      </button>
    </div>
  );
}
