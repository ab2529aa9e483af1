'use client';
// The replay page's controls: step, step over, continue, restart, continue to
// or rewind to an index, the end-of-replay line, and the scrubber.

import type { ReactNode } from 'react';
import { Button, inputBase } from '../ui/ui';
import { ActionForm } from '../ui/action';
import type { DebugSession } from './useDebugSession';
import { SlowReplay } from '../presenter/SlowReplay';

/** A number typed by the user as an oplog index, or null. */
export const parseTarget = (s: string) => {
  const n = Number(s);
  return s.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : null;
};

const ENDED = 'The replay ended: rewind or restart';

/** An index typed by the user, and where it goes: its text as typed, and the command it runs. */
export interface IndexField {
  text: string;
  setText: (v: string) => void;
  go: (target: number) => void;
}

/**
 * "<label> [index] <button>": a small form that goes to the typed index. `id`
 * is also the button's test id; `why` says why it cannot go (its title), or
 * is undefined when it can.
 */
function IndexForm({
  id,
  label,
  field,
  max,
  disabled,
  why,
  children,
}: {
  id: string;
  label: string;
  field: IndexField;
  max: number;
  disabled: boolean;
  why: string | undefined;
  children: ReactNode;
}) {
  return (
    <ActionForm
      className="flex items-center gap-1"
      onSubmit={() => {
        const target = parseTarget(field.text);
        if (target !== null) field.go(target);
      }}
    >
      <label htmlFor={id} className="text-xs text-zinc-500">
        {label}
      </label>
      <input
        id={id}
        data-testid={`${id}-input`}
        type="number"
        min={0}
        max={max}
        value={field.text}
        onChange={(e) => field.setText(e.target.value)}
        className={`${inputBase} h-8 w-20 py-0 text-xs tabular`}
      />
      <Button type="submit" data-testid={id} disabled={disabled || why !== undefined} className="h-8" title={why}>
        {children}
      </Button>
    </ActionForm>
  );
}

export function ReplayControls({
  session,
  scrub,
  onScrub,
  continueTo,
  rewindTo,
  onStep,
  onStepOver,
  onContinue,
}: {
  /** The stop reached, the commands waiting their turn (given while another runs), and the restart. */
  session: Pick<DebugSession, 'state' | 'index' | 'lastIndex' | 'waiting' | 'restart'>;
  scrub: number | null;
  onScrub: (index: number) => void;
  continueTo: IndexField;
  rewindTo: IndexField;
  onStep: () => Promise<unknown>;
  onStepOver: () => void;
  onContinue: () => void;
}) {
  const { state, index, lastIndex, waiting, restart } = session;
  const ended = !!state?.ended;
  // A command given while another runs waits its turn (useDebugSession): nothing is disabled while busy.
  const disabled = !state;
  const continueTarget = parseTarget(continueTo.text);
  const continueWhy = ended
    ? ENDED
    : continueTarget === null
      ? 'Type an index to run to'
      : continueTarget <= index
        ? `Already at #${index}: use Rewind to go back`
        : undefined;
  const rewindWhy = parseTarget(rewindTo.text) === null ? 'Type an index to rewind to' : undefined;
  /** For a button that runs the replay forward: off once the replay ended, its title then saying so. */
  const runs = (hint: string, endedWhy = ENDED) => ({ disabled: disabled || ended, title: ended ? endedWhy : hint });
  return (
    <section
      className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900"
      aria-label="Replay controls"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="primary"
          data-testid="step"
          onClick={onStep}
          {...runs('Replay the next entry (n or s)', 'The replay ended: rewind or restart to step again')}
        >
          Step <kbd className="rounded bg-white/20 px-1 text-[10px]">n</kbd>
        </Button>
        <Button data-testid="step-over" onClick={onStepOver} {...runs('Run until the current invocation completes (or a breakpoint)')}>
          Step over invocation
        </Button>
        <Button data-testid="continue" onClick={onContinue} {...runs('Run to the next breakpoint, or the end (c)')}>
          Continue <kbd className="rounded border border-zinc-300 px-1 text-[10px] dark:border-zinc-600">c</kbd>
        </Button>
        <SlowReplay step={onStep} ended={ended} disabled={disabled} />
        <Button variant="ghost" data-testid="restart" onClick={restart} title="Start over, before the first entry">
          ↺ Restart
        </Button>
        {/* A fixed slot, empty when nothing waits: the count appearing moves nothing. */}
        <span
          role="status"
          data-testid="queued-count"
          title={waiting > 0 ? 'Commands clicked while one runs: they run in order, none is dropped' : undefined}
          className="h-4 w-16 shrink-0 text-xs leading-4 tabular text-zinc-600 dark:text-zinc-300"
        >
          {waiting > 0 ? `${waiting} queued` : ''}
        </span>
        <span className="mx-1 h-5 w-px bg-zinc-200 dark:bg-zinc-700" />
        <IndexForm id="continue-to" label="Continue to" field={continueTo} max={lastIndex} disabled={disabled} why={continueWhy}>
          Go
        </IndexForm>
        <IndexForm id="rewind-to" label="Rewind to" field={rewindTo} max={lastIndex} disabled={disabled} why={rewindWhy}>
          ↶ Rewind
        </IndexForm>
        {/* The end of the replay, in one line beside the controls: nothing below moves. The full reason is in "At this stop". */}
        {state?.ended && (
          <div
            role="status"
            data-testid="ended-banner"
            data-divergence={state.ended.divergence ? 'true' : 'false'}
            title={state.ended.reason}
            className={`ml-auto flex h-8 min-w-0 flex-1 basis-48 items-center gap-1 truncate rounded-md border px-2 text-xs ${
              state.ended.divergence && !state.overrides?.length
                ? 'border-red-400 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-300'
                : state.ended.divergence
                  ? 'border-indigo-300 bg-indigo-50 text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950/60 dark:text-indigo-200'
                  : 'border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300'
            }`}
          >
            <span className="shrink-0 font-semibold">
              {!state.ended.divergence ? '■ Replay ended' : state.overrides?.length ? '⑂ What-if path' : '✕ Replay diverged'}
            </span>
            <span className="truncate">· {state.ended.reason}</span>
          </div>
        )}
      </div>
      <div className="flex items-center gap-3">
        <span className="w-4 text-right text-[11px] tabular text-zinc-400">0</span>
        <input
          type="range"
          aria-label="Scrub to an index"
          data-testid="scrubber"
          min={0}
          max={Math.max(lastIndex, 1)}
          step={1}
          disabled={!state}
          value={scrub ?? index}
          onChange={(e) => onScrub(Number(e.target.value))}
          className="h-1.5 flex-1 cursor-pointer accent-indigo-600"
        />
        <span className="w-10 text-[11px] tabular text-zinc-400">{lastIndex}</span>
      </div>
    </section>
  );
}
