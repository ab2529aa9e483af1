'use client';
// What-if: replace the recorded response of a host call the replay has not
// reached yet, then continue and watch the guest take the other path. Active
// overrides can be kept as a fork: a new worker with that altered history.

import { useEffect, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { Button, inputBase } from '../ui/ui';
import type { Override } from './types';
import { Caution } from '../ui/Caution';

type HostCall = Extract<OplogEntry, { kind: 'imported-function-invoked' }>;

const pretty = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2) ?? '';

export function WhatIfPanel({
  ended,
  target,
  overrides,
  notice,
  disabled,
  forking,
  onOverride,
  onFork,
}: {
  ended: boolean;
  /** The host call to override: the next one not yet replayed, or the one picked in the list. */
  target: HostCall | null;
  overrides: Override[];
  notice?: string;
  disabled: boolean;
  forking: boolean;
  onOverride: (index: number, response: unknown) => void;
  onFork: () => void;
}) {
  const active = target ? overrides.find((o) => o.index === target.index) : undefined;
  const initial = target ? pretty(active ? active.response : target.response) : '';
  const [text, setText] = useState(initial);
  const [parseError, setParseError] = useState<string | null>(null);
  // A new target (or a newly applied override) resets the editor.
  useEffect(() => {
    setText(initial);
    setParseError(null);
  }, [initial]);

  const submit = () => {
    if (!target) return;
    let response: unknown;
    try {
      response = JSON.parse(text);
    } catch (e) {
      setParseError(`not JSON: ${(e as Error).message}`);
      return;
    }
    setParseError(null);
    onOverride(target.index, response);
  };

  return (
    <section data-testid="whatif" className="flex flex-col gap-2 border-t border-zinc-200 p-3 text-xs dark:border-zinc-800">
      <h3 className="text-xs font-semibold text-zinc-700 dark:text-zinc-200">What if it returned…</h3>
      {target ? (
        <>
          <p className="text-zinc-500" data-testid="whatif-target" data-index={target.index}>
            the recorded response of{' '}
            <span className="font-mono text-zinc-700 dark:text-zinc-200">
              #{target.index} {target.functionName}
            </span>
            , not replayed yet
            <span className="block text-[11px]">
              pick another host call in the list to target it · encoding: {'{ "ok": … } | { "err": … }'}, u64 as {'{ "$b": "…" }'}, bytes as{' '}
              {'{ "$u8": base64 }'}
            </span>
          </p>
          <textarea
            data-testid="whatif-response"
            aria-label={`Response of entry ${target.index}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            rows={Math.min(12, Math.max(4, text.split('\n').length))}
            className={`${inputBase} font-mono text-[11px] leading-relaxed`}
          />
          {parseError && (
            <p className="text-red-600 dark:text-red-400" data-testid="whatif-parse-error">
              {parseError}
            </p>
          )}
          <div className="flex items-center gap-2">
            <Button variant="primary" data-testid="whatif-override" className="h-7 px-2 text-xs" disabled={disabled} onClick={submit}>
              Override #{target.index}
            </Button>
            {text !== pretty(target.response) && (
              <Button variant="ghost" className="h-7 px-2 text-xs" onClick={() => setText(pretty(target.response))}>
                Reset to recorded
              </Button>
            )}
          </div>
        </>
      ) : (
        <p className="text-zinc-500" data-testid="whatif-none">
          {ended ? 'The replay ended: rewind or restart to change a response.' : 'No recorded host call left to replay.'}
        </p>
      )}
      {notice && (
        <Caution role="status" testId="whatif-notice" className="border border-amber-300 dark:border-amber-800">
          {notice}
        </Caution>
      )}
      {overrides.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-zinc-500">Overrides:</span>
          {overrides.map((o) => (
            <span
              key={o.index}
              data-testid="override-chip"
              data-index={o.index}
              title={pretty(o.response)}
              className="inline-flex max-w-full items-center gap-1 truncate rounded-full bg-amber-50 px-2 py-0.5 font-mono text-[11px] text-amber-800 ring-1 ring-inset ring-amber-300 dark:bg-amber-950/50 dark:text-amber-300 dark:ring-amber-800"
            >
              #{o.index} → {JSON.stringify(o.response).slice(0, 40)}
            </span>
          ))}
          <Button
            data-testid="keep-fork"
            className="ml-auto h-7 px-2 text-xs"
            disabled={forking}
            onClick={onFork}
            title="A new worker whose history is the prefix up to the last override, with the overrides applied; it then runs live"
          >
            {forking ? 'Forking…' : 'Keep as fork'}
          </Button>
        </div>
      )}
    </section>
  );
}
