'use client';
// What the demo payment service itself saw for one ledger (one worker): its
// own record of charges, polled from GET /api/demo/payment?ledger=.

import { useEffect, useState } from 'react';
import { demoClient } from '../api';
import type { LedgerSummary } from '@/lib/api/types';
import { clockTime } from '../ui/ui';
import { noun } from '../ui/plural';

export type { LedgerSummary };

export function useLedger(ledger: string | null, intervalMs = 600): LedgerSummary | null {
  const [s, setS] = useState<LedgerSummary | null>(null);
  useEffect(() => {
    setS(null);
    if (!ledger) return;
    let live = true;
    const load = () =>
      demoClient
        .ledger(ledger)
        .then((r) => live && setS(r))
        .catch(() => {});
    void load();
    const t = setInterval(load, intervalMs);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [ledger, intervalMs]);
  return s;
}

export function PaymentService({ summary, testId = 'payment-service' }: { summary: LedgerSummary | null; testId?: string }) {
  const n = summary?.charges.length ?? 0;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid={testId}>
      <div className="flex items-center gap-3 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
        <span className="font-semibold">Payment service: its own records</span>
        {summary && summary.inFlight > 0 && (
          <span className="rounded bg-sky-100 px-1.5 text-sky-800 dark:bg-sky-950 dark:text-sky-300">a request is in flight</span>
        )}
        <span className="ml-auto text-zinc-500">
          <span className="text-sm font-semibold tabular text-zinc-900 dark:text-zinc-100" data-testid={`${testId}-charges`}>
            {n}
          </span>{' '}
          {noun(n, 'charge')}
          {summary && summary.deduplicated > 0 && (
            <>
              {' · '}
              <span className="tabular" data-testid={`${testId}-deduplicated`}>
                {summary.deduplicated}
              </span>{' '}
              {noun(summary.deduplicated, 'repeat')} recognised by key
            </>
          )}
        </span>
      </div>
      <ul className="max-h-32 overflow-y-auto text-xs">
        {n === 0 && <li className="px-3 py-2 text-zinc-500">No charges yet.</li>}
        {summary?.charges.map((c, i) => (
          <li key={i} className="flex gap-3 border-b border-zinc-100 px-3 py-1 last:border-0 dark:border-zinc-800" data-testid="charge">
            <span className="tabular text-zinc-500">{clockTime(c.at)}</span>
            <span className="font-mono">{c.orderId}</span>
            <span className="tabular">{c.amount.toFixed(2)}</span>
            {c.idempotencyKey && <span className="truncate text-zinc-500">key {c.idempotencyKey.slice(0, 14)}…</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
