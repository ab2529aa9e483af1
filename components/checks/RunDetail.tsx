'use client';
// One run beside the baseline: step results, oplog entries aligned one to
// one (a mismatch is marked), output, and what the local services saw.

import { useEffect, useRef, type ReactNode } from 'react';
import type { CheckReport, Effect, RunReport, StepOutcome } from '@/lib/checker/types';
import { Button, Card } from '../ui/ui';
import { VERDICTS, pointText, windowNote } from './verdicts';
import { Caution } from '../ui/Caution';
import { plural } from '../ui/plural';

const outcome = (o?: StepOutcome) => (!o ? '—' : 'ok' in o ? JSON.stringify(o.ok) : `error: ${o.error}`);

function Row({
  n,
  left,
  right,
  same,
  testId,
  repeated,
}: {
  n: ReactNode;
  left: ReactNode;
  right: ReactNode;
  same: boolean;
  testId?: string;
  repeated?: boolean;
}) {
  const mark = same ? '' : repeated ? 'bg-amber-50 dark:bg-amber-950/60' : 'bg-red-50 dark:bg-red-950/60';
  return (
    <tr data-testid={testId} data-same={same} className="border-t border-zinc-100 align-top dark:border-zinc-800">
      <td className="w-10 px-2 py-1 text-right font-mono text-zinc-400">{n}</td>
      <td className={`break-all px-2 py-1 font-mono ${mark}`}>{left}</td>
      <td className={`break-all px-2 py-1 font-mono ${mark}`}>{right}</td>
      <td className="w-16 px-2 py-1 text-xs">
        {same ? (
          <span className="text-zinc-400">same</span>
        ) : repeated ? (
          <span className="font-semibold text-amber-700 dark:text-amber-400">repeated</span>
        ) : (
          <span className="font-semibold text-red-700 dark:text-red-400">differs</span>
        )}
      </td>
    </tr>
  );
}

function Table({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mt-3">
      <h3 className="px-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{title}</h3>
      <table className="mt-1 w-full table-fixed text-xs">
        <thead>
          <tr className="text-left text-zinc-500 dark:text-zinc-400">
            <th className="w-10" />
            <th className="px-2 font-medium">baseline (uninterrupted)</th>
            <th className="px-2 font-medium">this run (killed and recovered)</th>
            <th className="w-16" />
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function effectCounts(effects: Effect[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of effects) m.set(`${e.service}: ${e.body}`, (m.get(`${e.service}: ${e.body}`) ?? 0) + 1);
  return m;
}

export function RunDetail({ report, run, onClose }: { report: CheckReport; run: RunReport; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  // (Braces: newer browsers return a promise from scrollIntoView, which must not become the effect's cleanup.)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [run]);
  const v = VERDICTS[run.verdict];
  const note = windowNote(run);
  const b = report.baseline;
  const rows = Math.max(b.oplog.length, run.oplog.length);
  const before = effectCounts(b.effects);
  const after = effectCounts(run.effects ?? []);
  const effectKeys = [...new Set([...before.keys(), ...after.keys()])];
  const outLines = Math.max(b.output.length, run.output.length);
  return (
    <div ref={ref} className="scroll-mt-14">
      <Card
        testId="run-detail"
        title={<>Run: {pointText(run.killAt)}</>}
        actions={
          <Button variant="ghost" onClick={onClose} aria-label="Close the comparison">
            Close
          </Button>
        }
      >
        <div className="p-4">
          <p className={`inline-flex items-center gap-2 rounded border px-2 py-1 text-sm ${v.cell}`} data-testid="run-verdict">
            <span aria-hidden className={`h-2 w-2 rounded-full ${v.dot}`} />
            <strong>{v.label}</strong> — {v.meaning}
          </p>
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            Killed {plural(run.kills, 'time')} for real; the run took {run.ms} ms.
          </p>
          {note && (
            <Caution testId="window-note" className="mt-2 max-w-4xl border border-amber-200 px-3 py-2 text-sm dark:border-amber-800">
              {note}
            </Caution>
          )}
          {run.error && <p className="mt-2 text-sm text-red-700 dark:text-red-400">{run.error}</p>}
          {run.firstDifference && (
            <p className="mt-2 text-sm" data-testid="first-difference">
              <strong>First difference</strong> (
              {run.firstDifference.what === 'result'
                ? `result of step ${(run.firstDifference.step ?? 0) + 1}`
                : run.firstDifference.what === 'entry'
                  ? `oplog entry ${run.firstDifference.baselineIndex ?? '—'} of the baseline`
                  : 'effects'}
              ): baseline <code className="font-mono">{run.firstDifference.baseline}</code>, this run{' '}
              <code className="font-mono">{run.firstDifference.run}</code>
            </p>
          )}
          <Table title="Results, step by step">
            {report.steps.map((s, i) => (
              <Row
                key={i}
                n={i + 1}
                left={
                  <>
                    <span className="text-zinc-500">{s.function}</span> → {outcome(b.results[i])}
                  </>
                }
                right={outcome(run.results[i])}
                same={outcome(b.results[i]) === outcome(run.results[i])}
              />
            ))}
          </Table>
          <Table title="Effects seen by the local services (requests received)">
            {effectKeys.length === 0 ? (
              <tr>
                <td />
                <td className="px-2 py-1 text-zinc-500" colSpan={3}>
                  no requests to the app’s demo services
                </td>
              </tr>
            ) : (
              effectKeys.map((k) => (
                <Row
                  key={k}
                  testId="effect-row"
                  n=""
                  left={`${before.get(k) ?? 0} × ${k}`}
                  right={`${after.get(k) ?? 0} × ${k}`}
                  same={(before.get(k) ?? 0) === (after.get(k) ?? 0)}
                  repeated={(after.get(k) ?? 0) > (before.get(k) ?? 0)}
                />
              ))
            )}
          </Table>
          <Table title="Output">
            {outLines === 0 ? (
              <tr>
                <td />
                <td className="px-2 py-1 text-zinc-500" colSpan={3}>
                  no output
                </td>
              </tr>
            ) : (
              Array.from({ length: outLines }, (_, i) => (
                <Row key={i} n={i + 1} left={b.output[i] ?? '—'} right={run.output[i] ?? '—'} same={b.output[i] === run.output[i]} />
              ))
            )}
          </Table>
          <Table title="Oplog, aligned (what the guest saw and did; kills and recovery bookkeeping left out)">
            {Array.from({ length: rows }, (_, i) => {
              const x = b.oplog[i];
              const y = run.oplog[i];
              return (
                <Row
                  key={i}
                  testId="aligned-entry"
                  n={x?.index ?? ''}
                  left={x?.text ?? '—'}
                  right={
                    y ? (
                      <>
                        {y.index !== x?.index && <span className="text-zinc-400">[{y.index}] </span>}
                        {y.text}
                      </>
                    ) : (
                      '—'
                    )
                  }
                  same={x?.key === y?.key}
                />
              );
            })}
          </Table>
        </div>
      </Card>
    </div>
  );
}
