'use client';

// "What would this export say right here?": runs an export on a throwaway fork
// of the worker at the current stop (effects refused). Arguments come from the
// same form the invoke panel generates from the export's WIT signature.

import { useMemo, useState } from 'react';
import { errorMessage, workerClient } from '../api';
import type { WitFunction } from '@/lib/wit/types';
import { qualifiedName } from '@/lib/wit/types';
import type { JsonValue } from '@/lib/values/json-value';
import { printWave } from '@/lib/values/wave';
import { printFunction } from '@/lib/wit/print';
import { defaultValue } from '../invoke/defaults';
import { ParamFields, argsError } from '../invoke/ParamFields';
import { ActionForm } from '../ui/action';

type Outcome = { atIndex: number; result: unknown; fn: WitFunction } | { error: string };

function resultText(fn: WitFunction, result: unknown): string {
  if (fn.result) {
    try {
      return printWave(fn.result, (result ?? null) as JsonValue);
    } catch {
      /* fall back to JSON */
    }
  }
  return JSON.stringify(result, null, 2) ?? 'nothing';
}

export function Evaluate({ component, name, index, exports }: { component: string; name: string; index: number; exports: WitFunction[] }) {
  // Exports without parameters that return something first: the usual read-only getters.
  const candidates = useMemo(() => {
    const getter = (f: WitFunction) => f.params.length === 0 && !!f.result;
    return [...exports.filter(getter), ...exports.filter((f) => !getter(f))];
  }, [exports]);
  const [fnName, setFnName] = useState<string>('');
  const fn = candidates.find((f) => qualifiedName(f) === fnName) ?? candidates[0];
  // The arguments typed for one function; another function starts from its defaults.
  const [typed, setTyped] = useState<{ fn: string; values: JsonValue[] } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [out, setOut] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  if (!fn) return null;
  const args = typed?.fn === qualifiedName(fn) ? typed.values : fn.params.map((p) => defaultValue(p.type));
  const setArg = (i: number, v: JsonValue) => setTyped({ fn: qualifiedName(fn), values: args.map((x, j) => (j === i ? v : x)) });

  const select = (q: string) => {
    setFnName(q);
    setTyped(null);
    setFormKey((k) => k + 1);
    setOut(null);
  };

  const run = async () => {
    // Checked here first: the message names the parameter and the path inside it.
    const bad = argsError(fn, args);
    if (bad) return setOut({ error: bad });
    setBusy(true);
    setOut(null);
    try {
      const r = await workerClient(component, name).evaluate({
        index: Math.max(1, index),
        function: qualifiedName(fn),
        ...(fn.params.length ? { args } : {}),
      });
      setOut({ ...r, fn });
    } catch (e) {
      setOut({ error: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="border-t border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="evaluate">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Evaluate here, on a throwaway fork</h3>
      <ActionForm className="flex flex-col gap-2" onSubmit={() => void run()}>
        <div className="flex gap-2">
          <select
            className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
            aria-label="Export to evaluate"
            value={qualifiedName(fn)}
            onChange={(e) => select(e.target.value)}
            data-testid="evaluate-function"
          >
            {candidates.map((f) => (
              <option key={qualifiedName(f)} value={qualifiedName(f)}>
                {qualifiedName(f)}
              </option>
            ))}
          </select>
          <button
            type="submit"
            disabled={busy}
            data-testid="evaluate-run"
            className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {busy ? 'Evaluating…' : 'Evaluate'}
          </button>
        </div>
        <code className="block truncate font-mono text-[11px] text-zinc-500" title={printFunction(fn)} data-testid="evaluate-signature">
          {printFunction(fn)}
        </code>
        {fn.params.length > 0 && (
          <ParamFields
            key={formKey}
            fn={fn}
            args={args}
            pathPrefix="eval-"
            onArg={setArg}
            className="flex flex-col gap-2"
            testId="evaluate-args"
          />
        )}
      </ActionForm>
      {out && (
        <pre
          className={`mt-2 overflow-x-auto whitespace-pre-wrap break-words rounded p-2 font-mono text-[11px] ${'error' in out ? 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300' : 'bg-zinc-50 dark:bg-zinc-950'}`}
          data-testid="evaluate-result"
        >
          {'error' in out ? out.error : `as of #${out.atIndex}: ${resultText(out.fn, out.result)}`}
        </pre>
      )}
      {out && !('error' in out) && out.atIndex < index && (
        <p className="mt-1 text-[11px] text-zinc-500" data-testid="evaluate-rounded">
          #{out.atIndex} is the last invocation finished by #{index}: an export runs between invocations.
        </p>
      )}
    </section>
  );
}
