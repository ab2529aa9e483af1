'use client';
// The scaffold of the worker page's side panels (promises, pending work,
// stores): a card with a title, a figure on the right and an error line, and
// the data it shows re-read from the API whenever `stamp` changes.

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../api';
import { ErrorBox } from '../ui/ui';

/**
 * Reads with `read` now, whenever `stamp` changes and when `key` (what is read)
 * does. A failed read sets `error` unless `quiet` (then what was shown stays,
 * and the next change retries).
 */
export function useStampedData<T>(
  read: () => Promise<T>,
  key: string,
  stamp: number,
  opts: { quiet?: boolean; onLoad?: (data: T) => void } = {},
) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const readRef = useRef(read);
  readRef.current = read;
  const load = useCallback(() => {
    readRef
      .current()
      .then((d) => {
        setData(d);
        if (!optsRef.current.quiet) setError(null);
        optsRef.current.onLoad?.(d);
      })
      .catch((e) => {
        if (!optsRef.current.quiet) setError(errorMessage(e));
      });
  }, [key]);
  useEffect(() => {
    load();
  }, [load, stamp]);
  return { data, error, setError, load };
}

export function Panel({
  testId,
  title,
  aside,
  error,
  errorTestId,
  className = '',
  children,
}: {
  testId: string;
  title: ReactNode;
  aside: ReactNode;
  error: string | null;
  errorTestId: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      className={`${className ? `${className} ` : ''}rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900`}
      data-testid={testId}
    >
      <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        {title}
        {aside}
      </header>
      {error && (
        <div className="p-2">
          <ErrorBox message={error} testId={errorTestId} />
        </div>
      )}
      {children}
    </section>
  );
}
