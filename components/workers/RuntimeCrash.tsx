'use client';
// Crash runtime and what follows, for the pages that show every worker: a
// button, and a banner while the runtime is down and restarting, then how many
// workers recovered and how long it took.

import { useState, type ReactNode } from 'react';
import { errorMessage, runtimeClient } from '../api';
import { Button, Spinner } from '../ui/ui';
import { formatMs, type CrashEpisode, type WorkerRecovery } from './useRuntimeRecovery';
import { plural } from '../ui/plural';

export function CrashRuntimeButton({ onError }: { onError?: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="danger"
      data-testid="crash-runtime"
      disabled={busy}
      title={
        busy ? 'The runtime is restarting' : 'SIGKILL the runtime process hosting every worker; they recover by replaying their oplogs'
      }
      onClick={async () => {
        setBusy(true);
        try {
          await runtimeClient.crash();
        } catch (e) {
          onError?.(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy && <Spinner className="h-3.5 w-3.5" />} Crash runtime
    </Button>
  );
}

const TONE = {
  down: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200',
  recovering: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-200',
  recovered: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200',
} as const;

/** The banner's box for each phase of a crash episode, in its colours. */
function Banner({ phase, children }: { phase: keyof typeof TONE; children: ReactNode }) {
  return (
    <div
      role="status"
      data-testid="crash-banner"
      data-phase={phase}
      className={`flex min-h-10 items-center gap-3 rounded-md border px-3 py-2 text-sm ${TONE[phase]}`}
    >
      {children}
    </div>
  );
}

export function RuntimeCrashBanner({ episode, onDismiss }: { episode: CrashEpisode | null; onDismiss: () => void }) {
  if (!episode) return null;
  const all = [...episode.workers.values()];
  const done = all.filter((w) => w.phase === 'done').length;
  if (episode.phase === 'down') {
    return (
      <Banner phase="down">
        <Spinner className="text-red-700 dark:text-red-300" />
        <span>
          <b>The runtime process crashed.</b> Every worker&apos;s thread died with it. Restarting…
        </span>
      </Banner>
    );
  }
  const restart = episode.restartMs !== undefined ? `restarted in ${formatMs(episode.restartMs)}` : 'restarted';
  if (episode.doneAt === undefined) {
    return (
      <Banner phase="recovering">
        <Spinner className="text-amber-700 dark:text-amber-300" />
        <span className="tabular">
          The runtime {restart}. Recovering workers by replay:{' '}
          <b data-testid="crash-progress">
            {done} of {all.length}
          </b>{' '}
          done…
        </span>
      </Banner>
    );
  }
  // Workers recover in parallel: the slowest one's own time bounds the total from below.
  const total = Math.max(
    episode.restartedAt !== undefined ? episode.doneAt - episode.restartedAt : 0,
    ...all.map((w) => (w.phase === 'done' ? w.ms : 0)),
  );
  return (
    <Banner phase="recovered">
      <span aria-hidden>✓</span>
      <span className="tabular" data-testid="crash-total">
        {all.length === 0 ? (
          <>The runtime {restart}. No worker had work in progress: the others recover when next called.</>
        ) : (
          <>
            <b>
              {plural(all.length, 'worker')} recovered in {formatMs(total)}
            </b>{' '}
            after the runtime {restart}
            {replayRange(all)}. Sleeping and waiting workers were not running: they wake on time.
          </>
        )}
      </span>
      <button type="button" className="ml-auto shrink-0 text-xs underline" onClick={onDismiss}>
        Dismiss
      </button>
    </Banner>
  );
}

/** The replays' own times, beside the total (which also counts starting each worker's thread). */
function replayRange(all: WorkerRecovery[]): string {
  const ms = all.flatMap((w) => (w.phase === 'done' ? [w.ms] : []));
  if (ms.length === 0) return '';
  const lo = Math.min(...ms);
  const hi = Math.max(...ms);
  return ` (replay ${lo === hi ? formatMs(lo) : `${formatMs(lo)} to ${formatMs(hi)}`}${ms.length > 1 ? ' each' : ''}; the rest is starting threads)`;
}
