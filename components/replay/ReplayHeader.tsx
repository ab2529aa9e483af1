'use client';
// The replay page's header: where it is, which version's code replays the
// history, what the worker is, and how far the replay has come.

import Link from 'next/link';
import { Crumbs } from '../ui/Crumbs';
import { Spinner, inputBase } from '../ui/ui';
import type { DebugSession } from './useDebugSession';

export function ReplayHeader({
  component,
  name,
  workerHref,
  session,
  onVersion,
}: {
  component: string;
  name: string;
  workerHref: string;
  session: Pick<DebugSession, 'state' | 'index' | 'lastIndex' | 'busy' | 'version' | 'workerVersion' | 'versions' | 'deletedAt'>;
  onVersion: (v: number) => void;
}) {
  const { state, index, lastIndex, busy, version, workerVersion, versions, deletedAt } = session;
  const pct = lastIndex > 0 ? Math.min(100, (index / lastIndex) * 100) : 0;
  return (
    <header className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <Crumbs component={component} className="text-zinc-500">
        <Link href={workerHref} className="hover:underline" data-testid="back-to-worker">
          {name}
        </Link>
        <span>/</span>
      </Crumbs>
      <h1 className="text-lg font-semibold tracking-tight">Replay</h1>
      <span
        className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
        title="A separate instance replays a copy of the oplog: nothing is written, no live effects run"
      >
        read-only · no live effects
      </span>
      <label
        className="flex items-center gap-1.5 text-xs text-zinc-500"
        title="Replay this worker's history against another version of its component"
      >
        Replay against version
        <select
          data-testid="replay-version"
          value={version ?? ''}
          disabled={version === null || !!busy}
          onChange={(e) => onVersion(Number(e.target.value))}
          className={`${inputBase} h-7 w-auto py-0 text-xs`}
        >
          {version === null && <option value="">…</option>}
          {[...new Set([...versions, ...(workerVersion === null ? [] : [workerVersion])])]
            .sort((a, b) => a - b)
            .map((v) => (
              <option key={v} value={v}>
                v{v}
                {v === workerVersion ? ' (worker’s own)' : ''}
              </option>
            ))}
        </select>
      </label>
      {deletedAt && (
        <span
          data-testid="replay-deleted"
          className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          title={`Deleted at ${deletedAt}; its oplog is kept for replay and fork`}
        >
          deleted worker · kept for replay
        </span>
      )}
      {version !== null && workerVersion !== null && version !== workerVersion && (
        <span
          data-testid="version-mismatch"
          className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        >
          history of v{workerVersion} · code of v{version}
        </span>
      )}
      <div className="ml-auto flex items-center gap-3 text-xs text-zinc-500">
        {busy && (
          <span className="flex items-center gap-1.5">
            <Spinner className="h-3.5 w-3.5 text-zinc-400" /> {busy}…
          </span>
        )}
        <span data-testid="progress" className="tabular">
          index{' '}
          <span className="font-semibold text-zinc-800 dark:text-zinc-100" data-testid="progress-index">
            {index}
          </span>{' '}
          of <span data-testid="progress-last">{lastIndex}</span>
        </span>
        <div className="h-1.5 w-32 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
          <div
            className={`h-full ${state?.ended?.divergence && !state.overrides?.length ? 'bg-red-500' : 'bg-indigo-500'}`}
            style={{ width: `${pct}%` }}
          />
        </div>
      </div>
    </header>
  );
}
