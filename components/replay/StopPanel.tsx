'use client';
// What the replay stopped at: the recorded entry, what the guest actually did
// there, whether they agree, and the guest's output so far.

import { useLayoutEffect, useRef } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { decodeValue, httpExchange } from '../timeline/decode';
import { HttpView } from '../timeline/EntryPayload';
import { kindStyle } from '../timeline/kinds';
import { LogText } from '../worker/Console';
import { verdict } from './match';
import type { DebugOutput, DebugState } from './types';

function Json({ value, testId }: { value: unknown; testId?: string }) {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) ?? 'undefined';
  } catch {
    text = String(value);
  }
  return (
    <pre
      data-testid={testId}
      className="max-h-48 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-50 p-2 font-mono text-[11px] leading-relaxed text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
    >
      {text}
    </pre>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">{label}</span>
      {children}
    </div>
  );
}

/** The parts of a recorded entry worth reading, by kind: each with its label and the entry's field. */
const READABLE: { [K in OplogEntry['kind']]?: [label: string, field: keyof Extract<OplogEntry, { kind: K }>][] } = {
  'imported-function-invoked': [
    ['request', 'request'],
    ['response', 'response'],
    ['durability', 'durability'],
  ],
  'exported-function-invoked': [
    ['args', 'args'],
    ['idempotency key', 'idempotencyKey'],
  ],
  'exported-function-completed': [
    ['result', 'result'],
    ['idempotency key', 'idempotencyKey'],
  ],
  log: [
    ['stream', 'stream'],
    ['message', 'message'],
  ],
  error: [['error', 'error']],
};

function recordedFields(e: OplogEntry): [string, unknown][] {
  const entry = e as OplogEntry & Record<string, unknown>;
  const readable = READABLE[e.kind] as [string, string][] | undefined;
  if (readable) return readable.map(([label, field]) => [label, entry[field]]);
  // Any other kind: its whole body, when it has one.
  const { kind: _k, index: _i, timestamp: _t, ...rest } = entry;
  return Object.keys(rest).length ? [['entry', rest]] : [];
}

export function StopPanel({ state }: { state: DebugState }) {
  const e = state.entry;
  const v = verdict(e, state.actual);
  const divergence = state.ended?.divergence;
  const whatIf = (state.overrides?.length ?? 0) > 0;
  return (
    <div className="flex flex-col gap-3 p-3 text-xs" data-testid="stop-panel" data-index={state.index}>
      {divergence && whatIf && (
        // With an override, leaving the recorded history is the point, not an error.
        <div
          role="status"
          data-testid="divergence"
          data-whatif="true"
          className="rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950/60 dark:text-indigo-200"
        >
          <p className="text-sm font-semibold">⑂ What if: the guest took another path here</p>
          <p className="mt-0.5">
            With your override the recorded history no longer applies from this point. Keep it as a fork to run the new path live.
          </p>
          <p className="mt-1 whitespace-pre-wrap break-words font-mono text-[11px]">{state.ended?.reason}</p>
        </div>
      )}
      {divergence && !whatIf && (
        <div
          role="alert"
          data-testid="divergence"
          className="rounded-md border border-red-400 bg-red-50 px-3 py-2 text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-300"
        >
          <p className="text-sm font-semibold">✕ Replay diverged from the recorded history</p>
          {state.invocation && (
            <p className="mt-0.5">
              while replaying <span className="font-mono font-medium">{state.invocation.functionName}</span> (invoked at #
              {state.invocation.index})
            </p>
          )}
          <p className="mt-1 whitespace-pre-wrap break-words font-mono text-[11px]">{state.ended?.reason}</p>
        </div>
      )}
      {!e ? (
        <p className="text-zinc-500" data-testid="stop-empty">
          Stopped before the first entry. Press <kbd className="rounded border px-1">n</kbd> to step or{' '}
          <kbd className="rounded border px-1">c</kbd> to continue.
        </p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <span className={`grid h-5 w-5 place-items-center rounded text-[11px] ${kindStyle(e.kind).chip}`} aria-hidden>
              {kindStyle(e.kind).glyph}
            </span>
            <span className="font-mono font-medium">#{e.index}</span>
            <span className="font-mono text-zinc-600 dark:text-zinc-300" data-testid="stop-kind">
              {e.kind}
            </span>
            {'functionName' in e && (
              <span className="font-mono text-zinc-800 dark:text-zinc-100" data-testid="stop-function">
                {e.functionName}
              </span>
            )}
          </div>
          {state.invocation && (
            <p className="text-zinc-500" data-testid="stop-invocation">
              in <span className="font-mono text-zinc-700 dark:text-zinc-200">{state.invocation.functionName}</span> (invoked at #
              {state.invocation.index})
            </p>
          )}
          {v.kind === 'match' && (
            <div
              data-testid="match"
              className="flex items-center gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-1.5 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300"
            >
              <span className="text-base leading-none">✓</span>
              <span>
                <span className="font-semibold">match</span> · {v.what}
              </span>
            </div>
          )}
          {v.kind === 'mismatch' && (
            <div
              data-testid="mismatch"
              className="flex items-center gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-1.5 text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-300"
            >
              <span className="text-base leading-none">✕</span>
              <span>
                <span className="font-semibold">differs</span> · {v.what}
              </span>
            </div>
          )}
          <section className="flex flex-col gap-2" data-testid="recorded">
            <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-200">Recorded</h3>
            {(() => {
              const http = httpExchange(e as unknown as { kind: string } & Record<string, unknown>);
              return http ? <HttpView http={http} /> : null;
            })()}
            {recordedFields(e).map(([label, value]) => (
              <Field key={label} label={label}>
                {/* Bytes and u64s decoded for reading; the what-if editor keeps the exact encoding. */}
                <Json value={decodeValue(value)} />
              </Field>
            ))}
          </section>
          <section className="flex flex-col gap-2" data-testid="actual">
            <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-200">What the guest did</h3>
            {state.actual === undefined ? (
              <p className="text-zinc-500">Nothing to compare: this entry is replayed as recorded.</p>
            ) : (
              <Json value={state.actual} testId="actual-json" />
            )}
          </section>
        </>
      )}
    </div>
  );
}

export function ReplayOutput({ output }: { output: DebugOutput[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [output]);
  return (
    <div
      ref={ref}
      data-testid="replay-output"
      className="h-full overflow-auto bg-zinc-950 px-3 py-2 font-mono text-xs leading-5 text-zinc-200"
    >
      {output.length === 0 ? (
        <span className="text-zinc-400">No output replayed yet.</span>
      ) : (
        output.map((l) => (
          <div key={l.index} className="flex gap-3 whitespace-pre-wrap break-all" data-testid="replay-output-line">
            <span className="w-10 shrink-0 text-right text-zinc-400">#{l.index}</span>
            <LogText message={l.message} stderr={l.stream === 'stderr'} />
          </div>
        ))
      )}
    </div>
  );
}
