'use client';
// Golem's worker update from the worker page: pick a version and a mode (automatic replay or snapshot-based).

import { useState } from 'react';
import type { WitFunction } from '@/lib/wit/types';
import type { UpdateMode } from '@/lib/oplog/entry';
import { type ComponentVersionInfo, workerClient, type WorkerDetails } from '../api';
import { useAction } from '../ui/action';
import { Popover, closeThen } from '../ui/Popover';
import { ErrorBox, inputBase } from '../ui/ui';
import { DialogForm } from './DialogForm';
import { Caution } from '../ui/Caution';

const exportsOf = (v: ComponentVersionInfo | undefined, iface: string, fn: string) =>
  !!v?.exports.some((f: WitFunction) => f.interface?.replace(/@.*$/, '') === iface && f.name === fn);

interface UpdateProps {
  component: string;
  name: string;
  worker: WorkerDetails;
  versions: ComponentVersionInfo[];
  onUpdated: (worker: WorkerDetails, message: string) => void;
  onFailed: () => void;
}

/** Golem's worker update: pick a version and a mode. */
export function UpdatePopover({ onUpdated, ...rest }: UpdateProps) {
  return (
    <Popover
      label="Update…"
      testId="update"
      width="w-[28rem]"
      title="Move this worker to another version of its component (Golem's update)"
    >
      {(close) => <UpdateForm {...rest} onCancel={close} onUpdated={closeThen(close, onUpdated)} />}
    </Popover>
  );
}

function UpdateForm({ component, name, worker, versions, onCancel, onUpdated, onFailed }: UpdateProps & { onCancel: () => void }) {
  const targets = versions.filter((v) => v.version !== worker.version).sort((a, b) => b.version - a.version);
  const [version, setVersion] = useState<number>(targets[0]?.version ?? 0);
  const [mode, setMode] = useState<UpdateMode>('automatic');
  const { busy, error, setError, run } = useAction();
  const pickMode = (m: UpdateMode) => {
    setMode(m);
    setError(null);
  };
  const from = versions.find((v) => v.version === worker.version);
  const to = versions.find((v) => v.version === version);
  const snapshotHint =
    mode !== 'snapshot-based'
      ? null
      : !exportsOf(from, 'golem:api/save-snapshot', 'save')
        ? `v${worker.version} does not export golem:api/save-snapshot: a snapshot-based update will fail.`
        : !exportsOf(to, 'golem:api/load-snapshot', 'load')
          ? `v${version} does not export golem:api/load-snapshot: a snapshot-based update will fail.`
          : null;
  const submit = () => {
    if (!to) return;
    void run(
      async () => {
        const r = await workerClient(component, name).update({ version, mode });
        onUpdated(r.worker, `Updated from v${worker.version} to v${r.worker.version} (${mode}).`);
      },
      { onError: () => onFailed() },
    );
  };
  if (targets.length === 0) return <p className="text-xs text-zinc-500">The component has no other version.</p>;
  return (
    <DialogForm
      id="update"
      onSubmit={submit}
      error={error}
      errorView={
        <div data-testid="update-error">
          <p className="mb-1 text-xs font-semibold text-red-700 dark:text-red-400">
            The update failed; the worker stays on v{worker.version}.
          </p>
          <ErrorBox message={error ?? ''} testId="update-error-message" />
        </div>
      }
      buttons={{
        label: busy ? (mode === 'automatic' ? 'Replaying the history…' : 'Updating…') : `Update to v${version}`,
        busy: !!busy,
        disabled: !to,
        onCancel,
        cancelLabel: error ? 'Close' : 'Cancel',
      }}
    >
      <div className="flex items-center gap-2">
        <span className="text-sm">
          Update from <b>v{worker.version}</b> to
        </span>
        <select
          aria-label="Target version"
          data-testid="update-version"
          value={version}
          onChange={(e) => {
            setVersion(Number(e.target.value));
            setError(null);
          }}
          className={`${inputBase} h-8 w-auto py-0`}
        >
          {targets.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="flex flex-col gap-1.5 text-xs">
        <legend className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Mode</legend>
        <ModeOption testId="update-mode-automatic" checked={mode === 'automatic'} onPick={() => pickMode('automatic')} title="automatic">
          Replays the worker&apos;s whole history on v{version}. If the new code does something else than what was recorded, the update
          fails and the worker stays on v{worker.version}.
        </ModeOption>
        <ModeOption
          testId="update-mode-snapshot"
          checked={mode === 'snapshot-based'}
          onPick={() => pickMode('snapshot-based')}
          title="snapshot-based"
        >
          Saves the state with v{worker.version}&apos;s <span className="font-mono">save-snapshot</span> and loads it into v{version} with{' '}
          <span className="font-mono">load-snapshot</span>; the history is not replayed.
        </ModeOption>
      </fieldset>
      {snapshotHint && (
        <Caution testId="update-hint" className="text-xs">
          {snapshotHint}
        </Caution>
      )}
    </DialogForm>
  );
}

/** One update mode: a radio with its name in bold and what it does below. */
function ModeOption({
  testId,
  checked,
  onPick,
  title,
  children,
}: {
  testId: string;
  checked: boolean;
  onPick: () => void;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <label className="flex items-start gap-2">
      <input type="radio" name="update-mode" data-testid={testId} className="mt-0.5" checked={checked} onChange={onPick} />
      <span>
        <b>{title}</b>
        <span className="block text-zinc-500">{children}</span>
      </span>
    </label>
  );
}
