'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { WORKER_STATUSES } from '@/lib/oplog/history';
import { componentsClient, type ComponentSummary, type WorkerDetails, workerHref } from '../api';
import { DataTable, LoadingRow, type Column } from '../ui/DataTable';
import { Card, EmptyState, ErrorBox, Spinner, inputBase, timeAgo } from '../ui/ui';
import { WorkerStatusBadge } from '../ui/WorkerStatus';
import { Tab } from '../ui/Tab';
import { CreateWorkerForm } from './CreateWorkerForm';
import { ImportHistory } from './ImportHistory';
import { CrashRuntimeButton, RuntimeCrashBanner } from './RuntimeCrash';
import { useLiveWorkers } from './useLiveWorkers';
import { formatMs, useRuntimeRecovery, type WorkerRecovery } from './useRuntimeRecovery';

/** A filter above the list: `any` (the empty value) or one of `options`. */
function FilterSelect(p: {
  label: string;
  testId: string;
  width: string;
  value: string;
  onChange: (v: string) => void;
  any: string;
  options: readonly string[];
}) {
  return (
    <select
      aria-label={p.label}
      data-testid={p.testId}
      className={`${inputBase} ${p.width}`}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
    >
      <option value="">{p.any}</option>
      {p.options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

export function WorkerList({ initialComponent, initialDeleted = false }: { initialComponent?: string; initialDeleted?: boolean }) {
  const router = useRouter();
  const { workers: liveWorkers, deleted: deletedWorkers, error } = useLiveWorkers({ withDeleted: true });
  const { episode, dismiss } = useRuntimeRecovery();
  const [crashError, setCrashError] = useState<string | null>(null);
  const [components, setComponents] = useState<ComponentSummary[] | null>(null);
  const [component, setComponent] = useState(initialComponent ?? '');
  const [status, setStatus] = useState('');
  // Live workers, or the deleted ones kept for replay (?deleted=true).
  const [showDeleted, setShowDeleted] = useState(initialDeleted);
  const workers = showDeleted ? deletedWorkers : liveWorkers;
  const switchTab = (d: boolean) => {
    setShowDeleted(d);
    const q = new URLSearchParams();
    if (component) q.set('component', component);
    if (d) q.set('deleted', 'true');
    router.replace(`/workers${q.size ? `?${q}` : ''}`, { scroll: false });
  };

  useEffect(() => {
    componentsClient
      .list()
      .then((r) => setComponents(r.components))
      .catch(() => setComponents([]));
  }, []);

  const shown = workers?.filter((w) => (!component || w.component === component) && (showDeleted || !status || w.status === status)) ?? [];
  const tab = (d: boolean, label: string, list: unknown[] | null) => (
    <Tab
      selected={showDeleted === d}
      testId={d ? 'tab-deleted' : 'tab-live'}
      onSelect={() => switchTab(d)}
      className={`rounded px-2.5 py-1 ${showDeleted === d ? 'bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-700 dark:text-zinc-100' : 'text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
    >
      {label}
      {list && <span className="ml-1.5 tabular text-xs opacity-70">{list.length}</span>}
    </Tab>
  );

  return (
    <main className="mx-auto grid max-w-screen-xl gap-4 px-4 py-6 lg:grid-cols-[1fr_340px]">
      <div className="min-w-0">
        <div className="mb-4 flex flex-wrap items-end gap-3">
          <div className="mr-auto">
            <h1 className="text-xl font-semibold tracking-tight">Workers</h1>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">
              {showDeleted
                ? 'Deleted workers whose oplog is kept: they can still be replayed, evaluated and forked.'
                : 'Running instances of components, each with its own durable state.'}
            </p>
          </div>
          <FilterSelect
            label="Filter by component"
            testId="filter-component"
            width="w-44"
            value={component}
            onChange={setComponent}
            any="All components"
            options={components?.map((c) => c.name) ?? []}
          />
          {!showDeleted && (
            <FilterSelect
              label="Filter by status"
              testId="filter-status"
              width="w-36"
              value={status}
              onChange={setStatus}
              any="Any status"
              options={WORKER_STATUSES}
            />
          )}
          <ImportHistory onError={setCrashError} />
          <CrashRuntimeButton onError={setCrashError} />
          <div
            role="tablist"
            aria-label="Live or deleted workers"
            className="flex rounded-md border border-zinc-300 p-0.5 text-sm dark:border-zinc-700"
          >
            {tab(false, 'Live', liveWorkers)}
            {tab(true, 'Deleted', deletedWorkers)}
          </div>
        </div>
        {error && <ErrorBox message={error} />}
        {crashError && <ErrorBox message={crashError} />}
        <div className="mb-3 empty:hidden">
          <RuntimeCrashBanner episode={episode} onDismiss={dismiss} />
        </div>
        <Card>
          {workers === null ? (
            <LoadingRow />
          ) : shown.length === 0 ? (
            showDeleted ? (
              <EmptyState title={workers.length === 0 ? 'No deleted workers' : 'No deleted workers of this component'}>
                A deleted worker stops but keeps its oplog, so it can still be replayed and forked. Delete it permanently from its page.
              </EmptyState>
            ) : (
              <EmptyState title={workers.length === 0 ? 'No workers yet' : 'No workers match these filters'}>
                {workers.length === 0
                  ? 'Create one with the form on the right, or start the shopping cart from the home page.'
                  : 'Clear a filter to see more.'}
              </EmptyState>
            )
          ) : showDeleted ? (
            <DataTable
              testId="deleted-table"
              columns={DELETED_COLUMNS}
              rows={shown}
              rowKey={(w) => w.id}
              rowTestId={(w) => `deleted-row-${w.id}`}
            />
          ) : (
            <DataTable
              testId="worker-table"
              columns={liveColumns(episode?.workers)}
              rows={shown}
              rowKey={(w) => w.id}
              rowTestId={(w) => `worker-row-${w.id}`}
            />
          )}
        </Card>
      </div>
      <div>
        <Card title="Create a worker">
          {components === null ? (
            <div className="p-4">
              <Spinner />
            </div>
          ) : components.length === 0 ? (
            <EmptyState title="No components yet">
              <Link href="/components/new" className="text-indigo-600 hover:underline dark:text-indigo-400">
                Build a component first →
              </Link>
            </EmptyState>
          ) : (
            <CreateWorkerForm key={component} components={component ? components.filter((c) => c.name === component) : components} />
          )}
        </Card>
      </div>
    </main>
  );
}

const workerColumn: Column<WorkerDetails> = {
  header: 'Worker',
  // One line whatever the status beside it: a long name is cut, whole in its title.
  cell: (w) => (
    <div className="flex min-w-0 items-baseline gap-2 whitespace-nowrap">
      <Link
        href={workerHref(w)}
        title={w.name}
        className="max-w-64 truncate font-medium text-indigo-700 hover:underline dark:text-indigo-400"
      >
        {w.name}
      </Link>
      <span className="max-w-40 truncate text-xs text-zinc-500" title={w.component}>
        {w.component}
      </span>
    </div>
  ),
};
const versionColumn: Column<WorkerDetails> = { header: 'Version', className: 'tabular', cell: (w) => `v${w.version}` };
const oplogColumn: Column<WorkerDetails> = { header: 'Oplog', right: true, className: 'tabular', cell: (w) => w.oplogLength };
const createdColumn: Column<WorkerDetails> = { header: 'Created', className: 'text-zinc-500', cell: (w) => timeAgo(w.createdAt) };

const DELETED_COLUMNS: Column<WorkerDetails>[] = [
  workerColumn,
  versionColumn,
  oplogColumn,
  createdColumn,
  {
    header: 'Deleted',
    className: 'text-zinc-500',
    cell: (w) => <span title={w.deletedAt}>{w.deletedAt ? timeAgo(w.deletedAt) : ''}</span>,
  },
  {
    header: null,
    right: true,
    cell: (w) => (
      <Link href={`${workerHref(w)}/replay`} className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">
        Replay →
      </Link>
    ),
  },
];

const liveColumns = (recoveries: ReadonlyMap<string, WorkerRecovery> | undefined): Column<WorkerDetails>[] => [
  workerColumn,
  { header: 'Status', cell: (w) => <RowStatus worker={w} recovery={recoveries?.get(w.id)} /> },
  versionColumn,
  oplogColumn,
  { header: 'Pending', right: true, className: 'tabular', cell: (w) => w.pendingInvocations },
  createdColumn,
];

/** A row's status; during and after a crash's recovery, `recovering n/N` then how long it took. */
function RowStatus({ worker, recovery }: { worker: WorkerDetails; recovery?: WorkerRecovery }) {
  return (
    <div className="flex items-center gap-x-2 whitespace-nowrap">
      <WorkerStatusBadge worker={worker} recovering={recovery?.phase === 'replaying' ? recovery : null} />
      {recovery?.phase === 'done' && (
        <span className="whitespace-nowrap text-xs text-emerald-800 dark:text-emerald-300" data-testid="recovered-in">
          recovered in {formatMs(recovery.ms)}
        </span>
      )}
    </div>
  );
}
