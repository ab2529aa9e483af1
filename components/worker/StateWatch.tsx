'use client';
// A state watch: a read-only export (say get-cart-contents) pinned to a worker,
// its value shown and refreshed whenever the worker moves (an invocation, a
// kill, a recovery) and, in the debugger, at every stop. It runs through the
// evaluate API: on a throwaway fork of the history, effects refused, so
// watching never changes the worker. The pin is remembered per worker in this
// browser (localStorage), so the debugger shows the same watch.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { WitFunction } from '@/lib/wit/types';
import { qualifiedName } from '@/lib/wit/types';
import type { JsonValue } from '@/lib/values/json-value';
import { printWave } from '@/lib/values/wave';
import { errorMessage, workerClient } from '../api';
import { Spinner } from '../ui/ui';
import { Coalescer } from './coalesce';

const key = (component: string, name: string) => `watch:${component}/${name}`;

/** The pinned export of a worker, remembered in this browser. */
export function usePinnedWatch(component: string, name: string): [string | null, (fn: string | null) => void] {
  const [pinned, setPinned] = useState<string | null>(null);
  useEffect(() => {
    try {
      setPinned(localStorage.getItem(key(component, name)));
    } catch {
      /* private mode */
    }
  }, [component, name]);
  const set = (fn: string | null) => {
    setPinned(fn);
    try {
      if (fn) localStorage.setItem(key(component, name), fn);
      else localStorage.removeItem(key(component, name));
    } catch {
      /* private mode */
    }
  };
  return [pinned, set];
}

type Value = { atIndex: number; text: string } | { error: string };

function show(fn: WitFunction, result: unknown): string {
  if (fn.result) {
    try {
      return printWave(fn.result, (result ?? null) as JsonValue);
    } catch {
      /* fall back to JSON */
    }
  }
  return JSON.stringify(result) ?? 'nothing';
}

/**
 * `index`: evaluate as of this oplog index; `stamp`: changes whenever the
 * value may have changed (the worker page bumps it once a burst of
 * invocations, a kill or a recovery has settled). Evaluations are coalesced
 * (`delayMs` after the last change) and never overlap: a change while one runs
 * asks once more after it. Candidates are exports without parameters that return a value.
 */
export function StateWatch({
  component,
  name,
  exports,
  index,
  stamp,
  delayMs = 150,
  compact = false,
}: {
  component: string;
  name: string;
  exports: WitFunction[];
  index: number;
  stamp?: number;
  delayMs?: number;
  compact?: boolean;
}) {
  const getters = useMemo(() => exports.filter((f) => f.params.length === 0 && !!f.result), [exports]);
  const [pinned, setPinned] = usePinnedWatch(component, name);
  const fn = getters.find((f) => qualifiedName(f) === pinned);
  const [value, setValue] = useState<Value | null>(null);
  const [busy, setBusy] = useState(false);
  // What the next evaluation asks: always the newest, read when it starts.
  const ask = useRef({ fn, index });
  ask.current = { fn, index };
  const gen = useRef(0);
  const runner = useRef<Coalescer | null>(null);
  useEffect(() => {
    const r = new Coalescer(async () => {
      const { fn: f, index: at } = ask.current;
      if (!f || at < 1) return setBusy(false);
      const g = gen.current;
      try {
        const res = await workerClient(component, name).evaluate({ index: at, function: qualifiedName(f) });
        if (g === gen.current) setValue({ atIndex: res.atIndex, text: show(f, res.result) });
      } catch (e) {
        if (g === gen.current) setValue({ error: errorMessage(e) });
      } finally {
        if (g === gen.current) setBusy(false);
      }
    }, delayMs);
    runner.current = r;
    return () => r.dispose();
  }, [component, name, delayMs]);

  useEffect(() => {
    if (!fn || index < 1) return;
    gen.current++;
    setBusy(true);
    runner.current?.poke();
  }, [fn, index, stamp]);

  if (getters.length === 0) return null;
  return (
    <section
      className={
        compact
          ? 'border-t border-zinc-200 px-3 py-2 dark:border-zinc-800'
          : 'shrink-0 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900'
      }
      data-testid="state-watch"
    >
      <div className={`flex items-center gap-2 ${compact ? 'mb-1' : 'border-b border-zinc-200 px-4 py-2 dark:border-zinc-800'}`}>
        <h2
          className={compact ? 'text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400' : 'text-sm font-semibold'}
        >
          State watch
        </h2>
        <select
          aria-label="Export to watch"
          data-testid="watch-function"
          value={fn ? qualifiedName(fn) : ''}
          onChange={(e) => {
            setValue(null);
            setPinned(e.target.value || null);
          }}
          className="ml-auto min-w-0 max-w-56 rounded border border-zinc-300 bg-white px-1.5 py-0.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">pin an export…</option>
          {getters.map((f) => (
            <option key={qualifiedName(f)} value={qualifiedName(f)}>
              {f.name}
            </option>
          ))}
        </select>
        <span className="grid w-3.5 shrink-0 place-items-center">{busy && fn && <Spinner className="h-3 w-3 text-zinc-500" />}</span>
      </div>
      <div className={compact ? '' : 'px-4 py-2'}>
        {fn && index < 1 ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">Before the first entry: nothing to evaluate yet.</p>
        ) : !fn ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Pin a read-only export to see the worker&apos;s state after every invocation, kill and recovery, evaluated on a throwaway fork
            (no effects).
          </p>
        ) : value === null ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">Evaluating…</p>
        ) : 'error' in value ? (
          <p className="break-words font-mono text-xs text-red-700 dark:text-red-400" data-testid="watch-error">
            {value.error}
          </p>
        ) : (
          <div>
            <pre
              className="max-h-28 overflow-auto whitespace-pre-wrap break-words font-mono text-xs text-zinc-900 dark:text-zinc-100"
              data-testid="watch-value"
              data-at={value.atIndex}
            >
              {value.text}
            </pre>
            <p className="text-[11px] text-zinc-600 dark:text-zinc-400" data-testid="watch-at">
              {fn.name}() as of #{value.atIndex}
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
