// A caution beside what it is about, in the one amber every page warns in.
// The text size is the surrounding one; `className` adds spacing or a border.

import type { ReactNode } from 'react';

export function Caution({
  testId,
  role,
  className = '',
  children,
}: {
  testId: string;
  role?: 'status';
  className?: string;
  children: ReactNode;
}) {
  return (
    <p
      role={role}
      data-testid={testId}
      className={`rounded-md bg-amber-50 px-2 py-1.5 text-amber-800 dark:bg-amber-950/50 dark:text-amber-300 ${className}`}
    >
      {children}
    </p>
  );
}
