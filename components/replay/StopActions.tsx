'use client';
// Acting on the real worker from a debugger stop: revert it to this index
// (Golem's revert, issue 4), or fork a new worker from the history up to here.

import { useEffect, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { errorMessage, workerApi, workerClient, type WorkerDetails } from '../api';
import { Popover, closeThen } from '../ui/Popover';
import { FormButtons, LoadingLine, useAction } from '../ui/action';
import { ErrorBox } from '../ui/ui';
import { ForkForm } from '../worker/WorkerActions';
import { InvocationList } from '../worker/InvocationList';
import { liveInvocations, shortFunctionName, type InvokedEntry } from '../worker/history';
import { Caution } from '../ui/Caution';
import type { DebugSession } from './useDebugSession';
import { plural } from '../ui/plural';

export interface Reverted {
  toIndex: number;
  /** First and last entry dropped. */
  from: number;
  to: number;
  revertIndex: number;
  invocations: number;
  worker: WorkerDetails;
}

/** The invocation a stop at `index` is in the middle of (invoked at or before it, completed after it), if any. */
export function openInvocation(entries: readonly OplogEntry[], index: number): InvokedEntry | null {
  const upTo = entries.filter((e) => e.index <= index);
  const inv = liveInvocations(upTo).pop();
  if (!inv) return null;
  const done = upTo.some(
    (e) =>
      e.index > inv.index &&
      (e.kind === 'exported-function-completed' || e.kind === 'error' || e.kind === 'exited') &&
      e.idempotencyKey === inv.idempotencyKey,
  );
  return done ? null : inv;
}

export function StopActions({
  component,
  name,
  session,
  onReverted,
}: {
  component: string;
  name: string;
  /** The stop (nothing to act on before a session has started), the entries, and whether the worker was deleted. */
  session: Pick<DebugSession, 'state' | 'index' | 'lastIndex' | 'entries' | 'deletedAt'>;
  onReverted: (r: Reverted) => void;
}) {
  const { index, lastIndex, entries } = session;
  const disabled = !session.state;
  const deleted = !!session.deletedAt;
  const revertTitle = deleted
    ? 'A deleted worker cannot be reverted: fork it instead'
    : index < 1
      ? 'Step to an entry first: the worker keeps everything up to the stop'
      : `Drop the worker's history after #${index}`;
  return (
    <div className="flex items-center gap-1.5">
      <Popover
        label="Fork here…"
        testId="fork-here"
        width="w-[24rem]"
        disabled={disabled || index < 1}
        title={index < 1 ? 'Step to an entry first' : `A new worker over this worker's first ${plural(index, 'entry', 'entries')}`}
      >
        {(close) => (
          <ForkForm component={component} name={name} oplogLength={Math.max(lastIndex, index, 1)} atIndex={index} onCancel={close} />
        )}
      </Popover>
      <Popover
        label="Revert worker to here…"
        testId="revert-here"
        width="w-[26rem]"
        variant="danger"
        disabled={disabled || deleted || index < 1}
        title={revertTitle}
      >
        {(close) => (
          <RevertConfirm
            component={component}
            name={name}
            index={index}
            entries={entries}
            onCancel={close}
            onReverted={closeThen(close, onReverted)}
          />
        )}
      </Popover>
    </div>
  );
}

function RevertConfirm({
  component,
  name,
  index,
  entries,
  onCancel,
  onReverted,
}: {
  component: string;
  name: string;
  index: number;
  entries: OplogEntry[] | null;
  onCancel: () => void;
  onReverted: (r: Reverted) => void;
}) {
  const base = workerApi(component, name);
  const [target, setTarget] = useState(index);
  // What a revert to `target` drops, read fresh: the worker may have moved on since the page loaded.
  const [after, setAfter] = useState<{ invocations: InvokedEntry[]; length: number } | null>(null);
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    let live = true;
    setAfter(null);
    workerClient(component, name)
      .oplog({ from: target + 1, kinds: ['exported-function-invoked', 'revert', 'jump'], limit: 10000 })
      .then((r) => live && setAfter({ invocations: liveInvocations(r.entries), length: r.length }))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [base, target]);
  const open = entries ? openInvocation(entries, target) : null;

  const submit = () =>
    void run(async () => {
      const r = await workerClient(component, name).revert({ toIndex: target });
      const revertIndex = r.worker.oplogLength;
      onReverted({
        toIndex: target,
        from: target + 1,
        to: revertIndex - 1,
        revertIndex,
        invocations: after?.invocations.length ?? 0,
        worker: r.worker,
      });
    });

  const nothing = after !== null && after.length <= target;
  return (
    <div className="flex flex-col gap-2.5 text-xs" data-testid="revert-confirm">
      <p className="text-sm font-medium">
        Revert <span className="font-mono">{name}</span> to #{target}?
      </p>
      {!after ? (
        !error && <LoadingLine className="">Reading what comes after #{target}…</LoadingLine>
      ) : nothing ? (
        <p className="text-zinc-600 dark:text-zinc-300">#{target} is the worker&apos;s last entry: there is nothing after it to drop.</p>
      ) : (
        <div className="flex flex-col gap-1.5 text-zinc-600 dark:text-zinc-300" data-testid="revert-drops">
          <p>
            This changes the <b>real worker</b>, not just this replay. Entries{' '}
            <b className="whitespace-nowrap tabular">
              #{target + 1}…#{after.length}
            </b>{' '}
            are dropped from its history
            {after.invocations.length > 0 ? (
              <>
                {' '}
                ({plural(after.invocations.length, 'invocation')} started after #{target})
              </>
            ) : null}
            , and it goes on from its state as of #{target}.
          </p>
          {after.invocations.length > 0 && <InvocationList invocations={after.invocations} className="max-h-24" />}
          <p>
            The drop is recorded as a <span className="font-mono">revert</span> entry (#{after.length + 1}); the dropped entries stay in the
            oplog, for the record.
          </p>
        </div>
      )}
      {open && !nothing && (
        <Caution testId="revert-mid-invocation">
          #{target} is in the middle of <span className="font-mono">{shortFunctionName(open.functionName)}</span> (invoked at #{open.index}
          ): the worker is left interrupted in it and runs the rest of it live when it next recovers.{' '}
          {open.index > 1 && (
            <button
              type="button"
              className="font-medium underline"
              data-testid="revert-before-invocation"
              onClick={() => setTarget(open.index - 1)}
            >
              Revert to #{open.index - 1} instead, before it
            </button>
          )}
        </Caution>
      )}
      {error && <ErrorBox message={error} testId="revert-error" />}
      <FormButtons
        testId="revert-confirm-button"
        variant="danger"
        label={`Revert worker to #${target}`}
        busy={!!busy}
        disabled={!after || nothing}
        onSubmit={submit}
        onCancel={onCancel}
      />
    </div>
  );
}
