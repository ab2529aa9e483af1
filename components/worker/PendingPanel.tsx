'use client';
// Invocations queued or scheduled on the worker that have not started yet,
// each with a Cancel button.

import { useEffect } from 'react';
import { workerClient } from '../api';
import { useAction } from '../ui/action';
import { Button, Spinner, clockTime, untilText, useNow } from '../ui/ui';
import { shortFunctionName } from './history';
import { Panel, useStampedData } from './Panel';

interface Props {
  component: string;
  name: string;
  /** Changes whenever the queue may have changed (new entries, status changes). */
  stamp: number;
  onChanged?: () => void;
  /** How many are pending, after each load. */
  onCount?: (n: number) => void;
}

export function PendingPanel({ component, name, stamp, onChanged, onCount }: Props) {
  const client = workerClient(component, name);
  // A failed read keeps what was shown; the next change retries. The errors shown are the cancels'.
  const { data, load } = useStampedData(client.pending, client.base, stamp, {
    quiet: true,
    onLoad: (r) => onCount?.(r.invocations.length),
  });
  const pending = data?.invocations ?? null;
  const { busy, error, setError, run } = useAction<string>();

  useEffect(() => {
    if (!error) return;
    const t = setTimeout(() => setError(null), 8000);
    return () => clearTimeout(t);
  }, [error]);

  const scheduled = pending?.some((p) => p.scheduledAt) ?? false;
  const now = useNow(scheduled, 500);

  if (!pending || (pending.length === 0 && !error)) return null;

  const cancel = async (key: string) => {
    let cancelled = true;
    await run(
      async () => {
        cancelled = (await client.cancelPending(key)).cancelled;
      },
      { key },
    );
    if (!cancelled) setError(`Invocation ${key} was not cancelled: it is no longer pending.`);
    load();
    onChanged?.();
  };

  return (
    <Panel
      testId="pending-panel"
      title={<h2 className="text-sm font-semibold">Pending invocations</h2>}
      aside={<span className="text-xs text-zinc-500 tabular">{pending.length}</span>}
      error={error}
      errorTestId="pending-error"
    >
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {pending.map((p) => {
          const args = p.args.map((a) => JSON.stringify(a)).join(', ');
          return (
            <li
              key={p.idempotencyKey}
              data-testid="pending-row"
              data-key={p.idempotencyKey}
              className="flex items-center gap-2 px-4 py-2 text-xs"
            >
              <div className="min-w-0 flex-1">
                <div className="truncate font-mono text-zinc-800 dark:text-zinc-200" title={`${p.function}(${args})`}>
                  {shortFunctionName(p.function)}({args})
                </div>
                <div className="truncate text-zinc-500 tabular" title={`idempotency key ${p.idempotencyKey}`}>
                  {p.scheduledAt ? (
                    <span data-testid="pending-scheduled">
                      scheduled at {clockTime(p.scheduledAt)} {untilText(p.scheduledAt, now)}
                    </span>
                  ) : (
                    'queued'
                  )}
                  <span className="ml-2 font-mono text-zinc-400">{p.idempotencyKey}</span>
                </div>
              </div>
              <Button
                variant="ghost"
                className="shrink-0 px-2 py-1 text-xs"
                data-testid="pending-cancel"
                disabled={busy !== null}
                onClick={() => void cancel(p.idempotencyKey)}
              >
                {busy === p.idempotencyKey && <Spinner className="h-3 w-3" />} Cancel
              </Button>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
