'use client';
// The replay debugger page: a debug session replays a copy of the worker's
// oplog in a separate instance (never writing, never performing live effects);
// this page steps it, runs it to breakpoints, rewinds it, and shows at each
// stop the recorded entry next to what the guest actually did.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import { errorMessage, workerClient, workerHref as workerPageHref } from '../api';
import { ErrorBox, Spinner } from '../ui/ui';
import { StateWatch } from '../worker/StateWatch';
import { BreakpointEditor } from './BreakpointEditor';
import { Evaluate } from './Evaluate';
import { MemoryMap } from './MemoryMap';
import { ReplayControls } from './ReplayControls';
import { ReplayHeader } from './ReplayHeader';
import { ReplayList } from './ReplayList';
import { StopActions, type Reverted } from './StopActions';
import { ReplayOutput, StopPanel } from './StopPanel';
import { useBreakpoints } from './useBreakpoints';
import { useDebugSession } from './useDebugSession';
import { WhatIfPanel } from './WhatIf';
import { plural } from '../ui/plural';

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

export function ReplayView({ component, name }: { component: string; name: string }) {
  const workerHref = `/workers/${encodeURIComponent(component)}/${encodeURIComponent(name)}`;

  // Bumped to replay the worker's history afresh (after a revert changed it).
  const [generation, setGeneration] = useState(0);
  const session = useDebugSession(component, name, generation);
  // Read often: the rest is read as session.x where used.
  const { entries, state, index, run } = session;
  const bps = useBreakpoints();
  const userBreakpoints = bps.list;
  const [continueTo, setContinueTo] = useState('');
  const [rewindTo, setRewindTo] = useState('');
  const [scrub, setScrub] = useState<number | null>(null);
  // What-if: the host call picked in the list (else the next one not yet replayed).
  const [picked, setPicked] = useState<number | null>(null);
  const [forking, setForking] = useState(false);
  const [reverted, setReverted] = useState<Reverted | null>(null);
  const router = useRouter();

  const override = (i: number, response: unknown) => run('override', { type: 'override', index: i, response });
  const overrideMap = useMemo(() => new Map((state?.overrides ?? []).map((o) => [o.index, o.response] as const)), [state?.overrides]);

  const keepFork = async () => {
    const overrides = state?.overrides ?? [];
    if (overrides.length === 0 || forking) return;
    setForking(true);
    session.setError(null);
    try {
      const forkName = `${name}-whatif-${Math.random().toString(36).slice(2, 8)}`;
      const atIndex = Math.max(...overrides.map((o) => o.index));
      const r = await workerClient(component, name).fork({ name: forkName, atIndex, overrides });
      router.push(workerPageHref(r.worker));
    } catch (e) {
      if (session.mounted.current) session.setError(errorMessage(e));
    } finally {
      if (session.mounted.current) setForking(false);
    }
  };

  const ended = !!state?.ended;

  const step = useCallback(() => run('step', { type: 'step' }), [run]);
  const cont = useCallback(() => run('continue', { type: 'continue', breakpoints: userBreakpoints }), [run, userBreakpoints]);
  const stepOver = () => run('step over', { type: 'continue', breakpoints: [{ kind: 'exported-function-completed' }, ...userBreakpoints] });
  // Forward or back is decided when the command's turn comes, from the stop reached by then.
  const goTo = useCallback(
    (target: number) =>
      run(`go to #${target}`, (at) =>
        target > at.index ? { type: 'continue', toIndex: target } : target < at.index ? { type: 'rewind', toIndex: target } : null,
      ),
    [run],
  );

  // Scrubber: follow the replay, and go where it is dropped (debounced).
  useEffect(() => {
    if (scrub === null) return;
    const t = setTimeout(() => {
      Promise.resolve(goTo(scrub)).finally(() => setScrub(null));
    }, 300);
    return () => clearTimeout(t);
  }, [scrub, goTo]);

  // Keyboard: n / s step, c continue.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target) || !state || ended) return;
      if (e.key === 'n' || e.key === 's') step();
      else if (e.key === 'c') cont();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, cont, state, ended]);

  const pick = useCallback(
    (i: number) => {
      setContinueTo(String(i));
      setRewindTo(String(i));
      if (entries?.find((e) => e.index === i)?.kind === 'imported-function-invoked') setPicked(i);
    },
    [entries],
  );

  // The what-if target: the picked host call if still ahead, else the next one not yet replayed.
  const whatIfTarget = useMemo(() => {
    if (!entries) return null;
    const ahead = (e: OplogEntry) => e.kind === 'imported-function-invoked' && e.index > index;
    const p = picked === null ? undefined : entries.find((e) => e.index === picked);
    const t = p && ahead(p) ? p : entries.find(ahead);
    return t && t.kind === 'imported-function-invoked' ? t : null;
  }, [entries, picked, index]);

  return (
    <main className="mx-auto flex h-[calc(100vh-3rem)] max-w-screen-2xl flex-col gap-3 px-4 py-3">
      <ReplayHeader
        component={component}
        name={name}
        workerHref={workerHref}
        session={session}
        onVersion={(v) => void session.replayAgainst(v, () => setPicked(null))}
      />

      {session.error && <ErrorBox message={session.error} testId="replay-error" />}
      {reverted && (
        <div
          role="status"
          data-testid="reverted-banner"
          className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300"
        >
          <span className="min-w-0 flex-1">
            <span className="font-semibold">✓ Worker reverted to #{reverted.toIndex}</span>: entries #{reverted.from}…#{reverted.to}
            {reverted.invocations > 0 ? ` (${plural(reverted.invocations, 'invocation')})` : ''} are dropped from its history, recorded as
            revert entry #{reverted.revertIndex}. It is <span className="font-medium">{reverted.worker.status}</span> now. This replay still
            shows the history as it was.
          </span>
          <Link href={workerHref} data-testid="reverted-open-worker" className="font-medium underline">
            Open the worker →
          </Link>
          <button
            type="button"
            data-testid="reverted-replay-again"
            className="font-medium underline"
            onClick={() => {
              setReverted(null);
              setGeneration((g) => g + 1);
            }}
          >
            Replay the new history
          </button>
        </div>
      )}

      <ReplayControls
        session={session}
        scrub={scrub}
        onScrub={setScrub}
        continueTo={{
          text: continueTo,
          setText: setContinueTo,
          go: (toIndex) => run('continue to', { type: 'continue', toIndex, breakpoints: userBreakpoints }),
        }}
        rewindTo={{ text: rewindTo, setText: setRewindTo, go: (toIndex) => run('rewind', { type: 'rewind', toIndex }) }}
        onStep={step}
        onStepOver={stepOver}
        onContinue={cont}
      />

      <div className="grid min-h-0 flex-1 grid-cols-[1fr_440px] gap-3" data-presenter="replay-grid">
        {/* Breakpoints and output sit under the oplog, so "At this stop" gets the whole right column. */}
        <div className="flex min-h-0 flex-col gap-3">
          <section className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
              <h2 className="text-sm font-semibold">Oplog</h2>
              <span className="text-xs text-zinc-500" data-presenter="hide">
                click the gutter to toggle a breakpoint · click an entry to target it
              </span>
              <span className="ml-auto text-xs tabular text-zinc-500">{entries ? plural(entries.length, 'entry', 'entries') : ''}</span>
            </div>
            <div className="min-h-0 flex-1">
              {entries ? (
                <ReplayList entries={entries} current={index} breakpoints={bps} onPick={pick} overrides={overrideMap} />
              ) : (
                <div className="flex items-center gap-2 p-4 text-sm text-zinc-500">
                  <Spinner /> Loading the oplog…
                </div>
              )}
            </div>
          </section>
          <div className="grid h-40 shrink-0 grid-cols-2 gap-3" data-presenter="replay-strip">
            <BreakpointEditor breakpoints={bps} />
            <section className="flex min-h-0 flex-col overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
              <h2 className="border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-xs font-semibold text-zinc-300">
                Guest stdout / stderr · replayed so far
              </h2>
              <div className="min-h-0 flex-1">
                <ReplayOutput output={state?.output ?? []} />
              </div>
            </section>
          </div>
        </div>

        <aside className="flex min-h-0 flex-col gap-3">
          <section className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
              <h2 className="mr-auto text-sm font-semibold">At this stop</h2>
              <StopActions
                component={component}
                name={name}
                session={session}
                onReverted={(r) => {
                  setReverted(r);
                  session.setError(null);
                }}
              />
            </div>
            <div className="min-h-0 flex-1 overflow-auto">
              {state ? (
                <>
                  <StopPanel state={state} />
                  {session.workerVersion !== null && (
                    <StateWatch
                      compact
                      component={component}
                      name={name}
                      index={state.index}
                      exports={session.exportsByVersion[session.workerVersion] ?? []}
                    />
                  )}
                  <MemoryMap
                    state={state}
                    onRead={(offset) => run('Reading memory', { type: 'memory', offset, length: 4096, skipZero: true })}
                  />
                  {session.workerVersion !== null && (
                    <Evaluate
                      component={component}
                      name={name}
                      index={state.index}
                      exports={session.exportsByVersion[session.workerVersion] ?? []}
                    />
                  )}
                  {(!state.ended || !!state.overrides?.length || !!state.notice) && (
                    <WhatIfPanel
                      ended={!!state.ended}
                      target={state.ended ? null : whatIfTarget}
                      overrides={state.overrides ?? []}
                      notice={state.notice}
                      disabled={false}
                      forking={forking}
                      onOverride={override}
                      onFork={keepFork}
                    />
                  )}
                </>
              ) : (
                <div className="flex items-center gap-2 p-4 text-sm text-zinc-500">
                  {!session.error && <Spinner />} {session.error ? 'No debug session.' : 'Starting a debug session…'}
                </div>
              )}
            </div>
          </section>
        </aside>
      </div>
    </main>
  );
}
