'use client';
// The worker page: metadata and actions (fork, revert, update, delete),
// promises and pending invocations, invoke panel, live oplog timeline, console,
// and the replay shown while the worker recovers. A deleted worker whose oplog
// is kept shows as such, with what can still be done with it.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { loadWorkerPage, type WorkerPageData } from '@/lib/api/worker-page-data';
import type { OplogEntry } from '@/lib/oplog/entry';
import type { WitFunction } from '@/lib/wit/types';
import { errorMessage, runtimeClient, workerApi, workerClient, type WorkerDetails } from '../api';
import { InvokePanel } from '../invoke/InvokePanel';
import { useCompactView } from '../timeline/compact/CompactPanel';
import { useAction } from '../ui/action';
import { Crumbs } from '../ui/Crumbs';
import { BackLink, PageError, PageLoading } from '../ui/PageState';
import { Button, ErrorBox, Spinner } from '../ui/ui';
import { useHydrated } from '../ui/hydrated';
import { WorkerStatusBadge } from '../ui/WorkerStatus';
import { RELAYOUT_BOUNDARY } from '../ui/relayout';
import { LiveHistory } from './LiveHistory';
import { PendingPanel } from './PendingPanel';
import { PromisesPanel } from './PromisesPanel';
import { StoresPanel } from './StoresPanel';
import { RecoveryBanner } from './RecoveryBanner';
import { RecoveryHistory, useRecoveries, useRecoveryMarks } from './Recoveries';
import { useDroppedMarks } from './DroppedMarks';
import { useLiveHistory } from './useLiveHistory';
import { WorkerMeta } from './WorkerMeta';
import { StateWatch } from './StateWatch';
import { DeletePopover, DeletedBanner, ForkPopover, RevertPopover } from './WorkerActions';
import { UpdatePopover } from './UpdateAction';

type Loaded = WorkerPageData;

/** `initial`: what the server read for the first render (null: it could not, the page loads it itself). */
export function WorkerView({
  component,
  name,
  initial,
  compact,
}: {
  component: string;
  name: string;
  initial: Loaded | null;
  compact: boolean;
}) {
  const base = workerApi(component, name);
  const [loaded, setLoaded] = useState<Loaded | null>(initial);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadWorkerPage(component, name)
      .then((d) => live && setLoaded(d))
      .catch((e) => live && setLoadError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [base, component]);

  if (loadError)
    return (
      <PageError message={loadError}>
        <BackLink href="/workers">All workers</BackLink>
      </PageError>
    );
  if (!loaded) return <PageLoading>Loading worker…</PageLoading>;
  return <WorkerLoaded component={component} name={name} loaded={loaded} compact={compact} />;
}

function WorkerLoaded({ component, name, loaded, compact }: { component: string; name: string; loaded: Loaded; compact: boolean }) {
  const router = useRouter();
  const base = workerApi(component, name);
  const [worker, setWorker] = useState<WorkerDetails>(loaded.worker);
  const { busy, error: actionError, setError: setActionError, run: runAction } = useAction<string>();
  const [actionNote, setActionNote] = useState<string | null>(null);
  // Deleted for good (here or elsewhere): nothing left to show.
  const [gone, setGone] = useState(false);
  const deleted = !!worker.deletedAt;
  // Exports follow the worker's version: an update changes them.
  const exports = useMemo<WitFunction[]>(() => {
    const v = loaded.versions.find((x) => x.version === worker.version) ?? loaded.versions[loaded.versions.length - 1];
    return v?.exports ?? [];
  }, [loaded.versions, worker.version]);
  const { live, connected, stamp, cuts, settled, bumpSoon, refresh, recovery, runtime, dismiss } = useLiveHistory({
    component,
    name,
    lastIndex: loaded.entries.at(-1)?.index ?? 0,
    setWorker,
    onGone: () => setGone(true),
  });
  const recoveries = useRecoveries(component, name, stamp);
  const recoveryMarks = useRecoveryMarks(recoveries);
  const droppedMarks = useDroppedMarks(component, name, cuts);
  const rowMarks = useCallback(
    (e: OplogEntry) => {
      const dropped = droppedMarks(e);
      const recovered = recoveryMarks(e);
      return dropped && recovered ? (
        <>
          {dropped}
          {recovered}
        </>
      ) : (
        (dropped ?? recovered)
      );
    },
    [droppedMarks, recoveryMarks],
  );
  const [compactOpen, setCompactOpen] = useCompactView(compact);
  const hydrated = useHydrated();
  // The pending list is re-read on every change, so its count is fresher than the metadata's.
  const [pendingCount, setPendingCount] = useState<number | null>(null);

  // A failed worker did not recover, whatever the replay before its failure did.
  const failed = worker.status === 'failed' || worker.status === 'retrying';
  const banner = useMemo(
    () => <RecoveryBanner recovery={recovery?.phase === 'done' && failed ? null : recovery} runtime={runtime} onDismiss={dismiss} />,
    [recovery, runtime, failed],
  );

  const invoke = useMemo(
    () => <InvokePanel key={worker.version} component={component} name={name} exports={exports} />,
    [component, name, worker.version, exports],
  );
  // The left column renders again only when what it shows changes. A status, a refetched metadata or the
  // oplog length ticking up (several times a second while entries stream in) rendered every panel and form in it.
  const side = useMemo(
    () =>
      deleted ? (
        <section
          className="shrink-0 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="invoke-deleted"
        >
          <h2 className="border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold dark:border-zinc-800">Invoke</h2>
          <p className="p-4 text-sm text-zinc-500">
            A deleted worker takes no more invocations. Fork it to go on from its history, or open the replay debugger to evaluate an export
            at any point of it.
          </p>
        </section>
      ) : (
        <>
          {/* Invoke first: the promises and pending lists load later and must not push it down. */}
          <section className="shrink-0 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <h2 className="border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold dark:border-zinc-800">Invoke</h2>
            {invoke}
          </section>
          <StateWatch component={component} name={name} exports={exports} index={settled.index} stamp={settled.stamp} delayMs={0} />
          <PromisesPanel
            component={component}
            name={name}
            awaiting={worker.awaitingPromise}
            stamp={stamp}
            onCompleted={() => {
              refresh();
              bumpSoon();
            }}
          />
          <PendingPanel component={component} name={name} stamp={stamp} onChanged={refresh} onCount={setPendingCount} />
          <StoresPanel component={component} name={name} stamp={stamp} />
          <RecoveryHistory recoveries={recoveries} />
        </>
      ),
    [deleted, component, name, invoke, worker.awaitingPromise, exports, settled, stamp, recoveries, refresh, bumpSoon],
  );

  const purged = () => router.push('/workers?deleted=true');

  if (gone) {
    return (
      <main className="mx-auto max-w-screen-md px-4 py-10" data-testid="worker-gone">
        <h1 className="text-lg font-semibold">This worker no longer exists</h1>
        <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-200">
          Worker <span className="font-mono">{name}</span> of <span className="font-mono">{component}</span> was deleted permanently, with
          its oplog.
        </p>
        <BackLink href="/workers">All workers</BackLink>
      </main>
    );
  }

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setActionNote(null);
    await runAction(fn, { key: label });
    refresh();
    bumpSoon();
  };

  return (
    <main className="mx-auto flex h-[calc(100vh-3rem)] max-w-screen-2xl flex-col gap-3 px-4 py-3">
      {/* Two fixed-height rows: a longer status or env never wraps into the buttons or moves the page. A block, so its
          meta line is a relayout boundary (a flex item never is): the oplog length ticking is laid out in that line. */}
      <header className="shrink-0">
        <div className="flex h-9 items-center gap-3">
          {/* Title and status: a relayout boundary in a block of the row's height, so a status change is laid out here.
              Not the buttons: layout containment would place their popovers (fixed) against it. */}
          <div className="h-9 min-w-0 flex-1">
            <div className={`relative flex h-9 items-center gap-3 ${RELAYOUT_BOUNDARY}`}>
              <Crumbs component={component} className="shrink-0 text-zinc-600 dark:text-zinc-400" />
              <h1 className="min-w-0 shrink truncate text-lg font-semibold tracking-tight" data-testid="worker-title" title={name}>
                {name}
              </h1>
              {deleted ? (
                <span
                  data-testid="deleted-badge"
                  className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
                >
                  <span className="h-1.5 w-1.5 shrink-0 rounded-full border border-current" />
                  deleted · kept for replay
                </span>
              ) : (
                <WorkerStatusBadge
                  // A countdown and a local clock time are the browser's: the server's HTML has the bare status.
                  worker={hydrated ? worker : { status: worker.status, awaitingPromise: worker.awaitingPromise }}
                  recovering={recovery && recovery.phase !== 'done' ? recovery : null}
                />
              )}
            </div>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <span className="grid w-4 place-items-center" aria-hidden={!busy}>
              {busy && <Spinner className="text-zinc-400" />}
            </span>
            {!deleted && (
              <>
                <Link
                  href={`/workers/${encodeURIComponent(component)}/${encodeURIComponent(name)}/replay`}
                  data-testid="open-replay"
                  title="Step through this worker's history in a read-only replay debugger"
                  className="inline-flex items-center justify-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 transition-colors hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
                >
                  Replay
                </Link>
                <a
                  href={`${base}/export`}
                  download
                  data-testid="export-history"
                  title="Download this worker's history (component version, oplog, metadata) as one file; import it on the Workers page of any playground"
                  className="inline-flex items-center justify-center rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 transition-colors hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
                >
                  Export
                </a>
                <ForkPopover component={component} name={name} oplogLength={worker.oplogLength} />
                <RevertPopover
                  component={component}
                  name={name}
                  onReverted={(w, message) => {
                    setWorker(w);
                    setActionError(null);
                    setActionNote(message);
                    bumpSoon();
                  }}
                />
                {loaded.versions.length > 1 && (
                  <UpdatePopover
                    component={component}
                    name={name}
                    worker={worker}
                    versions={loaded.versions}
                    onUpdated={(w, message) => {
                      setWorker(w);
                      setActionError(null);
                      setActionNote(message);
                      bumpSoon();
                    }}
                    onFailed={() => {
                      refresh();
                      bumpSoon();
                    }}
                  />
                )}
                <span className="mx-0.5 h-5 w-px bg-zinc-200 dark:bg-zinc-700" aria-hidden />
                <Button
                  data-testid="kill"
                  disabled={!!busy}
                  onClick={() => act('kill', () => workerClient(component, name).kill())}
                  title={
                    busy
                      ? `Wait: ${busy} is in progress`
                      : "Terminate the worker's thread now; it recovers by replay on its next invocation"
                  }
                >
                  Kill
                </Button>
                <Button
                  data-testid="resume"
                  disabled={!!busy}
                  onClick={() => act('resume', () => workerClient(component, name).resume())}
                  title={busy ? `Wait: ${busy} is in progress` : 'Recover the worker now'}
                >
                  Resume
                </Button>
              </>
            )}
            <Button
              data-testid="crash-runtime"
              variant="danger"
              disabled={!!busy}
              onClick={() => act('crash', () => runtimeClient.crash())}
              title={busy ? `Wait: ${busy} is in progress` : 'SIGKILL the runtime process hosting every worker'}
            >
              Crash runtime
            </Button>
            {!deleted && (
              <DeletePopover
                component={component}
                name={name}
                onDeleted={() => {
                  setActionError(null);
                  setActionNote(null);
                  refresh();
                  bumpSoon();
                }}
                onPurged={purged}
              />
            )}
          </div>
        </div>
        <WorkerMeta worker={worker} pending={pendingCount ?? worker.pendingInvocations} connected={connected} />
      </header>
      {deleted && <DeletedBanner component={component} name={name} worker={worker} onPurged={purged} />}
      {actionNote && (
        <div
          role="status"
          data-testid="action-note"
          className="flex items-center gap-2 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300"
        >
          <span className="min-w-0 flex-1">{actionNote}</span>
          <button type="button" className="text-xs underline" onClick={() => setActionNote(null)}>
            Dismiss
          </button>
        </div>
      )}
      {!deleted && worker.lastError && (worker.status === 'failed' || worker.status === 'retrying') && (
        <ErrorBox message={`Last error: ${worker.lastError}`} testId="last-error" />
      )}
      {actionError && <ErrorBox message={actionError} testId="action-error" />}

      <div className="grid min-h-0 flex-1 grid-cols-[360px_1fr] gap-3">
        {/* The column scrolls in a relayout boundary inside a block: a state watch's new value or a panel's refetch is
            laid out in the column. */}
        <div className="min-h-0">
          <div className={`flex h-full flex-col gap-3 overflow-auto ${RELAYOUT_BOUNDARY}`}>{side}</div>
        </div>
        <LiveHistory
          component={component}
          name={name}
          live={live}
          timeline={{ initial: loaded.entries, initialHasOlder: loaded.hasOlder, rowMark: rowMarks, status: banner }}
          compactOpen={compactOpen}
          onCompactOpen={setCompactOpen}
        />
      </div>
    </main>
  );
}
