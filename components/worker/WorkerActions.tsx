'use client';
// The worker page's history actions: fork, revert the last N invocations,
// update to another component version (Golem's update), delete (keeping the
// oplog for replay, or for good), and the banner of a deleted worker.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage, workerClient, type WorkerDetails, workerHref } from '../api';
import { LoadingLine, useAction } from '../ui/action';
import { DialogForm } from './DialogForm';
import { NameField, useName } from '../ui/fields';
import { Popover, closeThen } from '../ui/Popover';
import { Button, ErrorBox, Label, Spinner, clockTime, inputBase, inputClass } from '../ui/ui';
import { InvocationList } from './InvocationList';
import { liveInvocations, type InvokedEntry } from './history';
import { noun, plural } from '../ui/plural';

const replayHref = (component: string, name: string) => `/workers/${encodeURIComponent(component)}/${encodeURIComponent(name)}/replay`;

const linkButton =
  'inline-flex items-center justify-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 transition-colors hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800';

/** Fork: a new worker over a copy of this one's history (all of it, or its first N entries). */
export function ForkPopover({
  component,
  name,
  oplogLength,
  align = 'right',
}: {
  component: string;
  name: string;
  oplogLength: number;
  align?: 'left' | 'right';
}) {
  return (
    <Popover label="Fork…" testId="fork" align={align} title="A new worker over a copy of this worker's history; it then goes on live">
      {(close) => <ForkForm component={component} name={name} oplogLength={oplogLength} onCancel={close} />}
    </Popover>
  );
}

export function ForkForm({
  component,
  name,
  oplogLength,
  atIndex,
  onCancel,
}: {
  component: string;
  name: string;
  oplogLength: number;
  atIndex?: number;
  onCancel: () => void;
}) {
  const router = useRouter();
  const { name: forkName, error: nameError, field: nameField } = useName(`${name}-fork`);
  const [at, setAt] = useState(atIndex === undefined ? '' : String(atIndex));
  const { busy, error, run } = useAction();
  const atNum = at.trim() === '' ? undefined : Number(at);
  const atError =
    atNum !== undefined && (!Number.isInteger(atNum) || atNum < 1 || atNum > oplogLength) ? `An index from 1 to ${oplogLength}` : null;
  const submit = () => {
    if (!forkName || nameError || atError) return;
    void run(
      async () => {
        const r = await workerClient(component, name).fork({ name: forkName, ...(atNum === undefined ? {} : { atIndex: atNum }) });
        router.push(workerHref(r.worker));
      },
      { stayBusy: true },
    );
  };
  return (
    <DialogForm
      id="fork"
      onSubmit={submit}
      error={error}
      buttons={{ label: 'Fork', busy: !!busy, disabled: !forkName || !!nameError || !!atError, onCancel }}
    >
      <p className="text-xs text-zinc-500">
        A new worker of <span className="font-mono">{component}</span> whose oplog is a copy of{' '}
        {atNum === undefined ? (
          <>all {plural(oplogLength, 'entry', 'entries')} of this one&apos;s</>
        ) : (
          <>the first {plural(atNum, 'entry', 'entries')} of this one&apos;s</>
        )}{' '}
        history. It recovers from that copy, then runs live; this worker is not changed.
      </p>
      <div className="flex gap-2">
        <NameField id="fork-name" label="New worker's name" className="min-w-0 flex-1" {...nameField} autoFocus />
        <div className="w-28">
          <Label htmlFor="fork-at">Up to entry</Label>
          <input
            id="fork-at"
            data-testid="fork-at"
            type="number"
            min={1}
            max={oplogLength}
            placeholder={`#${oplogLength}`}
            className={`${inputClass} tabular ${atError ? 'border-red-500' : ''}`}
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
        </div>
      </div>
      {(nameError || atError) && <p className="-mt-1 text-xs text-red-600">{nameError ?? atError}</p>}
    </DialogForm>
  );
}

/** Revert the last N invocations: { lastInvocations: N }. */
export function RevertPopover({
  component,
  name,
  onReverted,
}: {
  component: string;
  name: string;
  onReverted: (worker: WorkerDetails, message: string) => void;
}) {
  return (
    <Popover label="Revert…" testId="revert" title="Drop the last invocations from this worker's history (Golem's revert)">
      {(close) => <RevertForm component={component} name={name} onCancel={close} onReverted={closeThen(close, onReverted)} />}
    </Popover>
  );
}

function RevertForm({
  component,
  name,
  onCancel,
  onReverted,
}: {
  component: string;
  name: string;
  onCancel: () => void;
  onReverted: (worker: WorkerDetails, message: string) => void;
}) {
  const client = useMemo(() => workerClient(component, name), [component, name]);
  const [n, setN] = useState('1');
  const [history, setHistory] = useState<{ invocations: InvokedEntry[]; length: number } | null>(null);
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    let live = true;
    // Newest first: a revert entry always comes after the range it drops, so this window sees every revert that hides one of its invocations.
    client
      .oplog({ kinds: ['exported-function-invoked', 'revert', 'jump'], reverse: true, limit: 1000 })
      .then((r) => live && setHistory({ invocations: liveInvocations([...r.entries].reverse()).reverse(), length: r.length }))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [client]);
  const count = Number(n);
  const valid = Number.isInteger(count) && count >= 1;
  const dropped = history && valid ? history.invocations.slice(0, count) : [];
  const from = dropped.at(-1)?.index ?? null;
  const submit = () => {
    if (!valid) return;
    void run(async () => {
      const r = await client.revert({ lastInvocations: count });
      const revertIndex = r.worker.oplogLength;
      onReverted(
        r.worker,
        `Reverted the last ${plural(count, 'invocation')}: entries #${from ?? '?'}…#${revertIndex - 1} are dropped from the history (revert entry #${revertIndex}).`,
      );
    });
  };
  return (
    <DialogForm
      id="revert"
      onSubmit={submit}
      error={error}
      buttons={{
        variant: 'danger',
        label: 'Revert',
        busy: !!busy,
        disabled: !valid || !history || count > history.invocations.length,
        onCancel,
      }}
    >
      <div className="flex items-center gap-2">
        <label htmlFor="revert-n" className="text-sm">
          Revert the last
        </label>
        <input
          id="revert-n"
          data-testid="revert-n"
          type="number"
          min={1}
          autoFocus
          value={n}
          onChange={(e) => setN(e.target.value)}
          className={`${inputBase} h-8 w-16 py-0 tabular`}
        />
        <span className="text-sm">{noun(count, 'invocation')}</span>
      </div>
      {!history ? (
        !error && <LoadingLine>Reading the history…</LoadingLine>
      ) : history.invocations.length === 0 ? (
        <p className="text-xs text-zinc-500">This worker has no invocations to revert.</p>
      ) : (
        <div className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="revert-preview">
          {valid && count > history.invocations.length ? (
            <p className="text-red-600 dark:text-red-400">
              The worker has only {plural(history.invocations.length, 'invocation')} in its history.
            </p>
          ) : (
            <>
              <p>
                Drops entries{' '}
                <b className="whitespace-nowrap tabular">
                  #{from}…#{history.length}
                </b>{' '}
                from the worker&apos;s history: the state goes back to what it was at #{(from ?? 1) - 1}. It is recorded as a{' '}
                <span className="font-mono">revert</span> entry; the dropped entries stay in the oplog, for the record.
              </p>
              <InvocationList invocations={dropped} className="mt-1.5 max-h-28" />
            </>
          )}
        </div>
      )}
    </DialogForm>
  );
}

/** Delete: keep the oplog for replay and fork (the default), or remove it for good. */
export function DeletePopover({
  component,
  name,
  onDeleted,
  onPurged,
}: {
  component: string;
  name: string;
  onDeleted: () => void;
  onPurged: () => void;
}) {
  return (
    <Popover label="Delete" testId="delete" variant="ghost" title="Stop and delete this worker">
      {(close) => (
        <DeleteConfirm
          component={component}
          name={name}
          kept={false}
          onCancel={close}
          onDeleted={closeThen(close, onDeleted)}
          onPurged={onPurged}
        />
      )}
    </Popover>
  );
}

function DeleteConfirm({
  component,
  name,
  kept,
  onCancel,
  onDeleted,
  onPurged,
}: {
  component: string;
  name: string;
  /** Already deleted, kept for replay: only a permanent delete is left. */
  kept: boolean;
  onCancel: () => void;
  onDeleted: () => void;
  onPurged: () => void;
}) {
  const action = useAction<'keep' | 'purge'>();
  const { busy, error } = action;
  const run = (purge: boolean) =>
    action.run(
      async () => {
        await workerClient(component, name).remove(purge);
        if (purge) onPurged();
        else onDeleted();
      },
      { key: purge ? 'purge' : 'keep' },
    );
  return (
    <div className="flex flex-col gap-2.5" data-testid="delete-confirm">
      <p className="text-sm font-medium">{kept ? `Delete ${name} permanently?` : `Delete ${name}?`}</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-300">
        {kept ? (
          <>Its oplog is removed for good: it can no longer be replayed, evaluated or forked. This cannot be undone.</>
        ) : (
          <>
            The worker stops and takes no more invocations. Its <b>oplog is kept for replay</b>: you can still step through it in the
            debugger, evaluate exports on it and fork it. Delete permanently to remove the oplog as well.
          </>
        )}
      </p>
      {error && <ErrorBox message={error} testId="delete-error" />}
      <div className="flex flex-wrap gap-2">
        {!kept && (
          <Button variant="danger" data-testid="confirm-delete" disabled={!!busy} onClick={() => run(false)}>
            {busy === 'keep' && <Spinner />} Delete, keep oplog
          </Button>
        )}
        <Button variant="danger" data-testid="confirm-purge" disabled={!!busy} onClick={() => run(true)}>
          {busy === 'purge' && <Spinner />} Delete permanently
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** A deleted worker's banner: when, what is left, and what can still be done with it. */
export function DeletedBanner({
  component,
  name,
  worker,
  onPurged,
}: {
  component: string;
  name: string;
  worker: WorkerDetails;
  onPurged: () => void;
}) {
  return (
    <div
      role="status"
      data-testid="deleted-banner"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-zinc-300 bg-zinc-100 px-4 py-2.5 text-sm text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-100"
    >
      <div className="min-w-0 flex-1">
        <p>
          <span className="font-semibold">Deleted at {worker.deletedAt ? clockTime(worker.deletedAt) : '?'}</span>: kept for replay and
          fork.
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          It takes no more invocations and cannot be killed, resumed, reverted or updated. Its {worker.oplogLength} oplog entries can be
          replayed, evaluated and forked into a new worker.
        </p>
      </div>
      <div className="flex items-center gap-2">
        <Link href={replayHref(component, name)} data-testid="deleted-replay" className={linkButton}>
          Replay
        </Link>
        <ForkPopover component={component} name={name} oplogLength={worker.oplogLength} />
        <Popover label="Delete permanently" testId="purge" variant="danger">
          {(close) => <DeleteConfirm component={component} name={name} kept onCancel={close} onDeleted={close} onPurged={onPurged} />}
        </Popover>
      </div>
    </div>
  );
}
