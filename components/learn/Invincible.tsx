'use client';
// Lesson 1, invincible: a shopping cart that is killed at random while you
// fill it, and is always right.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { errorMessage, workerClientAt } from '../api';
import { Button, Spinner } from '../ui/ui';
import { addTo, randomProduct, type CartItem } from './cart';
import { CartCompare } from './CartCompare';
import { LessonShell } from './LessonShell';
import { LessonTimeline } from './LessonTimeline';
import { WorkerControls } from './WorkerChip';
import { useProgress, useStored } from './progress';
import { Tasks, entryList, type TaskDef } from './Tasks';
import { invokeOnce, useLessonWorker, type RecoveryEvent } from './useLessonWorker';
import { plural } from '../ui/plural';

const FN = {
  init: 'demo:shopping-cart/api.{initialize-cart}',
  add: 'demo:shopping-cart/api.{add-item}',
  get: 'demo:shopping-cart/api.{get-cart-contents}',
};

export function Invincible() {
  const { progress, mark, reset, shown, toggleShown, highlight } = useProgress('invincible');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [expected, setExpected] = useStored<{ worker: string; items: CartItem[] } | null>('learn-cart-expected', null);
  const [actual, setActual] = useState<CartItem[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [adding, setAdding] = useState(0);
  const [chaos, setChaos] = useState(false);
  const [chaosKills, setChaosKills] = useState(0);
  const [lastRecovery, setLastRecovery] = useState<RecoveryEvent | null>(null);

  // What the page has seen in the oplog, to tie completions to their invocations.
  const invoked = useRef(new Map<string, { fn: string; index: number }>());
  const seen = useRef<OplogEntry[]>([]);
  const killAt = useRef<number | null>(null);
  const chaosRun = useRef<{ kills: number[]; adds: number } | null>(null);
  /** When the last kill was sent, until its recovery is done (chaos mode waits for it). */
  const killedAt = useRef<number | null>(null);
  const markRef = useRef(mark);
  markRef.current = mark;

  const w = useLessonWorker('invincible', 'shopping-cart', {
    onEntries: (entries: OplogEntry[]) => {
      seen.current = [...seen.current, ...entries].slice(-300);
      for (const e of entries) {
        if (e.kind === 'create') markRef.current('start', { entries: [e.index] });
        if (e.kind === 'exported-function-invoked') invoked.current.set(e.idempotencyKey, { fn: e.functionName, index: e.index });
        if (e.kind === 'exported-function-completed') {
          const inv = invoked.current.get(e.idempotencyKey);
          if (inv?.fn.includes('add-item')) {
            const logs = seen.current.filter((x) => x.kind === 'log' && x.index > inv.index && x.index < e.index).map((x) => x.index);
            markRef.current('add', { entries: [inv.index, ...logs, e.index] });
            if (chaosRun.current) chaosRun.current.adds += 1;
          }
        }
        if (e.kind === 'interrupted') {
          killAt.current = e.index;
          if (chaosRun.current) {
            chaosRun.current.kills.push(e.index);
            setChaosKills(chaosRun.current.kills.length);
          }
        }
      }
    },
    onRecovery: (r) => {
      if (r.phase !== 'done') return;
      killedAt.current = null;
      setLastRecovery(r);
      if (killAt.current !== null) {
        const at = killAt.current;
        const replayed = [...invoked.current.values()]
          .filter((i) => i.index < at)
          .map((i) => i.index)
          .slice(-5);
        markRef.current('kill', {
          entries: [...replayed, at],
          facts: { ms: r.ms ?? 0, invocations: r.replayedInvocations ?? 0, entries: r.total ?? 0 },
        });
      }
      scheduleCheck();
    },
  });

  const items = expected?.worker === w.name ? expected.items : [];

  const check = useCallback(async () => {
    if (!w.base) return;
    setChecking(true);
    try {
      setActual(await invokeOnce<CartItem[]>(w.base, FN.get));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  }, [w.base]);

  // One look at the worker after a burst of adds, not one per add.
  const checkTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scheduleCheck = () => {
    clearTimeout(checkTimer.current);
    checkTimer.current = setTimeout(() => void check(), 400);
  };

  useEffect(() => {
    setActual(null);
    invoked.current.clear();
    if (w.base) void check();
  }, [w.base, check]);

  const start = async () => {
    setError(null);
    setBusy('Building the shopping cart and starting a worker…');
    try {
      const name = await w.create({
        prefix: 'learn-cart',
        env: (n) => ({ PAYMENT_URL: `${window.location.origin}/api/demo/payment?ledger=${n}` }),
        setup: (base) => invokeOnce(base, FN.init, ['you']).then(() => undefined),
      });
      setExpected({ worker: name, items: [] });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const itemsRef = useRef(items);
  itemsRef.current = items;
  const add = async () => {
    if (!w.base || !w.name) return;
    const item = randomProduct();
    const worker = w.name;
    setAdding((n) => n + 1);
    try {
      await invokeOnce(w.base, FN.add, [item]);
      itemsRef.current = addTo(itemsRef.current, item);
      setExpected({ worker, items: itemsRef.current });
      scheduleCheck();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setAdding((n) => n - 1);
    }
  };

  const kill = useCallback(async () => {
    if (!w.base) return;
    try {
      await workerClientAt(w.base).kill({ recover: true });
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [w.base]);

  // Chaos mode: a kill at a random moment every 1.5-4 s, once the last one's recovery is done: on a
  // slow machine, kills landing while the worker is still recovering would leave it no time to shop.
  useEffect(() => {
    if (!chaos) return;
    let t: ReturnType<typeof setTimeout>;
    const next = () => {
      t = setTimeout(
        () => {
          const waiting = killedAt.current !== null && Date.now() - killedAt.current < 15_000;
          if (!waiting) {
            killedAt.current = Date.now();
            void kill();
          }
          next();
        },
        1500 + Math.random() * 2500,
      );
    };
    next();
    return () => clearTimeout(t);
  }, [chaos, kill]);

  const toggleChaos = () => {
    if (chaos) {
      setChaos(false);
      return;
    }
    chaosRun.current = { kills: [], adds: 0 };
    killedAt.current = null;
    setChaosKills(0);
    setChaos(true);
  };

  // Chaos task: at least three kills and three adds under chaos, and the cart right after.
  useEffect(() => {
    const run = chaosRun.current;
    if (!run || progress.chaos || adding > 0 || checking || actual === null) return;
    if (run.kills.length >= 3 && run.adds >= 3 && JSON.stringify(sortCart(actual)) === JSON.stringify(sortCart(items))) {
      mark('chaos', { entries: run.kills.slice(-6), facts: { kills: run.kills.length, adds: run.adds } });
    }
  }, [actual, adding, checking, items, mark, progress.chaos, chaosKills]);

  const tasks: TaskDef[] = [
    {
      id: 'start',
      title: 'Start the shopping cart',
      hint: 'Press “Start the cart”: the page builds the example component and starts a worker for you.',
      note: (r) => (
        <>
          Entry {entryList(r.entries)}, <code>create</code>, is the worker’s birth: which component, which version, which environment.
          Everything the worker does from now on is written after it.
        </>
      ),
    },
    {
      id: 'add',
      title: 'Add an item',
      hint: 'Press “Add an item”. Watch three entries appear in the oplog on the right.',
      note: (r) => (
        <>
          Entries {entryList(r.entries)}: the call into the worker with its argument (<code>invoked</code>), what it printed (
          <code>log</code>), and that it finished (<code>completed</code>). The item itself lives only in the worker’s memory.
        </>
      ),
    },
    {
      id: 'kill',
      title: 'Kill the worker',
      hint: 'Press “Kill the worker”. Its thread is terminated for real: the memory holding the cart is gone.',
      note: (r) => (
        <>
          Entry #{r.entries[r.entries.length - 1]}, <code>interrupted</code>, is the kill. A fresh instance then ran the recorded calls
          again ({plural(Number(r.facts?.invocations ?? 0), 'invocation')}, the highlighted <code>invoked</code> entries among them, every
          host call answered from the oplog, in {r.facts?.ms ?? 0} ms) and reached the same memory: look at the cart. Replay itself wrote
          nothing.
        </>
      ),
    },
    {
      id: 'chaos',
      title: 'Turn on chaos mode and keep adding items',
      hint: 'Chaos mode kills the worker at a random moment every few seconds. Add items while it runs: at least three kills and three items.',
      note: (r) => (
        <>
          The worker was killed {r.facts?.kills} times (entries {entryList(r.entries)}) while you added {r.facts?.adds} items, some of them
          killed halfway. Each time the oplog was replayed and the unfinished call ran to its end once. The cart is exactly what you added:
          code that runs as if failures did not happen.
        </>
      ),
    },
  ];

  return (
    <LessonShell
      id="invincible"
      onReset={() => {
        setChaos(false);
        reset();
        w.forget();
        setExpected(null);
      }}
      intro={
        <>
          <p>
            A program keeps what it knows in memory. When the process it runs in dies — a crash, a deploy, a machine that goes away — that
            memory is gone, and so is the shopping cart someone was filling.
          </p>
          <p>
            Here the cart runs as a <em>durable worker</em>. Every call into it, and everything it asks of the outside world, is written
            down in order in its log, the <em>oplog</em>, before anyone sees the result. Kill the worker, and a new one reads the log back
            and arrives at the same memory.
          </p>
          <p>
            Try to break it: kill it, then let chaos mode kill it at random while you keep shopping. The table compares what you added with
            what the worker holds.
          </p>
        </>
      }
      side={
        <>
          <WorkerControls
            worker={w}
            start={
              <Button variant="primary" onClick={start} disabled={busy !== null || !w.loaded} data-testid="start-cart">
                {busy && <Spinner />} Start the cart
              </Button>
            }
            activityTestId="cart-activity"
            busy={busy}
            idle={
              w.name
                ? `${chaos ? `Chaos mode: ${plural(chaosKills, 'kill')} so far. ` : ''}${adding > 0 ? `Adding ${plural(adding, 'item')}… ` : ''}${
                    lastRecovery
                      ? `Last recovery: ${plural(lastRecovery.replayedInvocations ?? 0, 'invocation')} replayed in ${lastRecovery.ms ?? 0} ms.`
                      : ''
                  }`
                : ''
            }
            error={error}
          >
            <Button variant="primary" onClick={add} data-testid="add-item">
              Add an item
            </Button>
            <Button variant="danger" onClick={kill} data-testid="kill-worker">
              Kill the worker
            </Button>
            <Button variant={chaos ? 'danger' : 'secondary'} onClick={toggleChaos} data-testid="chaos">
              {chaos ? 'Stop chaos mode' : 'Chaos mode'}
            </Button>
          </WorkerControls>
          {w.name && <CartCompare expected={items} actual={actual} checking={checking || adding > 0} />}
          <LessonTimeline entries={w.entries} highlight={highlight} />
        </>
      }
    >
      <Tasks tasks={tasks} progress={progress} onShow={toggleShown} shown={shown} />
    </LessonShell>
  );
}

function sortCart(c: CartItem[]) {
  return [...c].map((x) => [x['product-id'], x.quantity]).sort();
}
