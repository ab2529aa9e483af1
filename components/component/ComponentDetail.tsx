'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { WorkerInfo } from '@/lib/runtime/types';
import { printFunction } from '@/lib/wit/print';
import { componentsClient, type ComponentVersionInfo, errorMessage, workersClient } from '../api';
import { Button, Card, EmptyState, KindBadge, formatBytes, timeAgo } from '../ui/ui';
import { PageError, PageLoading } from '../ui/PageState';
import { WorkerStatusBadge } from '../ui/WorkerStatus';
import { CreateWorkerForm } from '../workers/CreateWorkerForm';
import { WorkerLinks } from '../ui/WorkerLinks';

export function ComponentDetail({ name }: { name: string }) {
  const router = useRouter();
  const [versions, setVersions] = useState<ComponentVersionInfo[] | null>(null);
  const [workers, setWorkers] = useState<WorkerInfo[]>([]);
  // Deleted workers kept for replay still hold on to the component.
  const [deleted, setDeleted] = useState<WorkerInfo[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    componentsClient
      .versions(name)
      .then((r) => {
        const sorted = [...r.versions].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        setSelected(sorted[0]?.version ?? null);
      })
      .catch((e) => setError(errorMessage(e)));
    workersClient
      .list({ component: name })
      .then((r) => setWorkers(r.workers))
      .catch(() => {});
    workersClient
      .list({ component: name, deleted: true })
      .then((r) => setDeleted(r.workers))
      .catch(() => {});
  }, [name]);

  if (error) return <PageError message={error} />;
  if (!versions) return <PageLoading>Loading…</PageLoading>;
  const latest = versions[0];
  const v = versions.find((x) => x.version === selected) ?? latest;
  if (!v || !latest) return <PageError message={`component ${name} has no versions`} />;
  const byInterface = new Map<string, typeof v.exports>();
  for (const f of v.exports) {
    const k = f.interface ?? '(world)';
    byInterface.set(k, [...(byInterface.get(k) ?? []), f]);
  }

  const remove = async () => {
    if (!confirm(`Delete component ${name} and all its versions?`)) return;
    try {
      await componentsClient.remove(name);
      router.push('/components');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <Link href="/components" className="text-sm text-zinc-500 hover:underline">
          Components
        </Link>
        <span className="text-zinc-400">/</span>
        <h1 className="text-xl font-semibold tracking-tight" data-testid="component-title">
          {name}
        </h1>
        <KindBadge kind={v.sourceKind} />
        <select
          aria-label="Version"
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          value={v.version}
          onChange={(e) => setSelected(Number(e.target.value))}
        >
          {versions.map((x) => (
            <option key={x.version} value={x.version}>
              v{x.version}
              {x === versions[0] ? ' (latest)' : ''}
            </option>
          ))}
        </select>
        <span className="text-xs text-zinc-500">
          {formatBytes(v.size)} · built in {v.buildMs} ms · {timeAgo(v.createdAt)}
        </span>
        <div className="ml-auto flex gap-2">
          <Link
            href={`/checks?component=${encodeURIComponent(name)}`}
            data-testid="check-durability"
            className="inline-flex items-center rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
          >
            Check durability
          </Link>
          {latest.source !== undefined && (latest.sourceKind === 'js' || latest.sourceKind === 'wat') && (
            <Link
              href={`/components/new?edit=${encodeURIComponent(name)}`}
              data-testid="edit-component"
              title={`Open v${latest.version}'s source in the editor; building it makes v${latest.version + 1}`}
              className="inline-flex items-center rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
            >
              Edit · builds v{latest.version + 1}
            </Link>
          )}
          <Button
            variant="danger"
            onClick={remove}
            disabled={workers.length + deleted.length > 0}
            title={
              workers.length
                ? 'Delete its workers first'
                : deleted.length
                  ? 'Its deleted workers are kept for replay: delete them permanently first'
                  : undefined
            }
          >
            Delete component
          </Button>
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_380px]">
        <div className="flex min-w-0 flex-col gap-4">
          <Card title="Exports" testId="exports">
            <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {[...byInterface].map(([iface, fns]) => (
                <div key={iface} className="px-4 py-3">
                  <div className="mb-1 font-mono text-xs text-zinc-500">{iface}</div>
                  <ul className="space-y-1 font-mono text-sm">
                    {fns.map((f) => (
                      <li key={f.name} className="text-zinc-800 dark:text-zinc-200">
                        {printFunction(f)}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
              {v.exports.length === 0 && <EmptyState title="This component exports no functions" />}
            </div>
          </Card>
          {v.wit && (
            <Card title="WIT">
              <pre className="max-h-96 overflow-auto p-4 font-mono text-xs leading-relaxed text-zinc-800 dark:text-zinc-200">{v.wit}</pre>
            </Card>
          )}
          {v.source && (
            <Card title={v.sourceKind === 'wat' ? 'WAT source' : 'JavaScript source'}>
              <pre className="max-h-96 overflow-auto p-4 font-mono text-xs leading-relaxed text-zinc-800 dark:text-zinc-200">
                {v.source}
              </pre>
            </Card>
          )}
          <Card title={`Imports (${v.imports.length})`}>
            <p className="px-4 py-3 font-mono text-xs leading-relaxed text-zinc-600 dark:text-zinc-400">
              {v.imports.join(' · ') || 'none'}
            </p>
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <Card title="Create a worker">
            <CreateWorkerForm fixedComponent={name} fixedExports={versions[0]?.exports} versions={versions.map((x) => x.version)} />
          </Card>
          <Card title={`Workers (${workers.length})`}>
            {workers.length === 0 ? (
              <EmptyState title="No workers yet">Create one above; each worker keeps its own durable state.</EmptyState>
            ) : (
              <WorkerLinks
                workers={workers}
                after={(w) => (
                  <span className="ml-auto shrink-0">
                    <WorkerStatusBadge worker={w} compact />
                  </span>
                )}
              />
            )}
            {deleted.length > 0 && (
              <div className="border-t border-zinc-200 dark:border-zinc-800" data-testid="component-deleted-workers">
                <p className="px-4 pt-2 text-xs font-medium text-zinc-500">Deleted, kept for replay ({deleted.length})</p>
                <WorkerLinks
                  workers={deleted}
                  muted
                  after={(w) => (
                    <span className="ml-auto shrink-0 text-xs text-zinc-500">
                      {w.deletedAt ? `deleted ${timeAgo(w.deletedAt)}` : 'deleted'}
                    </span>
                  )}
                />
              </div>
            )}
          </Card>
        </div>
      </div>
    </main>
  );
}
