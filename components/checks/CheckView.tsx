'use client';
// A check's grid: one cell per kill point, coloured and labelled by verdict,
// filled in live from the check's event stream; a cell opens its comparison.

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { checksClient, errorMessage } from '../api';
import { useEventSource } from '../useEvents';
import { PageError, PageLoading } from '../ui/PageState';
import { Card, ErrorBox, Spinner, durationText } from '../ui/ui';
import type { CheckReport, RunReport, Verdict } from '@/lib/checker/types';
import { PHASES, VERDICTS, pointText } from './verdicts';
import { RunDetail } from './RunDetail';
import { plural } from '../ui/plural';

const runKey = (r: RunReport) => `${r.killAt.phase}:${r.killAt.index}:${r.killAt.call ?? ''}:${r.killAt.recoveryIndex ?? ''}`;

export function CheckView({ id }: { id: string }) {
  const [report, setReport] = useState<CheckReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(() => {
    checksClient
      .get(id)
      .then(setReport)
      .catch((e) => setError(errorMessage(e)));
  }, [id]);
  useEffect(load, [load]);

  useEventSource(report && report.status === 'running' ? checksClient.eventsUrl(id) : null, {
    run: (run: RunReport) => setReport((r) => (r && !r.runs.some((x) => runKey(x) === runKey(run)) ? { ...r, runs: [...r.runs, run] } : r)),
    progress: (p: Pick<CheckReport, 'status' | 'done' | 'total' | 'error' | 'ms'>) => {
      setReport((r) => (r ? { ...r, ...p } : r));
      // The baseline arrives with the first progress; the final order with the last.
      if (p.status !== 'running' || (p.total > 0 && p.done === 0)) load();
    },
  });

  if (error) return <PageError message={error} />;
  if (!report) return <PageLoading>Loading the check…</PageLoading>;

  const counts = report.runs.reduce<Partial<Record<Verdict, number>>>((m, r) => ({ ...m, [r.verdict]: (m[r.verdict] ?? 0) + 1 }), {});
  const chosen = report.runs.find((r) => runKey(r) === selected);
  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">
          Durability check: {report.component} v{report.version}
        </h1>
        <Link href="/checks" className="text-sm text-indigo-700 hover:underline dark:text-indigo-400">
          New check
        </Link>
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300" data-testid="check-status">
        {report.status === 'running' && (
          <>
            <Spinner className="mr-1 align-[-2px]" />
            Running: {report.done} of {report.total ? plural(report.total, 'kill point') : '… kill points'} checked
          </>
        )}
        {report.status === 'done' && (
          <>
            Done: {plural(report.total, 'kill point')} checked in {durationText(report.ms ?? 0)},{' '}
            {plural(report.steps.length, 'invocation')} each, baseline of{' '}
            {plural(report.baseline.oplogLength, 'oplog entry', 'oplog entries')}.
          </>
        )}
        {report.status === 'failed' && <>The check failed.</>}
      </p>
      {report.error && (
        <div className="mt-2">
          <ErrorBox message={report.error} />
        </div>
      )}
      <div className="mt-3 flex flex-wrap gap-2" data-testid="check-legend">
        {(Object.keys(VERDICTS) as Verdict[]).map((v) => (
          <span
            key={v}
            title={VERDICTS[v].meaning}
            className={`inline-flex items-center gap-1.5 rounded border px-2 py-0.5 text-xs ${VERDICTS[v].cell}`}
          >
            <span aria-hidden className={`h-2 w-2 rounded-full ${VERDICTS[v].dot}`} />
            <span data-testid={`count-${v}`}>{counts[v] ?? 0}</span> {VERDICTS[v].label}
          </span>
        ))}
      </div>
      <div className="mt-4 grid gap-3">
        {PHASES.map(({ phase, title, explain }) => {
          const runs = report.runs.filter((r) => r.killAt.phase === phase).sort((a, b) => a.killAt.index - b.killAt.index);
          if (runs.length === 0 && report.status !== 'running') return null;
          return (
            <Card
              key={phase}
              title={
                <>
                  {title} <span className="ml-1 font-normal text-zinc-500 dark:text-zinc-400">{explain}</span>
                </>
              }
              testId={`phase-${phase}`}
            >
              <div role="list" className="flex flex-wrap gap-1.5 p-3">
                {runs.length === 0 && <span className="text-xs text-zinc-500">waiting…</span>}
                {runs.map((r) => {
                  const k = runKey(r);
                  const v = VERDICTS[r.verdict];
                  return (
                    <button
                      key={k}
                      type="button"
                      role="listitem"
                      data-testid="check-cell"
                      data-verdict={r.verdict}
                      data-phase={phase}
                      aria-pressed={selected === k}
                      aria-label={`${pointText(r.killAt)}: ${v.label}`}
                      title={`${pointText(r.killAt)}: ${v.label}`}
                      onClick={() => setSelected(selected === k ? null : k)}
                      className={`flex min-w-[3.25rem] flex-col items-center rounded border px-1.5 py-1 text-xs leading-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ${v.cell} ${selected === k ? 'ring-2 ring-indigo-500' : ''}`}
                    >
                      <span className="font-mono font-semibold">
                        {r.killAt.index}
                        {phase === 'in-host-call' && <span className="font-normal"> · {r.killAt.call?.split('.').pop()}</span>}
                      </span>
                      <span className="text-[10px]">{v.short}</span>
                    </button>
                  );
                })}
              </div>
            </Card>
          );
        })}
      </div>
      {chosen && (
        <div className="mt-4">
          <RunDetail report={report} run={chosen} onClose={() => setSelected(null)} />
        </div>
      )}
    </main>
  );
}
