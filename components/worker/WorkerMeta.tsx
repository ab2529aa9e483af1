// The worker page's one-line metadata under its title (fixed height: a long env is cut, never wrapped;
// size-contained, and a block child of the header: the length ticking up while entries stream in re-lays out this line only).

import type { WorkerDetails } from '../api';
import { noun } from '../ui/plural';

export function WorkerMeta({ worker, pending, connected }: { worker: WorkerDetails; pending: number; connected: boolean }) {
  const deleted = !!worker.deletedAt;
  return (
    <dl
      className="mt-1 flex h-5 min-w-0 flex-nowrap items-center gap-x-4 overflow-hidden whitespace-nowrap text-xs text-zinc-600 [contain:strict] dark:text-zinc-400"
      data-testid="worker-meta"
    >
      <Meta label="version">
        <span data-testid="worker-version">v{worker.version}</span>
      </Meta>
      <Meta label="oplog">
        <span data-testid="oplog-length">{worker.oplogLength}</span> {noun(worker.oplogLength, 'entry', 'entries')}
      </Meta>
      {!deleted && <Meta label="pending">{pending}</Meta>}
      {!deleted && <Meta label="in memory">{worker.resident ? 'yes' : 'no'}</Meta>}
      {worker.env.length > 0 && (
        <Meta label="env">
          <span className="inline-block max-w-72 truncate align-bottom" title={worker.env.map(([k, v]) => `${k}=${v}`).join('\n')}>
            {worker.env.map(([k, v]) => `${k}=${v}`).join(' ')}
          </span>
        </Meta>
      )}
      {!connected && <span className="text-amber-600">reconnecting…</span>}
    </dl>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-baseline gap-1">
      <dt>{label}</dt>
      <dd className="font-medium tabular text-zinc-700 dark:text-zinc-200">{children}</dd>
    </div>
  );
}
