'use client';
// A worker's recovery (replay of its oplog) as it happens, and runtime crashes:
// one line that sits in the oplog's toolbar, so it never covers a row and never
// moves the layout. "Recovered" is said only after a real interruption (a kill
// or a crash: the engine's `cause`), never for a new, evicted or woken worker.

import { Spinner } from '../ui/ui';
import { plural } from '../ui/plural';

export type Recovery =
  | { phase: 'started' | 'progress'; index: number; total: number; cause?: string }
  | { phase: 'done'; ms: number; replayedInvocations: number; total?: number; cause: string };

export type RuntimeState = 'crashed' | 'restarted' | null;

/** "after a kill", "after the runtime crash", or the interruption's own words. */
export function causeText(cause: string): string {
  if (/crash/i.test(cause)) return 'after the runtime crash';
  if (/^killed/i.test(cause)) return 'after a kill';
  return `after: ${cause}`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

const BOX = 'flex h-7 min-w-0 items-center gap-2 rounded-md border px-2 text-xs';

export function RecoveryBanner({
  recovery,
  runtime,
  onDismiss,
}: {
  recovery: Recovery | null;
  runtime: RuntimeState;
  onDismiss: () => void;
}) {
  if (recovery && recovery.phase !== 'done') {
    const pct = recovery.total ? Math.min(100, (100 * recovery.index) / recovery.total) : 0;
    return (
      <div
        data-testid="recovery-banner"
        data-phase="replaying"
        role="status"
        className={`${BOX} border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-200`}
      >
        <Spinner className="h-3 w-3 text-amber-700 dark:text-amber-300" />
        <span className="truncate tabular">
          Recovering: replaying {recovery.index} of {plural(recovery.total, 'entry', 'entries')}
        </span>
        <div className="h-1.5 w-24 shrink-0 overflow-hidden rounded bg-amber-200 dark:bg-amber-900">
          <div className="h-full bg-amber-500 transition-[width]" style={{ width: `${pct}%` }} />
        </div>
      </div>
    );
  }
  if (recovery?.phase === 'done') {
    const text = `Recovered ${causeText(recovery.cause)} in ${formatMs(recovery.ms)}: ${plural(recovery.replayedInvocations, 'invocation')} replayed${recovery.total ? `, ${plural(recovery.total, 'entry', 'entries')}` : ''}`;
    return (
      <div
        data-testid="recovery-banner"
        data-phase="done"
        role="status"
        title={text}
        className={`${BOX} border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200`}
      >
        <span aria-hidden>✓</span>
        <span className="truncate tabular">{text}</span>
        <button type="button" aria-label="Dismiss" className="shrink-0 px-1 text-sm leading-none" onClick={onDismiss}>
          ×
        </button>
      </div>
    );
  }
  if (!runtime) return null;
  return (
    <div
      data-testid="runtime-banner"
      data-phase={runtime}
      role="status"
      className={`${BOX} border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200`}
    >
      {runtime === 'crashed' ? <Spinner className="h-3 w-3 text-red-700 dark:text-red-300" /> : <span aria-hidden>↻</span>}
      <span className="truncate">
        {runtime === 'crashed'
          ? 'The runtime process crashed. Restarting it…'
          : 'The runtime restarted; this worker had nothing in progress.'}
      </span>
      <button type="button" aria-label="Dismiss" className="shrink-0 px-1 text-sm leading-none" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
