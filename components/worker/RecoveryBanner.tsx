'use client';
// Shows a worker's recovery (replay of its oplog) as it happens, and runtime crashes.

import { Spinner } from '../ui/ui';

export type Recovery =
  | { phase: 'started' | 'progress'; index: number; total: number }
  | { phase: 'done'; ms: number; replayedInvocations: number; total?: number };

export type RuntimeState = 'crashed' | 'restarted' | null;

export function RecoveryBanner({ recovery, runtime, onDismiss }: { recovery: Recovery | null; runtime: RuntimeState; onDismiss: () => void }) {
  if (!recovery && !runtime) return null;
  if (recovery && recovery.phase !== 'done') {
    const pct = recovery.total ? Math.min(100, (100 * recovery.index) / recovery.total) : 0;
    return (
      <div data-testid="recovery-banner" data-phase="replaying" className="flex items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
        <Spinner className="text-amber-600" />
        <span className="tabular">
          Replaying… {recovery.index} of {recovery.total} entries
        </span>
        <div className="h-1.5 w-48 overflow-hidden rounded bg-amber-200 dark:bg-amber-900">
          <div className="h-full bg-amber-500 transition-[width]" style={{ width: `${pct}%` }} />
        </div>
      </div>
    );
  }
  if (recovery?.phase === 'done') {
    return (
      <div data-testid="recovery-banner" data-phase="done" className="flex items-center gap-3 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200">
        <span aria-hidden>✓</span>
        <span>
          Recovered in <b className="tabular">{formatMs(recovery.ms)}</b> ({recovery.replayedInvocations} invocation{recovery.replayedInvocations === 1 ? '' : 's'} replayed
          {recovery.total ? `, ${recovery.total} entries` : ''}){runtime === 'restarted' ? ' after the runtime restarted' : ''}.
        </span>
        <button type="button" className="ml-auto text-xs underline" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  return (
    <div data-testid="runtime-banner" className="flex items-center gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
      {runtime === 'crashed' ? <Spinner className="text-red-600" /> : <span aria-hidden>↻</span>}
      {runtime === 'crashed' ? 'The runtime process crashed. Restarting it…' : 'The runtime restarted; this worker recovers on its next invocation (or now, if it had work in progress).'}
      <button type="button" className="ml-auto text-xs underline" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
