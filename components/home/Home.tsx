'use client';

import type { InvokeRequest } from '@/lib/api/types';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { exampleEnv } from '../examples-env';
import { invokeQuery } from '../invoke/preset';
import {
  componentsClient,
  type ComponentSummary,
  type ComponentVersionInfo,
  errorMessage,
  type Example,
  workerClient,
  workerHref,
  workersClient,
} from '../api';
import { Button, Card, Elapsed, EmptyState, ErrorBox, Spinner, timeAgo } from '../ui/ui';
import { WorkerStatusBadge } from '../ui/WorkerStatus';
import { useExamples } from '../useExamples';
import { useLiveWorkers } from '../workers/useLiveWorkers';
import { CrashRuntimeButton, RuntimeCrashBanner } from '../workers/RuntimeCrash';
import { useRuntimeRecovery } from '../workers/useRuntimeRecovery';
import { WorkerLinks } from '../ui/WorkerLinks';
import { plural } from '../ui/plural';

type Step = { label: string; since: number } | null;

export function Home({ fallbackExamples }: { fallbackExamples: Example[] }) {
  const router = useRouter();
  const examples = useExamples(fallbackExamples);
  const { workers } = useLiveWorkers();
  const { episode, dismiss } = useRuntimeRecovery();
  const [components, setComponents] = useState<ComponentSummary[] | null>(null);
  const [step, setStep] = useState<Step>(null);
  const [error, setError] = useState<string | null>(null);
  const cart = examples.find((e) => e.id === 'shopping-cart') ?? examples.find((e) => e.id === 'counter') ?? examples[0];

  useEffect(() => {
    componentsClient
      .list()
      .then((r) => setComponents(r.components))
      .catch(() => setComponents([]));
  }, [workers?.length]);

  const tryIt = async () => {
    if (!cart) return;
    setError(null);
    try {
      setStep({ label: 'Checking for the component…', since: Date.now() });
      let existing: ComponentVersionInfo | undefined;
      // The list first: asking for a component that is not built yet would log a 404 in the console.
      const list = await componentsClient.list();
      if (list.components.some((c) => c.name === cart.id)) {
        const r = await componentsClient.versions(cart.id);
        existing = [...r.versions].sort((a, b) => b.version - a.version)[0];
      }
      if (!existing || existing.source !== cart.source || existing.wit !== cart.wit) {
        setStep({ label: 'Building the component from its JavaScript source…', since: Date.now() });
        await componentsClient.build({ name: cart.id, kind: cart.kind, source: cart.source, wit: cart.wit, world: cart.world });
      }
      setStep({ label: 'Starting a worker…', since: Date.now() });
      const name = `${cart.id === 'shopping-cart' ? 'cart' : cart.id}-${Math.random().toString(36).slice(2, 7)}`;
      const env = exampleEnv(cart, window.location.origin);
      const r = await workersClient.create({ component: cart.id, name, env });
      if (cart.firstCall) {
        setStep({ label: `Calling ${cart.firstCall.function}…`, since: Date.now() });
        await workerClient(r.worker.component, r.worker.name).invokeAndAwait(cart.firstCall as InvokeRequest);
      }
      // The worker page's invoke form opens on the sensible next call, not the one that just ran.
      router.push(workerHref(r.worker) + (cart.nextCall ? invokeQuery(cart.nextCall) : ''));
    } catch (e) {
      setError(errorMessage(e));
      setStep(null);
    }
  };

  const recent = [...(workers ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 8);
  const cartLabel = cart && cart.id !== 'shopping-cart' ? cart.title.toLowerCase() : 'shopping cart';

  return (
    <main className="mx-auto max-w-screen-xl px-4 py-8">
      <div className="mb-4 empty:hidden">
        <RuntimeCrashBanner episode={episode} onDismiss={dismiss} />
      </div>
      <section className="grid gap-8 lg:grid-cols-[1.3fr_1fr]">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Durable Playground</h1>
          <p className="mt-3 max-w-2xl text-base leading-relaxed text-zinc-600 dark:text-zinc-300">
            Durable computing runs your code so that it survives crashes: every step a worker takes, each call into it and every call it
            makes out, is written to an append-only log, the oplog. When the process dies, the worker is rebuilt by replaying that log, so
            its memory comes back exactly as it was; what the log recorded happens once, and only a call in flight at the crash may happen
            again. Here the code is a WebAssembly component you write in JavaScript or WAT, right in the browser.
          </p>
          <div className="mt-6 flex flex-wrap items-center gap-3">
            <Link
              href="/learn/invincible"
              data-testid="home-learn"
              className="rounded-md bg-indigo-600 px-4 py-2 text-base font-medium text-white hover:bg-indigo-500"
            >
              Learn: kill a worker, watch it recover
            </Link>
            <Link href="/learn" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400">
              All four lessons →
            </Link>
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <Button
              variant="secondary"
              className="px-4 py-2 text-base"
              data-testid="try-cart"
              onClick={tryIt}
              disabled={!cart || step !== null}
              title={step ? step.label : !cart ? 'No example found on the server' : undefined}
            >
              {step ? <Spinner /> : null} Try the {cartLabel}
            </Button>
            <Link href="/components/new" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400">
              Write your own component →
            </Link>
            {!!workers?.length && <CrashRuntimeButton onError={setError} />}
          </div>
          <div className="mt-3 min-h-6">
            {step && (
              <p data-testid="try-progress" className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-300">
                {step.label} <Elapsed since={step.since} />
              </p>
            )}
            {error && <ErrorBox message={error} />}
          </div>
        </div>
        <div className="grid grid-cols-2 gap-3 self-start">
          <Stat label="Components" value={components?.length} href="/components" testId="count-components" />
          <Stat label="Workers" value={workers?.length} href="/workers" testId="count-workers" />
          <Stat label="Running now" value={workers?.filter((w) => w.status === 'running').length} href="/workers" />
          <Stat label="Oplog entries" value={workers?.reduce((n, w) => n + w.oplogLength, 0)} href="/workers" />
        </div>
      </section>

      <section className="mt-8 grid gap-6 lg:grid-cols-[1.3fr_1fr]">
        <Card
          title="Recent workers"
          actions={
            <Link href="/workers" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">
              All workers
            </Link>
          }
          testId="recent-workers"
        >
          {workers === null ? (
            <div className="flex items-center gap-2 p-4 text-sm text-zinc-500">
              <Spinner /> Loading…
            </div>
          ) : recent.length === 0 ? (
            <EmptyState title="No workers yet">Press “Try the {cartLabel}” to start one in a few seconds.</EmptyState>
          ) : (
            <WorkerLinks
              workers={recent}
              after={(w) => (
                <>
                  <span className="shrink-0 text-xs text-zinc-500">{w.component}</span>
                  <span className="ml-auto shrink-0 whitespace-nowrap text-xs tabular text-zinc-500">
                    {plural(w.oplogLength, 'entry', 'entries')} · {timeAgo(w.createdAt)}
                  </span>
                  <WorkerStatusBadge worker={w} compact />
                </>
              )}
            />
          )}
        </Card>
        <Card title="Examples">
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {examples.map((e) => (
              <li key={e.id} className="px-4 py-2.5">
                <Link
                  href={`/components/new?template=${encodeURIComponent(e.id)}`}
                  className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400"
                >
                  {e.title}
                </Link>
                {e.description && <p className="text-xs text-zinc-500">{e.description}</p>}
              </li>
            ))}
            {examples.length === 0 && <EmptyState title="No examples found" />}
          </ul>
        </Card>
      </section>
    </main>
  );
}

function Stat({ label, value, href, testId }: { label: string; value?: number; href: string; testId?: string }) {
  return (
    <Link
      href={href}
      className="rounded-lg border border-zinc-200 bg-white p-4 hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700"
    >
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular" data-testid={testId}>
        {value ?? '–'}
      </div>
    </Link>
  );
}
