// The lesson's worker at the end of its button row (its name and status), and
// the controls of a lesson that acts on one worker.

import type { ReactNode } from 'react';
import type { WorkerStatus } from '@/lib/runtime/types';
import { ActivityLine, ControlBar } from '../ui/ControlBar';
import { ErrorBox, StatusBadge } from '../ui/ui';

export function WorkerChip({ name, status }: { name: string | null; status: WorkerStatus | null }) {
  return (
    <span className="ml-auto flex items-center gap-2 text-xs text-zinc-500">
      {name && (
        <span className="font-mono" data-testid="worker-name">
          {name}
        </span>
      )}
      {status && <StatusBadge status={status} />}
    </span>
  );
}

/**
 * A one-worker lesson's controls: the button that starts the worker until there
 * is one, then its actions and its chip; under them, what is going on (`busy`
 * while an action runs, else `idle`) and the last error.
 */
export function WorkerControls({
  worker,
  start,
  children,
  activityTestId,
  busy,
  idle,
  error,
}: {
  worker: { name: string | null; status: WorkerStatus | null };
  start: ReactNode;
  children: ReactNode;
  activityTestId: string;
  busy: string | null;
  idle: string;
  error: string | null;
}) {
  return (
    <>
      <ControlBar>
        {!worker.name ? (
          start
        ) : (
          <>
            {children}
            <WorkerChip name={worker.name} status={worker.status} />
          </>
        )}
      </ControlBar>
      <ActivityLine testId={activityTestId}>{busy ?? idle}</ActivityLine>
      {error && <ErrorBox message={error} />}
    </>
  );
}
