'use client';
// Lesson 4, recovery latency: a history of 10,000 invocations, killed and
// timed, with and without snapshots, charted from the user's own runs.

import { useEffect, useRef, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { errorMessage, workerClientAt } from '../api';
import { mergeEntries } from '../timeline/live';
import { Button, ErrorBox, Spinner } from '../ui/ui';
import { Figure, LessonShell } from './LessonShell';
import { LatencyChart, type LatencyPoint } from './LatencyChart';
import { LessonTimeline } from './LessonTimeline';
import { WorkerChip } from './WorkerChip';
import { useProgress, useStored } from './progress';
import { Tasks, type TaskDef } from './Tasks';
import { invokeOnce, useLessonWorker, type RecoveryEvent } from './useLessonWorker';
import { ControlBar } from '../ui/ControlBar';
import { counted } from '../ui/plural';

const ADD = 'lesson:tally/api.{add}';
const CONCURRENCY = 24;

export function RecoveryLatency() {
  const { progress, mark, reset, shown, toggleShown, highlight } = useProgress('recovery-latency');
  const [snap, setSnap] = useStored<boolean>('learn-latency-snapshots', false);
  const [points, setPoints] = useStored<LatencyPoint[]>('learn-latency-points', []);
  const [count, setCount] = useState(10_000);
  const [grow, setGrow] = useState<{ done: number; total: number; since: number } | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<LatencyPoint | null>(null);
  const [pinned, setPinned] = useState<OplogEntry[]>([]);
  const growRun = useRef<{ snap: boolean; completed: number; first?: number; last?: number } | null>(null);
  const killRun = useRef<{ snap: boolean; at?: number } | null>(null);

  // The real button runs 10,000; ?count=N lets a test run fewer.
  useEffect(() => {
    const n = Number(new URLSearchParams(window.location.search).get('count'));
    if (Number.isInteger(n) && n > 0 && n <= 100_000) setCount(n);
  }, []);

  const handlers = (isSnap: boolean) => ({
    onEntries: (es: OplogEntry[]) => {
      const g = growRun.current;
      for (const e of es) {
        if (g && g.snap === isSnap) {
          if (e.kind === 'exported-function-invoked' && g.first === undefined) g.first = e.index;
          if (e.kind === 'exported-function-completed') {
            g.completed += 1;
            g.last = e.index;
            if (g.completed >= count) mark('grow', { entries: [g.first ?? e.index, e.index], facts: { invocations: g.completed } });
          }
        }
        if (e.kind === 'interrupted' && killRun.current?.snap === isSnap) killRun.current.at = e.index;
      }
    },
    onRecovery: (r: RecoveryEvent) => {
      const k = killRun.current;
      if (r.phase !== 'done' || !k || k.snap !== isSnap || k.at === undefined) return;
      const p: LatencyPoint = { snapshots: isSnap, entries: k.at, ms: r.ms ?? 0, invocations: r.replayedInvocations ?? 0 };
      killRun.current = null;
      setMeasuring(false);
      setLast(p);
      setPoints([...pointsRef.current, p].slice(-40));
      const facts = { ms: p.ms, entries: p.entries, invocations: p.invocations };
      if (!isSnap && p.entries >= count) mark('measure', { entries: [k.at], facts });
      const base = snapBase.current;
      if (isSnap && p.entries >= count && base) {
        // The newest snapshot before the kill: what recovery loaded.
        void workerClientAt(base)
          .oplog({ kinds: ['snapshot'], reverse: true, limit: 1, to: k.at })
          .then((o) => {
            setPinned(o.entries);
            mark('snapshots', { entries: [...o.entries.map((e) => e.index), k.at!], facts });
          })
          .catch((e) => setError(errorMessage(e)));
      }
    },
  });
  const plain = useLessonWorker('recovery-latency:plain', 'lesson-tally', handlers(false));
  const snapW = useLessonWorker('recovery-latency:snap', 'lesson-tally-snap', handlers(true));
  const pointsRef = useRef(points);
  pointsRef.current = points;
  const snapBase = useRef(snapW.base);
  snapBase.current = snapW.base;
  const w = snap ? snapW : plain;
  const length = w.entries[w.entries.length - 1]?.index ?? w.info?.oplogLength ?? 0;

  const ensure = async () => {
    if (w.base) return w.base;
    setBusy('Building the component and starting a worker…');
    const name = await w.create({ prefix: snap ? 'learn-snap' : 'learn-history' });
    setBusy(null);
    return `/api/workers/${snap ? 'lesson-tally-snap' : 'lesson-tally'}/${name}`;
  };

  const run = async () => {
    setError(null);
    try {
      const base = await ensure();
      growRun.current = { snap, completed: 0 };
      const since = Date.now();
      setGrow({ done: 0, total: count, since });
      let next = 0;
      let done = 0;
      const lane = async () => {
        while (next < count) {
          next += 1;
          await invokeOnce(base, ADD, [1]);
          done += 1;
          if (done % 50 === 0 || done === count) setGrow({ done, total: count, since });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
      setGrow(null);
    }
  };

  const measure = async () => {
    if (!w.base) return;
    setError(null);
    setMeasuring(true);
    killRun.current = { snap };
    try {
      await workerClientAt(w.base).kill({ recover: true });
    } catch (e) {
      setMeasuring(false);
      killRun.current = null;
      setError(errorMessage(e));
    }
  };

  const plainFacts = progress.measure?.facts;
  const tasks: TaskDef[] = [
    {
      id: 'grow',
      title: `Grow a history of ${count.toLocaleString('en')} invocations`,
      hint: 'Press the run button. Each invocation adds two entries (called, completed) to the worker’s oplog.',
      note: (r) => (
        <>
          {counted(Number(r.facts?.invocations ?? 0), 'invocation')} completed, from #{r.entries[0]} to #{r.entries[1]}. The worker’s state
          is one number; its history is all of this.
        </>
      ),
    },
    {
      id: 'measure',
      title: 'Kill it and time the recovery',
      hint: 'Press “Kill and time the recovery”. Recovery replays every invocation in the history.',
      note: (r) => (
        <>
          The kill is #{r.entries[0]}. Recovery replayed {counted(Number(r.facts?.invocations), 'invocation')} (
          {counted(Number(r.facts?.entries), 'entry', 'entries')}) in {r.facts?.ms} ms: the longer the history, the longer this takes.
        </>
      ),
    },
    {
      id: 'snapshots',
      title: 'Turn snapshots on, grow and time it again',
      hint: 'Switch snapshots on (a second version of the component that can save and load its state), run the invocations, kill it and time it.',
      note: (r) => (
        <>
          This time the worker’s state was saved every 1,000 entries or so (
          {r.entries.length > 1 ? <>the newest snapshot before the kill is #{r.entries[0]}</> : 'snapshot entries'}). Recovery loaded the
          newest one and replayed only the {counted(Number(r.facts?.invocations), 'invocation')} after it, in {r.facts?.ms} ms
          {plainFacts ? (
            <>
              {' '}
              (without snapshots: {counted(Number(plainFacts.invocations), 'invocation')}, {plainFacts.ms} ms)
            </>
          ) : null}
          . What is replayed no longer grows with the history: a snapshot bounds it.
          {plainFacts && Number(r.facts?.ms) >= Number(plainFacts.ms) ? (
            <>
              {' '}
              Here it was not faster: starting a fresh instance costs the same either way, and at this history length it outweighs the
              replay saved. Grow the history further and measure again.
            </>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <LessonShell
      id="recovery-latency"
      onReset={() => {
        reset();
        plain.forget();
        snapW.forget();
        setPoints([]);
        setLast(null);
      }}
      intro={
        <>
          <p>
            Recovery replays a worker’s history. That is what makes it exact, and it is also what it costs: a worker that has handled ten
            thousand calls replays ten thousand calls before it can take the next one.
          </p>
          <p>
            A <em>snapshot</em> is the worker’s own state, saved now and then into the oplog. Recovery loads the newest snapshot and replays
            only what came after it. The component has to know how to save and load its state (Golem’s <code>save-snapshot</code> and{' '}
            <code>load-snapshot</code>); here a second version of the same component does.
          </p>
          <p>Measure both on your own machine. Every measurement lands on the chart.</p>
        </>
      }
      side={
        <>
          <ControlBar>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={snap}
                onChange={(e) => setSnap(e.target.checked)}
                disabled={grow !== null || measuring}
                data-testid="snapshots-toggle"
              />
              Snapshots
            </label>
            <Button variant="primary" onClick={run} disabled={grow !== null || busy !== null || measuring || !w.loaded} data-testid="grow">
              {(busy || grow) && <Spinner />} Run {count.toLocaleString('en')} invocations
            </Button>
            <Button variant="danger" onClick={measure} disabled={!w.base || grow !== null || measuring} data-testid="measure">
              {measuring && <Spinner />} Kill and time the recovery
            </Button>
            <WorkerChip name={w.name} status={w.status} />
          </ControlBar>
          <div className="h-5" data-testid="grow-progress">
            {grow ? (
              <div className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                <div
                  className="h-2 flex-1 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
                  role="progressbar"
                  aria-valuenow={grow.done}
                  aria-valuemax={grow.total}
                >
                  <div className="h-full bg-indigo-500" style={{ width: `${(grow.done / grow.total) * 100}%` }} />
                </div>
                <span className="tabular">
                  {grow.done.toLocaleString('en')} of {grow.total.toLocaleString('en')}
                </span>
              </div>
            ) : (
              busy && <span className="text-xs text-zinc-600 dark:text-zinc-400">{busy}</span>
            )}
          </div>
          {error && <ErrorBox message={error} />}
          <div className="grid grid-cols-3 gap-2">
            <Figure label="History" value={counted(length, 'entry', 'entries')} testId="history-length" />
            <Figure label="Last recovery" value={last ? `${last.ms} ms` : '–'} testId="last-recovery" />
            <Figure label="Replayed" value={last ? counted(last.invocations, 'call') : '–'} testId="last-replayed" />
          </div>
          <LatencyChart points={points} />
          <LessonTimeline entries={snap ? mergeEntries(pinned, w.entries) : w.entries} highlight={highlight} rows={8} />
        </>
      }
    >
      <Tasks tasks={tasks} progress={progress} onShow={toggleShown} shown={shown} />
    </LessonShell>
  );
}
