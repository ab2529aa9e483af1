'use client';
// The replay page's breakpoints: on an entry kind, on a function, and the
// chips of those set (index breakpoints are toggled in the oplog's gutter).

import { useState, type ReactNode } from 'react';
import type { OplogKind } from '@/lib/oplog/entry';
import { OPLOG_KINDS } from '@/lib/oplog/kinds';
import { kindStyle } from '../timeline/kinds';
import { Button, inputBase } from '../ui/ui';
import { ActionForm } from '../ui/action';
import type { Breakpoints } from './useBreakpoints';

function Chip({ children, onRemove, testId }: { children: React.ReactNode; onRemove: () => void; testId?: string }) {
  return (
    <span
      data-testid={testId}
      className="inline-flex items-center gap-1 rounded-full bg-red-50 py-0.5 pl-2 pr-1 font-mono text-[11px] text-red-800 ring-1 ring-inset ring-red-200 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-900"
    >
      <span className="h-1.5 w-1.5 rounded-full bg-red-500" />
      {children}
      <button
        type="button"
        onClick={onRemove}
        aria-label="Remove breakpoint"
        className="rounded-full px-1 text-red-500 hover:bg-red-100 dark:hover:bg-red-900"
      >
        ×
      </button>
    </span>
  );
}

export function BreakpointEditor({ breakpoints }: { breakpoints: Breakpoints }) {
  const { indices, kinds, fns, toggleIndex, setKinds, setFns } = breakpoints;
  const [kind, setKind] = useState<OplogKind>('exported-function-completed');
  const [fn, setFn] = useState('');
  const none = indices.size === 0 && kinds.length === 0 && fns.length === 0;
  return (
    <section
      data-testid="breakpoints"
      data-presenter="hide"
      className="flex min-h-0 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white text-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="border-b border-zinc-200 px-3 py-1.5 text-xs font-semibold dark:border-zinc-800">Breakpoints</h2>
      <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2.5">
        <AddRule
          id="bp-kind"
          label="on kind"
          addTestId="bp-kind-add"
          onAdd={() => {
            if (!kinds.includes(kind)) setKinds([...kinds, kind]);
          }}
        >
          <select
            id="bp-kind"
            data-testid="bp-kind-select"
            value={kind}
            onChange={(e) => setKind(e.target.value as OplogKind)}
            className={`${inputBase} h-7 min-w-0 flex-1 py-0 text-xs`}
          >
            {OPLOG_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindStyle(k).glyph} {k}
              </option>
            ))}
          </select>
        </AddRule>
        <AddRule
          id="bp-fn"
          label="on function"
          addTestId="bp-fn-add"
          why={!fn.trim() ? 'Type a function name first' : undefined}
          onAdd={() => {
            const f = fn.trim();
            if (f && !fns.includes(f)) setFns([...fns, f]);
            setFn('');
          }}
        >
          <input
            id="bp-fn"
            data-testid="bp-fn-input"
            value={fn}
            onChange={(e) => setFn(e.target.value)}
            placeholder="e.g. playground:http/client.send"
            className={`${inputBase} h-7 min-w-0 flex-1 py-0 font-mono text-xs`}
          />
        </AddRule>
        <div className="flex flex-wrap gap-1.5" data-testid="bp-list">
          {none && <span className="text-zinc-500">None. Click an entry&apos;s gutter to break at it.</span>}
          {[...indices]
            .sort((a, b) => a - b)
            .map((i) => (
              <Chip key={`i${i}`} testId="bp-chip" onRemove={() => toggleIndex(i)}>
                #{i}
              </Chip>
            ))}
          {kinds.map((k) => (
            <Chip key={`k${k}`} testId="bp-chip" onRemove={() => setKinds(kinds.filter((x) => x !== k))}>
              kind {k}
            </Chip>
          ))}
          {fns.map((f) => (
            <Chip key={`f${f}`} testId="bp-chip" onRemove={() => setFns(fns.filter((x) => x !== f))}>
              fn {f}
            </Chip>
          ))}
        </div>
      </div>
    </section>
  );
}

/** One "on … [control] Add" line: `id` is the control's, `why` disables Add and says why. */
function AddRule({
  id,
  label,
  addTestId,
  why,
  onAdd,
  children,
}: {
  id: string;
  label: string;
  addTestId: string;
  why?: string;
  onAdd: () => void;
  children: ReactNode;
}) {
  return (
    <ActionForm className="flex items-center gap-1.5" onSubmit={onAdd}>
      <label htmlFor={id} className="w-20 shrink-0 whitespace-nowrap text-zinc-500">
        {label}
      </label>
      {children}
      <Button type="submit" data-testid={addTestId} className="h-7 px-2 text-xs" disabled={why !== undefined} title={why}>
        Add
      </Button>
    </ActionForm>
  );
}
