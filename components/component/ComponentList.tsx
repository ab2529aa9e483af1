'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { printFunction } from '@/lib/wit/print';
import { api, componentHref, errorMessage, type ComponentSummary } from '../api';
import { Card, EmptyState, ErrorBox, KindBadge, Spinner, timeAgo } from '../ui/ui';

export function ComponentList() {
  const [components, setComponents] = useState<ComponentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ components: ComponentSummary[] }>('/api/components')
      .then((r) => setComponents(r.components))
      .catch((e) => setError(errorMessage(e)));
  }, []);

  return (
    <main className="mx-auto max-w-screen-xl px-4 py-6">
      <div className="mb-4 flex items-center justify-between">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Components</h1>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">WebAssembly components you can start durable workers from.</p>
        </div>
        <Link href="/components/new" data-testid="new-component" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
          New component
        </Link>
      </div>
      {error && <ErrorBox message={error} />}
      <Card>
        {components === null && !error ? (
          <div className="flex items-center gap-2 p-6 text-sm text-zinc-500">
            <Spinner /> Loading…
          </div>
        ) : components && components.length === 0 ? (
          <EmptyState title="No components yet">
            Build one from a template in the browser, or upload a .wasm.{' '}
            <Link href="/components/new" className="text-indigo-600 hover:underline dark:text-indigo-400">
              Create your first component →
            </Link>
          </EmptyState>
        ) : (
          <table className="w-full text-left text-sm" data-testid="component-table">
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Version</th>
                <th className="px-4 py-2 font-medium">Source</th>
                <th className="px-4 py-2 font-medium">Exports</th>
                <th className="px-4 py-2 font-medium">Workers</th>
                <th className="px-4 py-2 font-medium">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {components?.map((c) => (
                <tr key={c.name} className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-testid={`component-row-${c.name}`}>
                  <td className="px-4 py-2.5">
                    <Link href={componentHref(c.name)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                      {c.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2.5 tabular text-zinc-600 dark:text-zinc-300">
                    v{c.latestVersion}
                    {c.versions > 1 && <span className="text-zinc-400"> ({c.versions} versions)</span>}
                  </td>
                  <td className="px-4 py-2.5">
                    <KindBadge kind={c.sourceKind} />
                  </td>
                  <td className="px-4 py-2.5">
                    <ul className="space-y-0.5 font-mono text-xs text-zinc-700 dark:text-zinc-300">
                      {c.exports.slice(0, 4).map((f) => (
                        <li key={`${f.interface}.${f.name}`} className="truncate" title={printFunction(f)}>
                          {printFunction(f)}
                        </li>
                      ))}
                      {c.exports.length > 4 && <li className="text-zinc-400">+{c.exports.length - 4} more</li>}
                    </ul>
                  </td>
                  <td className="px-4 py-2.5 tabular">{c.workers}</td>
                  <td className="px-4 py-2.5 text-zinc-500">{timeAgo(c.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </main>
  );
}
