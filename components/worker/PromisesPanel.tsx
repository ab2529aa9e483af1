'use client';
// The worker's promises (golem:api create-promise): which one it waits for,
// which are completed and with what, and a form to complete one from here.

import { useState } from 'react';
import type { CompletePromiseBody, CompletePromiseRequest } from '@/lib/api/types';
import { errorMessage, payloadPreview, type PromiseInfo, workerClient } from '../api';
import { ActionForm, FormButtons, useAction } from '../ui/action';
import { Button, ErrorBox, clockTime, inputClass } from '../ui/ui';
import { Segmented } from '../ui/Segmented';
import { Panel, useStampedData } from './Panel';
import { plural } from '../ui/plural';

interface Props {
  component: string;
  name: string;
  /** The promise the worker is suspended on, if any. */
  awaiting?: number;
  /** Changes whenever the worker may have created or completed a promise. */
  stamp: number;
  /** Called after this panel completed a promise. */
  onCompleted?: () => void;
}

export function PromisesPanel({ component, name, awaiting, stamp, onCompleted }: Props) {
  const client = workerClient(component, name);
  const { data, error, load } = useStampedData(client.promises, client.base, stamp);
  const [open, setOpen] = useState<number | null>(null);
  const promises = data && [...data.promises].sort((a, b) => a.oplogIndex - b.oplogIndex);

  if (!promises || promises.length === 0) {
    // Nothing to show until the worker creates a promise (an error only matters once there were some).
    return null;
  }
  const waiting = promises.filter((p) => !p.completed).length;

  return (
    <Panel
      testId="promises-panel"
      title={<h2 className="text-sm font-semibold">Promises</h2>}
      aside={
        <span className="text-xs text-zinc-500 tabular">
          {waiting > 0 ? `${waiting} waiting · ` : ''}
          {promises.length} in all
        </span>
      }
      error={error}
      errorTestId="promises-error"
    >
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {promises.map((p) => (
          <PromiseRow
            key={p.oplogIndex}
            promise={p}
            awaited={!p.completed && (awaiting === p.oplogIndex || (awaiting === undefined && p.awaited))}
            open={open === p.oplogIndex}
            onOpen={(o) => setOpen(o ? p.oplogIndex : null)}
            complete={(body) => client.completePromise(p.oplogIndex, body)}
            onDone={() => {
              setOpen(null);
              load();
              onCompleted?.();
            }}
          />
        ))}
      </ul>
    </Panel>
  );
}

function PromiseRow({
  promise: p,
  awaited,
  open,
  onOpen,
  complete,
  onDone,
}: {
  promise: PromiseInfo;
  awaited: boolean;
  open: boolean;
  onOpen: (open: boolean) => void;
  complete: Complete;
  onDone: () => void;
}) {
  const preview = p.completed && p.data !== undefined ? payloadPreview(p.data) : null;
  return (
    <li
      data-testid="promise-row"
      data-index={p.oplogIndex}
      data-state={p.completed ? 'completed' : 'waiting'}
      data-awaited={awaited}
      className={`px-4 py-2.5 text-sm ${awaited ? 'bg-violet-50 shadow-[inset_3px_0_0] shadow-violet-500 dark:bg-violet-950/40' : ''}`}
    >
      <div className="flex items-center gap-2">
        <span className="font-mono text-xs font-semibold" title={`created by the host call at oplog index ${p.oplogIndex}`}>
          #{p.oplogIndex}
        </span>
        {p.completed ? (
          <span
            className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
            data-testid="promise-state"
          >
            ✓ completed
          </span>
        ) : (
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${
              awaited ? 'bg-violet-600 text-white' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
            }`}
            data-testid="promise-state"
          >
            {awaited ? '◌ worker is waiting' : '◌ waiting'}
          </span>
        )}
        <span className="ml-auto text-xs text-zinc-500 tabular" title={p.createdAt}>
          created {clockTime(p.createdAt)}
        </span>
      </div>
      {p.completed ? (
        <div className="mt-1.5 flex items-baseline gap-2 text-xs">
          {p.completedAt && <span className="shrink-0 text-zinc-500 tabular">at {clockTime(p.completedAt)}</span>}
          {preview ? (
            <code
              className="min-w-0 truncate rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
              title={preview.text}
              data-testid="promise-preview"
            >
              {preview.binary ? `${plural(preview.bytes, 'byte')}: ${preview.text}` : preview.text === '' ? '(empty)' : preview.text}
            </code>
          ) : (
            <span className="text-zinc-400">no payload</span>
          )}
        </div>
      ) : open ? (
        <CompleteForm complete={complete} onCancel={() => onOpen(false)} onDone={onDone} />
      ) : (
        <div className="mt-2">
          <Button
            variant="primary"
            data-testid="promise-complete-open"
            onClick={() => onOpen(true)}
            title="Complete this promise with a payload; the worker waiting for it resumes"
          >
            Complete…
          </Button>
        </div>
      )}
    </li>
  );
}

type PayloadMode = 'text' | 'json';
type Complete = (body: CompletePromiseRequest) => Promise<CompletePromiseBody>;

function CompleteForm({ complete, onCancel, onDone }: { complete: Complete; onCancel: () => void; onDone: () => void }) {
  const [mode, setMode] = useState<PayloadMode>('text');
  const [text, setText] = useState('approved');
  const [json, setJson] = useState('{ "approved": true }');
  const { busy, error, setError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const jsonError = (() => {
    if (mode !== 'json') return null;
    try {
      JSON.parse(json);
      return null;
    } catch (e) {
      return `Not valid JSON: ${errorMessage(e)}`;
    }
  })();

  const submit = () => {
    setNotice(null);
    if (mode === 'json' && jsonError) return setError(jsonError);
    const body = mode === 'json' ? { json: JSON.parse(json) as unknown } : { text };
    void run(async () => {
      const r = await complete(body);
      if (r.completed === false) {
        setNotice('This promise was already completed; its payload did not change.');
        setTimeout(onDone, 1500);
      } else {
        onDone();
      }
    });
  };

  return (
    <ActionForm className="mt-2 flex flex-col gap-2" testId="promise-complete-form" onSubmit={submit}>
      <div className="flex items-center gap-2 text-xs">
        <span className="text-zinc-500">Payload as</span>
        <Segmented
          dense
          options={['text', 'json'] as const}
          value={mode}
          onPick={(m) => {
            setMode(m);
            setError(null);
          }}
          label={(m) => (m === 'text' ? 'Text' : 'JSON')}
          testId={(m) => `promise-mode-${m}`}
        />
        <span className="text-zinc-400">{mode === 'text' ? 'sent as UTF-8 bytes' : 'sent as JSON text (UTF-8)'}</span>
      </div>
      {mode === 'text' ? (
        <input
          aria-label="Payload text"
          data-testid="promise-payload"
          className={`${inputClass} font-mono`}
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
        />
      ) : (
        <>
          <textarea
            aria-label="Payload JSON"
            data-testid="promise-payload-json"
            className={`${inputClass} h-20 font-mono text-xs ${jsonError ? 'border-red-400 focus:border-red-500 focus:ring-red-500' : ''}`}
            value={json}
            autoFocus
            spellCheck={false}
            onChange={(e) => setJson(e.target.value)}
          />
          {jsonError && (
            <p className="text-xs text-red-600 dark:text-red-400" data-testid="promise-json-error">
              {jsonError}
            </p>
          )}
        </>
      )}
      <FormButtons
        testId="promise-submit"
        label="Complete promise"
        busy={!!busy}
        disabled={!!jsonError}
        onCancel={onCancel}
        cancelDisabled={!!busy}
      />
      {error && <ErrorBox message={error} testId="promise-error" />}
      {notice && (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="promise-notice">
          {notice}
        </p>
      )}
    </ActionForm>
  );
}
