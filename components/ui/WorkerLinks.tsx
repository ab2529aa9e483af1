// A list of workers, each a link to its page by name with what the list says of it after.

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { WorkerInfo } from '@/lib/runtime/types';
import { workerHref } from '../api';

type Linked = Pick<WorkerInfo, 'id' | 'component' | 'name'>;

/** `muted`: the workers are gone (deleted, kept for replay); `after`: the rest of a worker's row. */
export function WorkerLinks<W extends Linked>({
  workers,
  muted = false,
  after,
}: {
  workers: W[];
  muted?: boolean;
  after: (w: W) => ReactNode;
}) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {workers.map((w) => (
        <li key={w.id} className="flex min-w-0 items-center gap-3 px-4 py-2 text-sm">
          <Link
            href={workerHref(w)}
            title={w.name}
            className={`min-w-0 truncate font-medium hover:underline ${muted ? 'text-zinc-600 dark:text-zinc-300' : 'text-indigo-700 dark:text-indigo-400'}`}
          >
            {w.name}
          </Link>
          {after(w)}
        </li>
      ))}
    </ul>
  );
}
