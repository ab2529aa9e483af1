'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { printFunction } from '@/lib/wit/print';
import { componentHref, componentsClient, type ComponentSummary, errorMessage } from '../api';
import { DataTable, LoadingRow, type Column } from '../ui/DataTable';
import { Card, EmptyState, ErrorBox, KindBadge, timeAgo } from '../ui/ui';

const COLUMNS: Column<ComponentSummary>[] = [
  {
    header: 'Name',
    cell: (c) => (
      <Link href={componentHref(c.name)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
        {c.name}
      </Link>
    ),
  },
  {
    header: 'Version',
    className: 'tabular text-zinc-600 dark:text-zinc-300',
    cell: (c) => (
      <>
        v{c.latestVersion}
        {c.versions > 1 && <span className="text-zinc-400"> ({c.versions} versions)</span>}
      </>
    ),
  },
  { header: 'Source', cell: (c) => <KindBadge kind={c.sourceKind} /> },
  {
    header: 'Exports',
    cell: (c) => (
      <ul className="space-y-0.5 font-mono text-xs text-zinc-700 dark:text-zinc-300">
        {c.exports.slice(0, 4).map((f) => (
          <li key={`${f.interface}.${f.name}`} className="truncate" title={printFunction(f)}>
            {printFunction(f)}
          </li>
        ))}
        {c.exports.length > 4 && <li className="text-zinc-400">+{c.exports.length - 4} more</li>}
      </ul>
    ),
  },
  { header: 'Workers', className: 'tabular', cell: (c) => c.workers },
  { header: 'Created', className: 'text-zinc-500', cell: (c) => timeAgo(c.createdAt) },
];

export function ComponentList() {
  const [components, setComponents] = useState<ComponentSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    componentsClient
      .list()
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
        <Link
          href="/components/new"
          data-testid="new-component"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          New component
        </Link>
      </div>
      {error && <ErrorBox message={error} />}
      <Card>
        {components === null && !error ? (
          <LoadingRow />
        ) : components && components.length === 0 ? (
          <EmptyState title="No components yet">
            Build one from a template in the browser, or upload a .wasm.{' '}
            <Link href="/components/new" className="text-indigo-600 hover:underline dark:text-indigo-400">
              Create your first component →
            </Link>
          </EmptyState>
        ) : (
          <DataTable
            testId="component-table"
            columns={COLUMNS}
            rows={components ?? []}
            rowKey={(c) => c.name}
            rowTestId={(c) => `component-row-${c.name}`}
            rowClassName="align-top "
          />
        )}
      </Card>
    </main>
  );
}
