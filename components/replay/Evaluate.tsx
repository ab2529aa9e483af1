'use client';

// "What would this export say right here?": runs a read-only export on a
// throwaway fork of the worker at the current stop (effects refused).

import { useState } from 'react';
import { post, errorMessage, workerApi } from '../api';
import type { WitFunction } from '@/lib/wit/types';
import { qualifiedName } from '@/lib/wit/types';

export function Evaluate({ component, name, index, exports }: { component: string; name: string; index: number; exports: WitFunction[] }) {
  const candidates = exports.filter((f) => f.params.length === 0 && f.result);
  const [fn, setFn] = useState<string>('');
  const [out, setOut] = useState<{ atIndex: number; result: unknown } | { error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (candidates.length === 0) return null;
  const chosen = fn || qualifiedName(candidates[0]);
  const run = async () => {
    setBusy(true);
    try {
      setOut(await post<{ atIndex: number; result: unknown }>(`${workerApi(component, name)}/evaluate`, { index: Math.max(1, index), function: chosen }));
    } catch (e) {
      setOut({ error: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="border-t border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="evaluate">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Evaluate here, on a throwaway fork</h3>
      <div className="flex gap-2">
        <select className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          value={chosen} onChange={(e) => setFn(e.target.value)} data-testid="evaluate-function">
          {candidates.map((f) => <option key={qualifiedName(f)} value={qualifiedName(f)}>{qualifiedName(f)}</option>)}
        </select>
        <button type="button" onClick={run} disabled={busy} data-testid="evaluate-run"
          className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800">
          {busy ? 'Evaluating…' : 'Evaluate'}
        </button>
      </div>
      {out && (
        <pre className={`mt-2 overflow-x-auto rounded p-2 font-mono text-[11px] ${'error' in out ? 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300' : 'bg-zinc-50 dark:bg-zinc-950'}`} data-testid="evaluate-result">
          {'error' in out ? out.error : `as of #${out.atIndex}: ${JSON.stringify(out.result, null, 2)}`}
        </pre>
      )}
    </section>
  );
}
