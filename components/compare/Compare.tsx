'use client';
// Durable and plain, side by side: the same component run twice, once as a
// durable worker and once as a plain one (durable: false: no oplog, what an
// ordinary server would run). Every action goes to both; "Kill both" kills
// both for real. The payment service counts each side's charges.

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { WorkerInfo } from '@/lib/runtime/types';
import { ApiError, demoClient, workerClient, workersClient } from '../api';
import { useAction } from '../ui/action';
import { Button, ErrorBox, Spinner, StatusBadge } from '../ui/ui';
import { addTo, randomProduct, type CartItem } from '../learn/cart';
import { PaymentService, useLedger, type LedgerSummary } from '../learn/PaymentService';
import { useStored } from '../learn/progress';
import { ensureComponent } from '../learn/useLessonWorker';
import { ActivityLine, ControlBar } from '../ui/ControlBar';
import { plural } from '../ui/plural';

const COMPONENT = 'lesson-checkout';
const FN = {
  add: 'lesson:checkout/api.{add-item}',
  checkout: 'lesson:checkout/api.{checkout}',
  get: 'lesson:checkout/api.{get-cart-contents}',
};
type Side = 'durable' | 'plain';
const SIDES: Side[] = ['durable', 'plain'];

interface SideState {
  cart: CartItem[] | null;
  latencies: number[];
  info: WorkerInfo | null;
  note: string | null;
}

const empty = (): SideState => ({ cart: null, latencies: [], info: null, note: null });

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

export function Compare() {
  const [names, setNames, loaded] = useStored<Record<Side, string> | null>('compare-workers', null);
  const [state, setState] = useState<Record<Side, SideState>>({ durable: empty(), plain: empty() });
  const [added, setAdded] = useState<CartItem[]>([]);
  const action = useAction<string>();
  const { busy, error } = action;
  const durableLedger = useLedger(names?.durable ?? null);
  const plainLedger = useLedger(names?.plain ?? null);
  const ledgers: Record<Side, LedgerSummary | null> = { durable: durableLedger, plain: plainLedger };
  const worker = (s: Side) => workerClient(COMPONENT, names?.[s] ?? '');
  const patch = (s: Side, p: Partial<SideState>) => setState((prev) => ({ ...prev, [s]: { ...prev[s], ...p } }));

  const refresh = useCallback(async () => {
    if (!names) return;
    for (const s of SIDES) {
      try {
        const w = workerClient(COMPONENT, names[s]);
        const [info, cart] = await Promise.all([w.get(), w.invokeAndAwait<CartItem[]>({ function: FN.get })]);
        patch(s, { info: info.worker, cart: cart.result });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) setNames(null);
      }
    }
  }, [names, setNames]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const run = async (label: string, f: () => Promise<void>) => {
    await action.run(f, { key: label });
    await refresh();
  };

  const start = () =>
    run('Building the component and starting two workers…', async () => {
      await ensureComponent(COMPONENT);
      const tag = Math.random().toString(36).slice(2, 7);
      const n = { durable: `cmp-durable-${tag}`, plain: `cmp-plain-${tag}` };
      for (const s of SIDES) {
        const env = { PAYMENT_URL: `${window.location.origin}/api/demo/payment?ledger=${n[s]}`, CURE: 'idempotency-key' };
        await workersClient.create({ component: COMPONENT, name: n[s], env, ...(s === 'plain' ? { durable: false } : {}) });
      }
      setAdded([]);
      setState({ durable: empty(), plain: empty() });
      setNames(n);
    });

  const add = () =>
    run('Adding the same item to both…', async () => {
      const item = randomProduct();
      // One side after the other: two calls at once would measure each other.
      for (const s of SIDES) {
        const [, ms] = await timed(() => worker(s).invokeAndAwait({ function: FN.add, args: [item] }));
        setState((prev) => ({ ...prev, [s]: { ...prev[s], latencies: [...prev[s].latencies, ms].slice(-20) } }));
      }
      setAdded((a) => addTo(a, item));
    });

  const killBoth = () =>
    run('Killing both workers…', async () => {
      await Promise.all(SIDES.map((s) => worker(s).kill({ recover: true })));
      patch('durable', { note: 'killed: replayed its oplog' });
      patch('plain', { note: 'killed: started again from nothing' });
    });

  /**
   * Checkout on both, both killed while the payment is in flight, and the
   * caller a naive client: when its call fails it sends the order again (adds
   * what it had added, checks out again).
   */
  const checkoutKill = () =>
    run('Checking out on both; killing both while the payments are in flight…', async () => {
      if (!names) return;
      const order = added;
      if (order.length === 0) throw new Error('add an item first: there is nothing to check out');
      await Promise.all(SIDES.map((s) => demoClient.ledgerAction({ ledger: names[s], action: 'hold' })));
      const calls = SIDES.map((s) =>
        worker(s)
          .invokeAndAwait({ function: FN.checkout, idempotencyKey: crypto.randomUUID() })
          .then(
            () => null,
            (e: Error) => e,
          ),
      );
      const deadline = Date.now() + 15_000;
      for (;;) {
        const l = await Promise.all(SIDES.map((s) => demoClient.ledger(names[s])));
        if (l.every((x) => x.inFlight > 0)) break;
        if (Date.now() > deadline) throw new Error('the payment requests did not arrive within 15 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      await Promise.all(SIDES.map((s) => worker(s).kill({ recover: true })));
      const [durableErr, plainErr] = await Promise.all(calls);
      patch('durable', {
        note: durableErr ? `checkout failed: ${durableErr.message}` : 'checkout finished after recovery (same call, same key)',
      });
      if (plainErr) {
        // The naive client: the call failed, so it places the order again.
        for (const item of order) await worker('plain').invokeAndAwait({ function: FN.add, args: [item] });
        await worker('plain').invokeAndAwait({ function: FN.checkout });
        patch('plain', { note: 'checkout lost in the kill; the client sent the order again' });
      }
      setAdded([]);
    });

  const median = (xs: number[]) => {
    if (xs.length === 0) return null;
    const s = [...xs].sort((a, b) => a - b);
    // s is not empty: both middle indices are in range.
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };

  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6" data-testid="compare">
      <h1 className="text-2xl font-semibold tracking-tight">Durable and plain, side by side</h1>
      <p className="mt-2 max-w-3xl text-sm leading-relaxed text-zinc-600 dark:text-zinc-300">
        The same shopping-cart component, run twice. On the left as a durable worker: every call recorded in its oplog. On the right as a
        plain instance with no oplog, which is how it would run on an ordinary server. Every button acts on both. Kill them and compare what
        comes back; check out and kill them mid-payment, with a client that simply sends the order again when its call fails. Both send an
        idempotency key with the payment.{' '}
        <Link href="/learn" className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
          The lessons
        </Link>{' '}
        explain why.
      </p>
      <ControlBar className="mt-4">
        {!names ? (
          <Button variant="primary" onClick={start} disabled={busy !== null || !loaded} data-testid="compare-start">
            {busy && <Spinner />} Start both
          </Button>
        ) : (
          <>
            <Button variant="primary" onClick={add} disabled={busy !== null} data-testid="compare-add">
              Add an item to both
            </Button>
            <Button variant="danger" onClick={killBoth} disabled={busy !== null} data-testid="compare-kill">
              Kill both
            </Button>
            <Button variant="danger" onClick={checkoutKill} disabled={busy !== null || added.length === 0} data-testid="compare-checkout">
              Check out, kill both in flight
            </Button>
            <Button variant="ghost" onClick={start} disabled={busy !== null} className="ml-auto" data-testid="compare-restart">
              Start over
            </Button>
          </>
        )}
      </ControlBar>
      <div className="mt-1 flex min-h-6 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {busy && (
          <>
            <Spinner className="h-3 w-3" /> {busy}
          </>
        )}
      </div>
      {error && <ErrorBox message={error} />}
      {names && (
        <div className="grid gap-4 md:grid-cols-2">
          {SIDES.map((s) => {
            const st = state[s];
            const m = median(st.latencies);
            return (
              <section
                key={s}
                data-testid={`side-${s}`}
                className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950"
              >
                <header className="flex items-center gap-2">
                  <h2 className="text-base font-semibold">{s === 'durable' ? 'Durable worker' : 'Plain instance (no oplog)'}</h2>
                  <span className="font-mono text-xs text-zinc-500">{names[s]}</span>
                  <span className="ml-auto">{st.info && <StatusBadge status={st.info.status} />}</span>
                </header>
                <div className="grid grid-cols-2 gap-2 text-sm">
                  <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
                    <div className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">
                      add-item, median of {st.latencies.length || '–'}
                    </div>
                    <div className="text-lg font-semibold tabular" data-testid={`${s}-latency`}>
                      {m === null ? '–' : `${m.toFixed(1)} ms`}
                    </div>
                  </div>
                  <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
                    <div className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">Oplog</div>
                    <div className="text-lg font-semibold tabular" data-testid={`${s}-oplog`}>
                      {st.info ? plural(st.info.oplogLength, 'entry', 'entries') : '–'}
                    </div>
                  </div>
                </div>
                <div className="rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
                  <div className="border-b border-zinc-200 px-3 py-1.5 text-xs font-semibold dark:border-zinc-800">Cart in the worker</div>
                  <ul
                    className="min-h-16 px-3 py-1.5 text-sm"
                    data-testid={`${s}-cart`}
                    data-items={st.cart ? st.cart.reduce((n, c) => n + c.quantity, 0) : ''}
                  >
                    {st.cart === null ? (
                      <li className="text-zinc-500">…</li>
                    ) : st.cart.length === 0 ? (
                      <li className="text-zinc-500">empty</li>
                    ) : (
                      st.cart.map((c) => (
                        <li key={c['product-id']}>
                          {c.quantity} × {c.name}
                        </li>
                      ))
                    )}
                  </ul>
                </div>
                <ActivityLine testId={`${s}-note`}>{st.note}</ActivityLine>
                <PaymentService summary={ledgers[s]} testId={`${s}-payments`} />
              </section>
            );
          })}
        </div>
      )}
    </main>
  );
}
