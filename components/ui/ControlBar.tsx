// The row of buttons a lesson (or the comparison page) acts through, and the
// line under it that says what is going on.

import type { ReactNode } from 'react';

export function ControlBar({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <div
      className={`flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      {children}
    </div>
  );
}

/** One line of what is going on; it keeps its height while empty, so nothing below it moves. */
export function ActivityLine({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div className="min-h-5 text-xs text-zinc-600 dark:text-zinc-400" data-testid={testId}>
      {children}
    </div>
  );
}
