'use client';
// Invoke an exported function: a form generated from its WIT signature or WAVE
// text, an optional idempotency key, when to run it (now and wait, enqueue, or
// scheduled for later), the typed result, and this session's history.

import { useEffect, useMemo, useState } from 'react';
import { qualifiedName, type WitFunction } from '@/lib/wit/types';
import type { InvokeRequest } from '@/lib/api/types';
import type { JsonValue } from '@/lib/values/json-value';
import { printWave, parseWaveArgs } from '@/lib/values/wave';
import { printFunction, printType } from '@/lib/wit/print';
import { errorMessage, workerClient } from '../api';
import { Button, Elapsed, ErrorBox, Spinner, clockTime, inputBase, inputClass } from '../ui/ui';
import { ActionForm } from '../ui/action';
import { Segmented } from '../ui/Segmented';
import { defaultValue } from './defaults';
import { ParamFields, argsError } from './ParamFields';
import { useInvokePreset } from './preset';

interface HistoryItem {
  id: number;
  fn: WitFunction;
  argsText: string;
  key?: string;
  ok: boolean;
  result?: JsonValue;
  error?: string;
  ms: number;
  at: number;
  /** Enqueued (not awaited): no result here; it shows up in the oplog. */
  queued?: boolean;
  /** ISO time it was scheduled for. */
  scheduledAt?: string;
}

/** When an invocation runs: now awaiting the result, now in the background, in N seconds, at a time. */
type When = 'await' | 'enqueue' | 'in' | 'at';

const WHEN_LABEL: Record<When, string> = {
  await: 'now, and wait for the result',
  enqueue: 'now, in the background',
  in: 'in … seconds',
  at: 'at a time…',
};

/** A `datetime-local` value (local time, seconds) for `t`. */
function localInputValue(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

let nextId = 1;

function waveOf(f: WitFunction, result: JsonValue | undefined): string {
  if (!f.result) return '(no result)';
  try {
    return printWave(f.result, result ?? null);
  } catch {
    return JSON.stringify(result);
  }
}

export function InvokePanel({ component, name, exports }: { component: string; name: string; exports: WitFunction[] }) {
  const preset = useInvokePreset(exports);
  const [fnName, setFnName] = useState(() => (preset ? qualifiedName(preset.fn) : exports[0] ? qualifiedName(exports[0]) : ''));
  const fn = useMemo(() => exports.find((f) => qualifiedName(f) === fnName) ?? exports[0], [exports, fnName]);
  const [args, setArgs] = useState<JsonValue[]>(() => (preset ? preset.args : fn ? fn.params.map((p) => defaultValue(p.type)) : []));
  const [formKey, setFormKey] = useState(0);
  const [mode, setMode] = useState<'form' | 'wave'>('form');
  const [wave, setWave] = useState('');
  const [key, setKey] = useState('');
  const [when, setWhen] = useState<When>('await');
  const [inSeconds, setInSeconds] = useState('10');
  const [atTime, setAtTime] = useState('');
  const [busySince, setBusySince] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryItem[]>([]);

  useEffect(() => {
    if (!fnName && exports[0]) setFnName(qualifiedName(exports[0]));
  }, [exports, fnName]);

  const selectFn = (q: string) => {
    setFnName(q);
    const f = exports.find((x) => qualifiedName(x) === q);
    setArgs(f ? f.params.map((p) => defaultValue(p.type)) : []);
    setFormKey((k) => k + 1);
    setWave('');
    setError(null);
  };

  const switchMode = (m: 'form' | 'wave') => {
    if (m === 'wave' && fn && !wave) {
      try {
        setWave(fn.params.map((p, i) => printWave(p.type, args[i] ?? null)).join(', '));
      } catch {
        /* leave empty */
      }
    }
    if (m === 'form' && fn && wave.trim()) {
      try {
        setArgs(parseWaveArgs(fn.params, wave));
        setFormKey((k) => k + 1);
      } catch {
        /* keep the form as it was */
      }
    }
    setMode(m);
  };

  if (!fn) {
    return <p className="p-4 text-sm text-zinc-500">This component exports no functions.</p>;
  }

  const invoke = async () => {
    setError(null);
    const body: InvokeRequest = { function: qualifiedName(fn) };
    let argsText: string;
    if (mode === 'form') {
      // Check locally first: the message names the parameter and the path inside it.
      const bad = argsError(fn, args);
      if (bad) return setError(bad);
      body.args = args;
      argsText = fn.params
        .map((p, i) => {
          try {
            return printWave(p.type, args[i] ?? null);
          } catch {
            return JSON.stringify(args[i]);
          }
        })
        .join(', ');
    } else {
      body.wave = wave;
      argsText = wave;
    }
    if (key.trim()) body.idempotencyKey = key.trim();
    if (when === 'in') {
      const n = Number(inSeconds);
      if (inSeconds.trim() === '' || !Number.isFinite(n) || n < 0) {
        setError(`"${inSeconds}" is not a number of seconds (0 or more)`);
        return;
      }
      body.scheduleAt = new Date(Date.now() + n * 1000).toISOString();
    } else if (when === 'at') {
      const t = atTime ? new Date(atTime).getTime() : NaN;
      if (Number.isNaN(t)) {
        setError('Pick the date and time to run the invocation at');
        return;
      }
      body.scheduleAt = new Date(t).toISOString();
    }
    const started = Date.now();
    setBusySince(started);
    const queued = when !== 'await';
    try {
      const w = workerClient(component, name);
      const r: { idempotencyKey: string; result?: JsonValue } = await (queued ? w.invoke(body) : w.invokeAndAwait(body));
      const outcome = queued ? { queued: true, scheduledAt: body.scheduleAt as string | undefined } : { result: r.result };
      setHistory((h) =>
        [{ id: nextId++, fn, argsText, key: r.idempotencyKey, ok: true, ...outcome, ms: Date.now() - started, at: started }, ...h].slice(
          0,
          50,
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
      setHistory((h) =>
        [
          {
            id: nextId++,
            fn,
            argsText,
            key: key.trim() || undefined,
            ok: false,
            error: errorMessage(e),
            ms: Date.now() - started,
            at: started,
          },
          ...h,
        ].slice(0, 50),
      );
    } finally {
      setBusySince(null);
    }
  };

  const last = history[0];
  const presetRan = !!preset && history.some((h) => h.ok && !h.queued && h.fn.name === preset.fn.name);

  return (
    <div className="flex flex-col gap-3 p-4" data-testid="invoke-panel">
      {preset && (
        // One line whatever it says, so the form below never moves.
        <p
          data-testid="invoke-next-step"
          className="h-7 truncate rounded-md leading-4 bg-indigo-50 px-2.5 py-1.5 text-xs text-indigo-900 dark:bg-indigo-950/50 dark:text-indigo-200"
        >
          {presetRan ? (
            <>
              Now <b>Kill</b> it (top right), then invoke again.
            </>
          ) : (
            <>
              Next: <b>Invoke</b> <code className="font-mono">{preset.fn.name}</code>, then <b>Kill</b> (top right).
            </>
          )}
        </p>
      )}
      <div className="flex gap-2">
        <select
          aria-label="Function"
          data-testid="invoke-function"
          className={`${inputClass} font-mono`}
          value={qualifiedName(fn)}
          onChange={(e) => selectFn(e.target.value)}
        >
          {exports.map((f) => (
            <option key={qualifiedName(f)} value={qualifiedName(f)}>
              {f.interface ? `${f.interface.split('/').pop()}.` : ''}
              {f.name}
            </option>
          ))}
        </select>
        <Segmented
          className="shrink-0 text-xs"
          options={['form', 'wave'] as const}
          value={mode}
          onPick={switchMode}
          label={(m) => (m === 'form' ? 'Form' : 'WAVE')}
          testId={(m) => `invoke-mode-${m}`}
        />
      </div>
      <code className="block truncate font-mono text-xs text-zinc-500" title={printFunction(fn)}>
        {printFunction(fn)}
      </code>

      <ActionForm className="flex flex-col gap-3" onSubmit={() => void invoke()}>
        {mode === 'form' ? (
          fn.params.length === 0 ? (
            <p className="text-xs text-zinc-500">No parameters.</p>
          ) : (
            <ParamFields
              key={formKey}
              fn={fn}
              args={args}
              onArg={(i, v) => setArgs((a) => a.map((x, j) => (j === i ? v : x)))}
              className="flex flex-col gap-2.5"
            />
          )
        ) : (
          <div>
            <label className="mb-1 block text-xs text-zinc-500" htmlFor="wave-args">
              Arguments as WAVE, comma-separated (e.g. <code>&quot;apple&quot;, 3, some(1)</code>)
            </label>
            <textarea
              id="wave-args"
              data-testid="wave-input"
              className={`${inputClass} h-20 font-mono text-xs`}
              value={wave}
              onChange={(e) => setWave(e.target.value)}
            />
          </div>
        )}
        <div className="flex flex-wrap items-center gap-2 text-xs" data-testid="invoke-schedule">
          <label htmlFor="invoke-when" className="text-zinc-500">
            Run
          </label>
          <select
            id="invoke-when"
            data-testid="invoke-when"
            className={`${inputBase} h-7 py-0 text-xs`}
            value={when}
            onChange={(e) => {
              const w = e.target.value as When;
              setWhen(w);
              if (w === 'at' && !atTime) setAtTime(localInputValue(Date.now() + 60_000));
              setError(null);
            }}
          >
            {(Object.keys(WHEN_LABEL) as When[]).map((w) => (
              <option key={w} value={w}>
                {WHEN_LABEL[w]}
              </option>
            ))}
          </select>
          {when === 'in' && (
            <span className="flex items-center gap-1">
              <input
                type="number"
                min={0}
                step="any"
                aria-label="Seconds from now"
                data-testid="invoke-in-seconds"
                className={`${inputBase} h-7 w-20 py-0 text-xs tabular`}
                value={inSeconds}
                onChange={(e) => setInSeconds(e.target.value)}
              />
              <span className="text-zinc-500">s</span>
            </span>
          )}
          {when === 'at' && (
            <input
              type="datetime-local"
              step={1}
              aria-label="Run at (local time)"
              data-testid="invoke-at"
              className={`${inputBase} h-7 py-0 text-xs tabular`}
              value={atTime}
              onChange={(e) => setAtTime(e.target.value)}
            />
          )}
        </div>
        <details className="text-xs">
          <summary className="cursor-pointer text-zinc-500">Idempotency key (optional)</summary>
          <input
            className={`${inputClass} mt-1 font-mono text-xs`}
            data-testid="idempotency-key"
            value={key}
            placeholder="generated when empty"
            onChange={(e) => setKey(e.target.value)}
          />
        </details>
        <div className="flex items-center gap-3">
          <Button
            type="submit"
            variant="primary"
            data-testid="invoke"
            disabled={busySince !== null}
            title={busySince !== null ? 'Waiting for the invocation running now' : undefined}
          >
            {busySince !== null && <Spinner />} {when === 'await' ? 'Invoke' : when === 'enqueue' ? 'Enqueue' : 'Schedule'}
          </Button>
          {busySince !== null && when === 'await' && (
            <span className="text-xs text-zinc-500">
              waiting for the result… <Elapsed since={busySince} />
            </span>
          )}
        </div>
      </ActionForm>

      {error && <ErrorBox message={error} testId="invoke-error" />}
      {last?.ok && last.queued && (
        <div
          data-testid="invoke-queued"
          className="rounded-md border border-indigo-200 bg-indigo-50 p-2.5 text-xs text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950/40 dark:text-indigo-200"
        >
          <div>
            {last.fn.name}({last.argsText}){' '}
            {last.scheduledAt ? (
              <>
                scheduled for <b className="tabular">{clockTime(last.scheduledAt)}</b>
              </>
            ) : (
              'queued'
            )}
            . Its result will appear in the oplog.
          </div>
          {last.key && (
            <div className="mt-0.5 truncate font-mono text-[11px] text-indigo-700/80 dark:text-indigo-300/70">key {last.key}</div>
          )}
        </div>
      )}
      {last?.ok && !last.queued && (
        <div
          data-testid="invoke-result"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-2.5 dark:border-emerald-900 dark:bg-emerald-950/40"
        >
          <div className="mb-1 flex justify-between text-[11px] text-emerald-800 dark:text-emerald-300">
            <span>
              {last.fn.name} → {last.fn.result ? printType(last.fn.result) : 'ok'}
            </span>
            <span className="tabular">{last.ms} ms</span>
          </div>
          <div className="font-mono text-sm text-zinc-900 dark:text-zinc-100" data-testid="invoke-result-wave">
            {waveOf(last.fn, last.result)}
          </div>
          {last.fn.result && JSON.stringify(last.result) !== waveOf(last.fn, last.result) && (
            <pre
              className="mt-1 max-h-40 overflow-auto border-t border-emerald-200 pt-1 font-mono text-xs text-zinc-600 dark:border-emerald-900 dark:text-zinc-400"
              data-testid="invoke-result-json"
              title="JSON"
            >
              {JSON.stringify(last.result, null, 2)}
            </pre>
          )}
        </div>
      )}

      {history.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">History (this session)</h3>
          <ul
            className="max-h-48 divide-y divide-zinc-100 overflow-auto rounded-md border border-zinc-200 text-xs dark:divide-zinc-800 dark:border-zinc-800"
            data-testid="invoke-history"
          >
            {history.map((h) => (
              <li
                key={h.id}
                className="flex items-baseline gap-2 px-2 py-1.5 font-mono"
                title={h.key ? `idempotency key ${h.key}` : undefined}
              >
                <span className={!h.ok ? 'text-red-600' : h.queued ? 'text-indigo-600' : 'text-emerald-600'}>
                  {!h.ok ? '✗' : h.queued ? '⋯' : '✓'}
                </span>
                <span className="truncate">
                  {h.fn.name}({h.argsText}){' '}
                  {!h.ok
                    ? `: ${h.error}`
                    : h.queued
                      ? h.scheduledAt
                        ? `scheduled for ${clockTime(h.scheduledAt)}`
                        : '⋯ queued'
                      : `→ ${waveOf(h.fn, h.result)}`}
                </span>
                <span className="ml-auto shrink-0 tabular text-zinc-400">{h.ms} ms</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
