'use client';
// Lesson 2, failure and recovery: crash the whole runtime while three workers
// are busy and one sleeps; each replays back to where it was and goes on.

import { useRef, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import type { RecoveryEvent, WorkerStatus } from '@/lib/runtime/types';
import { errorMessage, runtimeClient, workerClient, workersClient } from '../api';
import { Button, ErrorBox, Spinner, StatusBadge } from '../ui/ui';
import { useEventSource } from '../useEvents';
import { LessonShell } from './LessonShell';
import { LessonTimeline } from './LessonTimeline';
import { useProgress, useStored } from './progress';
import { Tasks, type TaskDef } from './Tasks';
import { ensureComponent, useLessonWorker } from './useLessonWorker';
import { ControlBar } from '../ui/ControlBar';
import { plural } from '../ui/plural';

const COMPONENT = 'lesson-tally';
const FN = { work: 'lesson:tally/api.{work}', nap: 'lesson:tally/api.{nap}' };
const STEPS = 60;
const STEP_MS = 200;
const NAP_MS = 15_000;

interface Row {
  status?: WorkerStatus;
  replay?: { index?: number; total?: number; ms?: number; invocations?: number; phase: string };
  result?: number;
  recovered?: boolean;
}

export function FailureRecovery() {
  const { progress, mark, reset, shown, toggleShown, highlight } = useProgress('failure-and-recovery');
  const [names, setNames] = useStored<{ busy: string[]; sleeper: string } | null>('learn-fr-workers', null);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [crashedAt, setCrashedAt] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const crash = useRef<{ lastBefore?: number; firstAfter?: number; expect: Set<string> } | null>(null);
  const running = useRef(new Set<string>());
  // Each worker's latest status as the events said, independent of rendering.
  const statuses = useRef(new Map<string, WorkerStatus>());
  const entriesRef = useRef<OplogEntry[]>([]);

  const w = useLessonWorker('failure-and-recovery', COMPONENT, {
    onEntries: (es) => {
      entriesRef.current = [...entriesRef.current, ...es].slice(-200);
      const c = crash.current;
      if (c && c.firstAfter === undefined) {
        const live = es.find((e) => e.kind === 'log' && e.index > (c.lastBefore ?? 0));
        if (live) c.firstAfter = live.index;
      }
    },
  });
  // Read by the event handlers: set at once when workers start, before React renders them.
  const namesRef = useRef(names);
  namesRef.current = names ?? namesRef.current;
  const idsOf = (n: typeof names) => (n ? [...n.busy, n.sleeper].map((x) => `${COMPONENT}/${x}`) : []);
  const idsRef = {
    get current() {
      return idsOf(namesRef.current);
    },
  };

  const update = (id: string, f: (r: Row) => Row) => setRows((prev) => ({ ...prev, [id]: f(prev[id] ?? {}) }));

  const checkDone = (next: Record<string, Row>) => {
    const c = crash.current;
    const names = namesRef.current;
    if (!c || !names) return;
    const all = [...names.busy, names.sleeper].map((n) => `${COMPONENT}/${n}`);
    if (all.every((id) => next[id]?.result !== undefined) && [...c.expect].every((id) => next[id]?.recovered)) {
      const facts: Record<string, number> = {};
      all.forEach((id, i) => {
        if (c.expect.has(id)) facts[i < names.busy.length ? `busy ${i + 1}` : 'the sleeper'] = next[id]?.replay?.ms ?? 0;
      });
      mark('back', { entries: [c.lastBefore, c.firstAfter].filter((x): x is number => x !== undefined), facts });
    }
  };

  // Live before any work starts, so no status change is missed: `ready` comes once the runtime sends events to
  // this stream (the connection opens before that).
  useEventSource(
    '/api/events',
    {
      status: (d: { workerId: string; status: WorkerStatus }) => {
        if (!idsRef.current.includes(d.workerId)) return;
        const names = namesRef.current;
        statuses.current.set(d.workerId, d.status);
        if (d.status === 'running') running.current.add(d.workerId);
        else running.current.delete(d.workerId);
        update(d.workerId, (r) => ({ ...r, status: d.status }));
        if (d.status === 'idle') fetchResult(d.workerId);
        if (names) {
          const busyRunning = names.busy.every((n) => statuses.current.get(`${COMPONENT}/${n}`) === 'running');
          if (busyRunning && statuses.current.get(`${COMPONENT}/${names.sleeper}`) === 'suspended') {
            const last = entriesRef.current.filter((e) => e.kind === 'exported-function-invoked').pop();
            mark('busy', { entries: last ? [last.index] : [] });
          }
        }
      },
      recovery: (d: RecoveryEvent) => {
        if (!idsRef.current.includes(d.workerId)) return;
        setRows((prev) => {
          const r = prev[d.workerId] ?? {};
          const c = crash.current;
          const next = {
            ...prev,
            [d.workerId]: {
              ...r,
              replay: {
                ...r.replay,
                phase: d.phase,
                ...(d.total !== undefined ? { total: d.total } : {}),
                ...(d.index !== undefined ? { index: d.index } : {}),
                ...(d.ms !== undefined ? { ms: Math.round(d.ms) } : {}),
                ...(d.replayedInvocations !== undefined ? { invocations: d.replayedInvocations } : {}),
              },
              recovered: r.recovered || (d.phase === 'done' && c !== null && c.expect.has(d.workerId)),
            },
          };
          if (d.phase === 'done') queueMicrotask(() => checkDone(next));
          return next;
        });
      },
      runtime: (d: { phase: 'crashed' | 'restarted' }) => {
        const names = namesRef.current;
        if (d.phase !== 'crashed' || !names) return;
        setCrashedAt(Date.now());
        const anyBusy = names.busy.some((n) => running.current.has(`${COMPONENT}/${n}`));
        const lastBefore = entriesRef.current.filter((e) => e.kind === 'log').pop()?.index;
        // Who has to come back: the workers that were mid-call, and the sleeper.
        const sleeper = `${COMPONENT}/${names.sleeper}`;
        const expect = new Set(idsRef.current.filter((id) => running.current.has(id) || id === sleeper));
        crash.current = { lastBefore, expect };
        setRows((prev) => Object.fromEntries(Object.entries(prev).map(([k, v]) => [k, { ...v, recovered: false, replay: undefined }])));
        if (anyBusy)
          mark('crash', {
            entries: lastBefore ? [lastBefore] : [],
            facts: { busy: names.busy.filter((n) => running.current.has(`${COMPONENT}/${n}`)).length },
          });
      },
      ready: () => setOpen(true),
    },
    (open) => !open && setOpen(false),
  );

  // The calls' idempotency keys: each is sent with /invoke (a browser has few
  // connections per site: four long invoke-and-await calls would hold them all),
  // and its result fetched with the same key once the worker is idle again.
  const keys = useRef(new Map<string, { key: string; fn: string; args: readonly number[] }>());

  const fetchResult = (id: string) => {
    const call = keys.current.get(id);
    if (!call) return;
    keys.current.delete(id);
    const name = id.slice(COMPONENT.length + 1);
    workerClient(COMPONENT, name)
      .invokeAndAwait<number>({ function: call.fn, args: [...call.args], idempotencyKey: call.key })
      .then(
        (r) =>
          setRows((p) => {
            const next = { ...p, [id]: { ...p[id], result: Number(r.result) } };
            queueMicrotask(() => checkDone(next));
            return next;
          }),
        (e) => setError(errorMessage(e)),
      );
  };

  const startWork = async (n: { busy: string[]; sleeper: string }) => {
    setRows({});
    crash.current = null;
    for (const [name, fn, args] of [
      ...n.busy.map((b) => [b, FN.work, [STEPS, STEP_MS]] as const),
      [n.sleeper, FN.nap, [NAP_MS]] as const,
    ]) {
      const key = crypto.randomUUID();
      keys.current.set(`${COMPONENT}/${name}`, { key, fn, args });
      await workerClient(COMPONENT, name).invoke({ function: fn, args: [...args], idempotencyKey: key });
    }
  };

  const start = async () => {
    setError(null);
    try {
      let n = names;
      if (!n || !w.name) {
        setBusy('Building the tally component and starting four workers…');
        await ensureComponent(COMPONENT);
        const first = await w.create({ prefix: 'learn-busy' });
        const tag = first.split('-').pop();
        const busy = [first, `learn-busy-${tag}-2`, `learn-busy-${tag}-3`];
        const sleeper = `learn-sleeper-${tag}`;
        for (const o of [...busy.slice(1), sleeper]) await workersClient.create({ component: COMPONENT, name: o });
        n = { busy, sleeper };
        namesRef.current = n;
        setNames(n);
      }
      await startWork(n);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const crashRuntime = async () => {
    setError(null);
    try {
      await runtimeClient.crash();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const tasks: TaskDef[] = [
    {
      id: 'busy',
      title: 'Start three busy workers and one sleeping one',
      hint: `Press “Start the workers”. Three count to ${STEPS}, one step every ${STEP_MS} ms; the fourth sleeps ${NAP_MS / 1000} s, out of memory.`,
      note: (r) => (
        <>
          Each busy worker is in the middle of a call (#{r.entries[0]} is one of them). Each step it takes is recorded; the sleeper wrote a{' '}
          <code>suspend</code> entry with its wake-up time and left memory.
        </>
      ),
    },
    {
      id: 'crash',
      title: 'Crash the runtime while they work',
      hint: 'Press “Crash the runtime”: the process running every worker is killed with SIGKILL. No goodbye, no clean-up.',
      note: (r) => (
        <>
          {r.facts?.busy} {r.facts?.busy === 1 ? 'worker was' : 'workers were'} mid-call. #{r.entries[0]} was the last step recorded before
          the crash. The web app noticed the process die and started a new one.
        </>
      ),
    },
    {
      id: 'back',
      title: 'Watch every worker come back',
      hint: 'Each busy worker replays its oplog, then carries on from the step it had reached. The sleeper wakes on time, because its wake-up time was in the oplog.',
      note: (r) => (
        <>
          Recovery took{' '}
          {Object.entries(r.facts ?? {})
            .map(([k, v]) => `${k} ${v} ms`)
            .join(', ')}
          . Replay rebuilt each worker up to its last recorded step (#
          {r.entries[0]} here); #{r.entries[1] ?? '?'} is the first step taken live after it. Each call returned {STEPS} steps, none lost,
          none counted twice.
        </>
      ),
    },
  ];
  const all = names ? [...names.busy.map((n) => ({ n, role: 'busy' })), { n: names.sleeper, role: 'sleeps' }] : [];

  return (
    <LessonShell
      id="failure-and-recovery"
      onReset={() => {
        reset();
        namesRef.current = null;
        setNames(null);
        w.forget();
        setRows({});
      }}
      intro={
        <>
          <p>
            Killing one worker is one thing. Here the whole runtime goes: the operating-system process that runs every worker is killed at
            once, the way a power cut or an out-of-memory killer would.
          </p>
          <p>
            When it comes back, each worker that was in the middle of something is rebuilt the same way: a fresh instance re-runs its
            recorded calls, every question it asks the outside world answered from its oplog, until it reaches the point of the crash. Then
            it goes on live.
          </p>
          <p>A worker that was asleep is not in memory at all. Its wake-up time is in its oplog, so it wakes on time anyway.</p>
        </>
      }
      side={
        <>
          <ControlBar>
            <Button variant="primary" onClick={start} disabled={busy !== null || !w.loaded || !open} data-testid="start-workers">
              {busy && <Spinner />} {names ? 'Start the work again' : 'Start the workers'}
            </Button>
            <Button variant="danger" onClick={crashRuntime} disabled={!names} data-testid="crash-runtime">
              Crash the runtime
            </Button>
            {crashedAt && (
              <span className="ml-auto text-xs text-zinc-500" data-testid="crashed-at">
                crashed at {new Date(crashedAt).toLocaleTimeString()}
              </span>
            )}
          </ControlBar>
          {busy && <div className="text-xs text-zinc-600 dark:text-zinc-400">{busy}</div>}
          {error && <ErrorBox message={error} />}
          {names && (
            <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <table className="w-full text-sm" data-testid="fr-workers">
                <thead>
                  <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
                    <th className="px-3 py-1.5 font-medium">Worker</th>
                    <th className="px-3 py-1.5 font-medium">Status</th>
                    <th className="px-3 py-1.5 font-medium">Replay after the crash</th>
                    <th className="px-3 py-1.5 text-right font-medium">Returned</th>
                  </tr>
                </thead>
                <tbody>
                  {all.map(({ n, role }) => {
                    const id = `${COMPONENT}/${n}`;
                    const r = rows[id] ?? {};
                    return (
                      <tr
                        key={n}
                        className="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
                        data-testid="fr-row"
                        data-recovered={r.recovered ? 'true' : 'false'}
                      >
                        <td className="px-3 py-1.5">
                          <span className="font-mono text-xs">{n}</span> <span className="text-xs text-zinc-500">({role})</span>
                        </td>
                        <td className="px-3 py-1.5">
                          {r.status ? <StatusBadge status={r.status} /> : <span className="text-xs text-zinc-400">–</span>}
                        </td>
                        <td className="px-3 py-1.5 text-xs tabular">
                          {replayText(r, crash.current !== null, crash.current?.expect.has(id) ?? false)}
                        </td>
                        <td className="px-3 py-1.5 text-right tabular" data-testid="fr-result">
                          {r.result ?? '…'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <LessonTimeline entries={w.entries} highlight={highlight} title={w.name ? `Oplog of ${w.name}` : 'Oplog'} />
        </>
      }
    >
      <Tasks tasks={tasks} progress={progress} onShow={toggleShown} shown={shown} />
    </LessonShell>
  );
}

function replayText(r: Row, crashed: boolean, expected: boolean): string {
  if (crashed && !expected && !r.replay) return 'was not mid-call: nothing to replay';
  if (!crashed) return r.status === 'suspended' ? 'asleep: not in memory' : '–';
  const p = r.replay;
  if (!p) return r.status === 'suspended' ? 'asleep: wakes on time' : 'waiting for the runtime…';
  if (p.phase === 'done')
    return `${plural(p.invocations ?? 0, 'invocation')}, ${p.total === undefined ? '? entries' : plural(p.total, 'entry', 'entries')}, in ${p.ms ?? 0} ms ✓`;
  return `replaying entry ${p.index ?? 0} of ${p.total ?? '?'}…`;
}
