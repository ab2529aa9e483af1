'use client';
// Lesson 3, at least once: a checkout killed while its payment request is in
// flight pays twice; an idempotency key, or idempotence mode off, cures it.

import { useRef, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { demoClient, errorMessage, workerClientAt } from '../api';
import { Button, Spinner } from '../ui/ui';
import { LessonShell } from './LessonShell';
import { LessonTimeline } from './LessonTimeline';
import { WorkerControls } from './WorkerChip';
import { PaymentService, useLedger } from './PaymentService';
import { useProgress, useStored, type TaskRecord } from './progress';
import { Tasks, type TaskDef } from './Tasks';
import { invokeOnce, useLessonWorker } from './useLessonWorker';
import { Tab } from '../ui/Tab';

type Cure = 'none' | 'idempotency-key' | 'at-most-once';

const STAGES: { cure: Cure; label: string; task: string }[] = [
  { cure: 'none', label: '1. No cure', task: 'charged-twice' },
  { cure: 'idempotency-key', label: '2. Idempotency key', task: 'cure-key' },
  { cure: 'at-most-once', label: '3. Idempotence mode off', task: 'cure-at-most-once' },
];

const FN = { add: 'lesson:checkout/api.{add-item}', checkout: 'lesson:checkout/api.{checkout}' };
const MUG = { 'product-id': 'mug', name: 'Mug', price: 8.5, quantity: 1 };

export function AtLeastOnce() {
  const { progress, mark, reset, shown, toggleShown, highlight } = useProgress('at-least-once');
  const [cure, setCure] = useStored<Cure>('learn-at-least-once-stage', 'none');
  const [generation, setGeneration] = useState(0);

  const tasks: TaskDef[] = [
    {
      id: 'kill-in-flight',
      title: 'Kill the checkout while its payment is in flight',
      hint: 'Press “Check out and kill in flight”. The page asks the payment service to hold its answer, waits until the request has arrived, then kills the worker.',
      note: (r) => (
        <>
          The checkout started at #{r.entries[0]} and sent its payment request. The service charged the card, but its answer never reached
          the oplog: the kill came first (#{r.entries[r.entries.length - 1]}, <code>interrupted</code>). Nothing records that the payment
          happened.
        </>
      ),
    },
    {
      id: 'charged-twice',
      title: 'See the card charged twice',
      hint: 'Watch the payment service’s own records below, and the oplog, as the worker recovers.',
      note: (r) => (
        <>
          Replay reached the payment request, found no recorded answer, and so sent it again (#{r.entries[0]}): the service now shows{' '}
          <strong>{r.facts?.charges} charges</strong> for one order. Everything recorded happens once; a call in flight when the crash hits
          may happen again. That is <em>at least once</em>.
        </>
      ),
    },
    {
      id: 'cure-key',
      title: 'Cure 1: send an idempotency key',
      hint: 'Switch to “2. Idempotency key” and do it again. This worker asks Golem for a key and sends it with the request.',
      note: (r) => (
        <>
          The key came from <code>generate-idempotency-key</code> and was recorded (#{r.entries[0]}) before the request left, so the
          repeated request (#{r.entries.length > 2 ? r.entries[r.entries.length - 2] : r.entries[r.entries.length - 1]}) carried the same
          key. The service saw it twice and charged <strong>{r.facts?.charges}</strong> time: it recognised the repeat. The cure is on the
          service’s side: it has to honour keys.
        </>
      ),
    },
    {
      id: 'cure-at-most-once',
      title: 'Cure 2: turn idempotence mode off',
      hint: 'Switch to “3. Idempotence mode off” and do it again. This worker tells Golem its payment call must not be repeated.',
      note: (r) => (
        <>
          With idempotence mode off the request was bracketed by <code>begin-remote-write</code> (#{r.entries[0]}). On replay, a write that
          began and has no recorded end cannot be known to have happened or not, so the worker failed instead of sending it again (#
          {r.entries[r.entries.length - 1]}, <code>error</code>). The service charged <strong>{r.facts?.charges}</strong> time:{' '}
          <em>at most once</em>, and a person decides what comes next.
        </>
      ),
    },
  ];

  const stage = STAGES.find((s) => s.cure === cure) ?? STAGES[0]!; // a non-empty constant

  return (
    <LessonShell
      id="at-least-once"
      onReset={() => {
        reset();
        setCure('none');
        for (const s of STAGES) localStorage.removeItem(`learn-worker:at-least-once:${s.cure}`);
        setGeneration((g) => g + 1);
      }}
      intro={
        <>
          <p>
            A worker records each call it makes to the outside world <em>with its answer</em>. After a crash, a recorded call is not made
            again: its answer is read from the oplog. But there is a moment when the request has left and the answer has not come back.
            Crash then, and the oplog cannot say whether the call happened.
          </p>
          <p>
            The default is to make the call again: <strong>at least once</strong>. For a payment that means the card may be charged twice.
            Here the checkout calls a small payment service that keeps its own records, so you can count.
          </p>
          <p>Then try the two cures: a key the service uses to recognise a repeat, and Golem’s idempotence mode switched off.</p>
        </>
      }
      side={
        <>
          <div
            role="tablist"
            className="flex gap-1 rounded-lg border border-zinc-200 bg-zinc-100 p-1 dark:border-zinc-800 dark:bg-zinc-900"
          >
            {STAGES.map((s) => (
              <Tab
                key={s.cure}
                selected={s.cure === cure}
                testId={`stage-${s.cure}`}
                onSelect={() => setCure(s.cure)}
                className={`flex-1 rounded-md px-2 py-1 text-sm ${s.cure === cure ? 'bg-white font-medium shadow-sm dark:bg-zinc-800' : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white'}`}
              >
                {s.label} {progress[s.task] ? '✓' : ''}
              </Tab>
            ))}
          </div>
          <Stage key={`${stage.cure}-${generation}`} cure={stage.cure} highlight={highlight} mark={mark} />
        </>
      }
    >
      <Tasks tasks={tasks} progress={progress} onShow={toggleShown} shown={shown} />
    </LessonShell>
  );
}

interface Run {
  key: string;
  before: { charges: number; deduplicated: number };
  invokedAt?: number;
  killAt?: number;
}

function Stage({ cure, highlight, mark }: { cure: Cure; highlight: number[]; mark: (t: string, r: Omit<TaskRecord, 'at'>) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useRef<Run | null>(null);
  const seen = useRef<OplogEntry[]>([]);
  const w = useLessonWorker(`at-least-once:${cure}`, 'lesson-checkout', {
    onEntries: (entries) => {
      seen.current = [...seen.current, ...entries].slice(-300);
      const r = run.current;
      if (!r) return;
      for (const e of entries) {
        if (e.kind === 'exported-function-invoked' && e.idempotencyKey === r.key) r.invokedAt = e.index;
        if (e.kind === 'interrupted' && r.invokedAt !== undefined && r.killAt === undefined) {
          r.killAt = e.index;
          if (cure === 'none') mark('kill-in-flight', { entries: [r.invokedAt, e.index] });
        }
        if (r.killAt === undefined) continue;
        if (e.kind === 'exported-function-completed' && e.idempotencyKey === r.key) void settle(r, e.index);
        if (e.kind === 'error' && cure === 'at-most-once') void settle(r, e.index);
      }
    },
  });
  const ledger = useLedger(w.name);

  // The outcome of a run, once the checkout finished or failed: count what the service did.
  const settle = async (r: Run, endIndex: number) => {
    if (!w.name) return;
    const s = await demoClient.ledger(w.name);
    const charges = s.charges.length - r.before.charges;
    const repeats = s.deduplicated - r.before.deduplicated;
    const after = seen.current.filter((e) => e.index > (r.killAt ?? 0) && e.index <= endIndex);
    const before = seen.current.filter((e) => e.index >= (r.invokedAt ?? 0) && e.index <= endIndex);
    const http = after.find((e) => e.kind === 'imported-function-invoked' && e.functionName.includes('http'));
    if (cure === 'none' && charges === 2) mark('charged-twice', { entries: [http?.index ?? endIndex, endIndex], facts: { charges } });
    if (cure === 'idempotency-key' && charges === 1 && repeats === 1) {
      const key = before.find((e) => e.kind === 'imported-function-invoked' && e.functionName.includes('generate-idempotency-key'));
      mark('cure-key', { entries: [...(key ? [key.index] : []), ...(http ? [http.index] : []), endIndex], facts: { charges } });
    }
    if (cure === 'at-most-once' && charges === 1) {
      const begin = before.find((e) => e.kind === 'begin-remote-write');
      mark('cure-at-most-once', { entries: [...(begin ? [begin.index] : []), r.killAt ?? endIndex, endIndex], facts: { charges } });
    }
    run.current = null;
  };

  const create = async () => {
    setError(null);
    setBusy('Building the checkout component and starting a worker…');
    try {
      await w.create({
        prefix: `learn-pay-${cure === 'none' ? 'plain' : cure === 'idempotency-key' ? 'key' : 'once'}`,
        env: (n) => ({ PAYMENT_URL: `${window.location.origin}/api/demo/payment?ledger=${n}`, CURE: cure }),
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const killInFlight = async () => {
    if (!w.base || !w.name) return;
    setError(null);
    try {
      setBusy('Putting a mug in the cart…');
      await invokeOnce(w.base, FN.add, [MUG]);
      const s = await demoClient.ledgerAction({ ledger: w.name, action: 'hold' });
      const key = crypto.randomUUID();
      run.current = { key, before: { charges: s.charges.length, deduplicated: s.deduplicated } };
      setBusy('Checking out: waiting for the payment request to reach the service…');
      await workerClientAt(w.base).invoke({ function: FN.checkout, idempotencyKey: key });
      const deadline = Date.now() + 15_000;
      for (;;) {
        const l = await demoClient.ledger(w.name);
        if (l.inFlight > 0) break;
        if (Date.now() > deadline) throw new Error('the payment request did not arrive within 15 s');
        await new Promise((res) => setTimeout(res, 100));
      }
      setBusy('The service has charged and holds its answer: killing the worker now…');
      await workerClientAt(w.base).kill({ recover: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const failed = w.status === 'failed';
  return (
    <>
      <WorkerControls
        worker={w}
        start={
          <Button variant="primary" onClick={create} disabled={busy !== null || !w.loaded} data-testid="start-checkout">
            {busy && <Spinner />} Start a checkout worker
          </Button>
        }
        activityTestId="checkout-activity"
        busy={busy}
        idle={
          failed
            ? 'This worker failed on purpose: its payment may or may not have happened, and it refuses to guess. Start a new one to try again.'
            : ''
        }
        error={error}
      >
        <Button variant="danger" onClick={killInFlight} disabled={busy !== null || failed} data-testid="kill-in-flight">
          {busy && <Spinner />} Check out and kill in flight
        </Button>
        {failed && (
          <Button onClick={create} data-testid="new-checkout-worker">
            New worker
          </Button>
        )}
      </WorkerControls>
      {w.name && <PaymentService summary={ledger} />}
      <LessonTimeline entries={w.entries} highlight={highlight.filter((i) => w.entries.some((e) => e.index === i))} />
    </>
  );
}
