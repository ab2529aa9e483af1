// How verdicts and kill points read in the checker's UI: colour always comes
// with a text label, and each verdict with what it means.

import type { KillPoint, RunReport, Verdict } from '@/lib/checker/types';

export const VERDICTS: Record<Verdict, { label: string; short: string; cell: string; dot: string; meaning: string }> = {
  identical: {
    label: 'identical',
    short: 'same',
    cell: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
    dot: 'bg-emerald-500',
    meaning: 'Killed for real, recovered, finished: same results, same oplog, same effects as the uninterrupted run.',
  },
  'repeated-effect': {
    label: 'repeated effect',
    short: '2× effect',
    cell: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200',
    dot: 'bg-amber-500',
    meaning: 'Same results and oplog, but a service saw a request more often: the at-least-once window.',
  },
  differs: {
    label: 'differs',
    short: 'differs',
    cell: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200',
    dot: 'bg-red-500',
    meaning: 'The run ended differently from the uninterrupted one: a durability bug.',
  },
  error: {
    label: 'error',
    short: 'error',
    cell: 'border-zinc-400 bg-zinc-100 text-zinc-800 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-200',
    dot: 'bg-zinc-500',
    meaning: 'The run could not be completed or the kill point was not reached, so it proves nothing.',
  },
};

export const PHASES: { phase: KillPoint['phase']; title: string; explain: string }[] = [
  {
    phase: 'after-entry',
    title: 'After each oplog entry',
    explain: 'The worker’s thread is terminated right after this entry is committed.',
  },
  {
    phase: 'in-host-call',
    title: 'Inside each host call',
    explain: 'Terminated after the call ran live (an HTTP request has left) but before its result is recorded.',
  },
  {
    phase: 'in-recovery',
    title: 'During recovery',
    explain: 'Killed after this entry, then killed again while replaying, then recovered.',
  },
  {
    phase: 'runtime',
    title: 'Runtime SIGKILL',
    explain: 'The whole runtime process is SIGKILLed after this entry; it restarts and recovers the worker.',
  },
];

export function pointText(p: KillPoint): string {
  switch (p.phase) {
    case 'after-entry':
      return `killed after entry ${p.index}`;
    case 'in-host-call':
      return `killed inside ${p.call ?? 'the host call'} (entry ${p.index}), before its result was recorded`;
    case 'in-recovery':
      return `killed after entry ${p.index}, then again while replaying entry ${p.recoveryIndex}`;
    case 'runtime':
      return `runtime SIGKILLed after entry ${p.index}`;
  }
}

/** The at-least-once explanation for a kill inside a host call. */
export function windowNote(run: RunReport): string | undefined {
  if (run.killAt.phase !== 'in-host-call') return undefined;
  if (run.verdict === 'repeated-effect') {
    return 'At least once: the request had reached the service when the kill hit, and its response was not in the oplog yet. Recovery cannot know whether it happened, so it sends it again. This is expected in the default idempotence mode; an idempotency key the service honours (or set-idempotence-mode(false), which fails the worker instead) avoids the repeat.';
  }
  if (run.verdict === 'identical') {
    return 'A local call (clock, random, environment) ran and its answer was lost with the thread before anything used it. Recovery called it again; the checker pins such inputs to the baseline’s, so it got the same answer (unpinned it could differ, but nobody had seen the first one).';
  }
  return undefined;
}
