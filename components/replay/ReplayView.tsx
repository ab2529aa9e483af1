'use client';
// The replay debugger page: a debug session replays a copy of the worker's
// oplog in a separate instance (never writing, never performing live effects);
// this page steps it, runs it to breakpoints, rewinds it, and shows at each
// stop the recorded entry next to what the guest actually did.

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OplogEntry, OplogKind } from '@/lib/oplog/entry';
import { OPLOG_KINDS } from '@/lib/oplog/kinds';
import { componentHref, errorMessage, post, workerApi, workerHref as workerPageHref, api } from '../api';
import type { WorkerInfo } from '@/lib/runtime/types';
import { StopActions, type Reverted } from './StopActions';
import { kindStyle } from '../timeline/kinds';
import { Button, ErrorBox, Spinner, inputBase } from '../ui/ui';
import { StateWatch } from '../worker/StateWatch';
import { ReplayList } from './ReplayList';
import { ReplayOutput, StopPanel } from './StopPanel';
import { MemoryMap } from './MemoryMap';
import { Evaluate } from './Evaluate';
import type { WitFunction } from '@/lib/wit/types';
import type { Breakpoint, DebugAnswer, DebugCommand, DebugState } from './types';
import { WhatIfPanel } from './WhatIf';
import { SlowReplay } from '../presenter/SlowReplay';

const PAGE = 5000;

const debugUrl = (sessionId: string) => `/api/debug/${encodeURIComponent(sessionId)}`;

/** Closes a session without waiting; survives the page going away. */
function closeSession(sessionId: string) {
  fetch(debugUrl(sessionId), { method: 'DELETE', keepalive: true }).catch(() => {});
}

async function loadOplog(base: string): Promise<OplogEntry[]> {
  const all: OplogEntry[] = [];
  for (let from = 1; ; ) {
    const r = await api<{ entries: OplogEntry[] }>(`${base}/oplog?from=${from}&limit=${PAGE}`);
    all.push(...r.entries);
    if (r.entries.length < PAGE) return all;
    from = r.entries[r.entries.length - 1].index + 1;
  }
}

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

export function ReplayView({ component, name }: { component: string; name: string }) {
  const base = workerApi(component, name);
  const workerHref = `/workers/${encodeURIComponent(component)}/${encodeURIComponent(name)}`;

  const [entries, setEntries] = useState<OplogEntry[] | null>(null);
  const [state, setState] = useState<DebugState | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [indexBps, setIndexBps] = useState<Set<number>>(() => new Set());
  const [kindBps, setKindBps] = useState<OplogKind[]>([]);
  const [fnBps, setFnBps] = useState<string[]>([]);
  const [continueTo, setContinueTo] = useState('');
  const [rewindTo, setRewindTo] = useState('');
  const [scrub, setScrub] = useState<number | null>(null);
  // Replay against a version: null until the worker's own version is known.
  const [version, setVersion] = useState<number | null>(null);
  const [workerVersion, setWorkerVersion] = useState<number | null>(null);
  const [versions, setVersions] = useState<number[]>([]);
  const [exportsByVersion, setExportsByVersion] = useState<Record<number, WitFunction[]>>({});
  // What-if: the host call picked in the list (else the next one not yet replayed).
  const [picked, setPicked] = useState<number | null>(null);
  const [forking, setForking] = useState(false);
  // The worker itself: deleted or not (a deleted one replays, evaluates and forks, but cannot be reverted).
  const [deletedAt, setDeletedAt] = useState<string | null>(null);
  const [reverted, setReverted] = useState<Reverted | null>(null);
  // Bumped to replay the worker's history afresh (after a revert changed it).
  const [generation, setGeneration] = useState(0);
  const router = useRouter();

  const sessionRef = useRef<string | null>(null);
  const busyRef = useRef(false);
  const mounted = useRef(true);

  const versionRef = useRef<number | null>(null);
  const startSession = useCallback(async () => {
    const r = await post<DebugAnswer>(`${base}/debug`, versionRef.current === null ? {} : { version: versionRef.current });
    if (!mounted.current) {
      closeSession(r.sessionId);
      return;
    }
    sessionRef.current = r.sessionId;
    setState(r.state);
  }, [base]);

  // One session for the page's life; closed on unmount and when the page goes away.
  useEffect(() => {
    mounted.current = true;
    setError(null);
    setState(null);
    setEntries(null);
    startSession().catch((e) => mounted.current && setError(errorMessage(e)));
    loadOplog(base)
      .then((es) => mounted.current && setEntries(es))
      .catch((e) => mounted.current && setError(errorMessage(e)));
    api<{ worker: WorkerInfo }>(base)
      .then(({ worker }) => {
        if (!mounted.current) return;
        setWorkerVersion(worker.version);
        setDeletedAt(worker.deletedAt ?? null);
        if (versionRef.current === null) versionRef.current = worker.version;
        setVersion((v) => v ?? worker.version);
      })
      .catch(() => {});
    api<{ versions: { version: number; exports: WitFunction[] }[] }>(`/api/components/${encodeURIComponent(component)}`)
      .then((r) => {
        if (!mounted.current) return;
        setVersions(r.versions.map((v) => v.version).sort((a, b) => a - b));
        setExportsByVersion(Object.fromEntries(r.versions.map((v) => [v.version, v.exports])));
      })
      .catch(() => {});
    const onHide = () => {
      if (sessionRef.current) closeSession(sessionRef.current);
      sessionRef.current = null;
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      mounted.current = false;
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }, [base, component, startSession, generation]);

  const run = useCallback(async (label: string, cmd: DebugCommand) => {
    const id = sessionRef.current;
    if (busyRef.current || !id) return;
    busyRef.current = true;
    setBusy(label);
    setError(null);
    try {
      const r = await post<DebugAnswer>(debugUrl(id), cmd);
      if (!mounted.current) {
        closeSession(r.sessionId);
        return;
      }
      sessionRef.current = r.sessionId;
      setState(r.state);
    } catch (e) {
      if (mounted.current) setError(errorMessage(e));
    } finally {
      busyRef.current = false;
      if (mounted.current) setBusy(null);
    }
  }, []);

  /** Restarts the session, replaying the history against `v`. */
  const replayAgainst = async (v: number) => {
    if (busyRef.current || v === versionRef.current) return;
    busyRef.current = true;
    setBusy(`restart against v${v}`);
    setError(null);
    const old = sessionRef.current;
    sessionRef.current = null;
    if (old) closeSession(old);
    versionRef.current = v;
    setVersion(v);
    setPicked(null);
    try {
      await startSession();
    } catch (e) {
      if (mounted.current) setError(errorMessage(e));
    } finally {
      busyRef.current = false;
      if (mounted.current) setBusy(null);
    }
  };

  const override = (i: number, response: unknown) => run('override', { type: 'override', index: i, response });
  const overrideMap = useMemo(() => new Map((state?.overrides ?? []).map((o) => [o.index, o.response] as const)), [state?.overrides]);

  const keepFork = async () => {
    const overrides = state?.overrides ?? [];
    if (overrides.length === 0 || forking) return;
    setForking(true);
    setError(null);
    try {
      const forkName = `${name}-whatif-${Math.random().toString(36).slice(2, 8)}`;
      const atIndex = Math.max(...overrides.map((o) => o.index));
      const r = await post<{ worker: WorkerInfo }>(`${base}/fork`, { name: forkName, atIndex, overrides });
      router.push(workerPageHref(r.worker));
    } catch (e) {
      if (mounted.current) setError(errorMessage(e));
    } finally {
      if (mounted.current) setForking(false);
    }
  };

  const userBreakpoints = useMemo<Breakpoint[]>(
    () => [...[...indexBps].sort((a, b) => a - b).map((index) => ({ index })), ...kindBps.map((kind) => ({ kind })), ...fnBps.map((functionName) => ({ functionName }))],
    [indexBps, kindBps, fnBps],
  );

  const ended = !!state?.ended;
  const index = state?.index ?? 0;
  const lastIndex = state?.lastIndex ?? 0;

  const step = useCallback(() => run('step', { type: 'step' }), [run]);
  const cont = useCallback(() => run('continue', { type: 'continue', breakpoints: userBreakpoints }), [run, userBreakpoints]);
  const stepOver = () => run('step over', { type: 'continue', breakpoints: [{ kind: 'exported-function-completed' }, ...userBreakpoints] });
  const restart = async () => {
    if (sessionRef.current) return run('restart', { type: 'rewind', toIndex: 0 });
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy('restart');
    setError(null);
    try {
      await startSession();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };
  const goTo = useCallback(
    (target: number) => {
      if (target > index) return run('continue to', { type: 'continue', toIndex: target });
      if (target < index) return run('rewind', { type: 'rewind', toIndex: target });
    },
    [index, run],
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

  const toggleIndexBp = useCallback((i: number) => {
    setIndexBps((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  }, []);
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

  const parseTarget = (s: string) => {
    const n = Number(s);
    return s.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : null;
  };
  const continueTarget = parseTarget(continueTo);
  const rewindTarget = parseTarget(rewindTo);
  const pct = lastIndex > 0 ? Math.min(100, (index / lastIndex) * 100) : 0;
  const disabled = !state || !!busy;

  return (
    <main className="mx-auto flex h-[calc(100vh-3rem)] max-w-screen-2xl flex-col gap-3 px-4 py-3">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <nav className="flex items-center gap-1.5 text-sm text-zinc-500">
          <Link href="/workers" className="hover:underline">Workers</Link>
          <span>/</span>
          <Link href={componentHref(component)} className="hover:underline">{component}</Link>
          <span>/</span>
          <Link href={workerHref} className="hover:underline" data-testid="back-to-worker">{name}</Link>
          <span>/</span>
        </nav>
        <h1 className="text-lg font-semibold tracking-tight">Replay</h1>
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" title="A separate instance replays a copy of the oplog: nothing is written, no live effects run">
          read-only · no live effects
        </span>
        <label className="flex items-center gap-1.5 text-xs text-zinc-500" title="Replay this worker's history against another version of its component">
          Replay against version
          <select
            data-testid="replay-version"
            value={version ?? ''}
            disabled={version === null || !!busy}
            onChange={(e) => replayAgainst(Number(e.target.value))}
            className={`${inputBase} h-7 w-auto py-0 text-xs`}
          >
            {version === null && <option value="">…</option>}
            {[...new Set([...versions, ...(workerVersion === null ? [] : [workerVersion])])].sort((a, b) => a - b).map((v) => (
              <option key={v} value={v}>
                v{v}
                {v === workerVersion ? ' (worker’s own)' : ''}
              </option>
            ))}
          </select>
        </label>
        {deletedAt && (
          <span data-testid="replay-deleted" className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" title={`Deleted at ${deletedAt}; its oplog is kept for replay and fork`}>
            deleted worker · kept for replay
          </span>
        )}
        {version !== null && workerVersion !== null && version !== workerVersion && (
          <span data-testid="version-mismatch" className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-300">
            history of v{workerVersion} · code of v{version}
          </span>
        )}
        <div className="ml-auto flex items-center gap-3 text-xs text-zinc-500">
          {busy && (
            <span className="flex items-center gap-1.5">
              <Spinner className="h-3.5 w-3.5 text-zinc-400" /> {busy}…
            </span>
          )}
          <span data-testid="progress" className="tabular">
            index <span className="font-semibold text-zinc-800 dark:text-zinc-100" data-testid="progress-index">{index}</span> of{' '}
            <span data-testid="progress-last">{lastIndex}</span>
          </span>
          <div className="h-1.5 w-32 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
            <div className={`h-full ${state?.ended?.divergence && !state.overrides?.length ? 'bg-red-500' : 'bg-indigo-500'}`} style={{ width: `${pct}%` }} />
          </div>
        </div>
      </header>

      {error && <ErrorBox message={error} testId="replay-error" />}
      {reverted && (
        <div role="status" data-testid="reverted-banner" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300">
          <span className="min-w-0 flex-1">
            <span className="font-semibold">✓ Worker reverted to #{reverted.toIndex}</span>: entries #{reverted.from}…#{reverted.to}
            {reverted.invocations > 0 ? ` (${reverted.invocations} invocation${reverted.invocations === 1 ? '' : 's'})` : ''} are dropped from its history, recorded as revert entry #{reverted.revertIndex}. It is{' '}
            <span className="font-medium">{reverted.worker.status}</span> now. This replay still shows the history as it was.
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

      <section className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Replay controls">
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" data-testid="step" disabled={disabled || ended} onClick={step} title={ended ? "The replay ended: rewind or restart to step again" : "Replay the next entry (n or s)"}>
            Step <kbd className="rounded bg-white/20 px-1 text-[10px]">n</kbd>
          </Button>
          <Button data-testid="step-over" disabled={disabled || ended} onClick={stepOver} title={ended ? "The replay ended: rewind or restart" : "Run until the current invocation completes (or a breakpoint)"}>
            Step over invocation
          </Button>
          <Button data-testid="continue" disabled={disabled || ended} onClick={cont} title={ended ? "The replay ended: rewind or restart" : "Run to the next breakpoint, or the end (c)"}>
            Continue <kbd className="rounded border border-zinc-300 px-1 text-[10px] dark:border-zinc-600">c</kbd>
          </Button>
          <SlowReplay step={step} ended={ended} disabled={disabled} />
          <Button variant="ghost" data-testid="restart" disabled={!!busy} onClick={restart} title="Start over, before the first entry">
            ↺ Restart
          </Button>
          <span className="mx-1 h-5 w-px bg-zinc-200 dark:bg-zinc-700" />
          <form
            className="flex items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (continueTarget !== null) run('continue to', { type: 'continue', toIndex: continueTarget, breakpoints: userBreakpoints });
            }}
          >
            <label htmlFor="continue-to" className="text-xs text-zinc-500">Continue to</label>
            <input
              id="continue-to"
              data-testid="continue-to-input"
              type="number"
              min={0}
              max={lastIndex}
              value={continueTo}
              onChange={(e) => setContinueTo(e.target.value)}
              className={`${inputBase} h-8 w-20 py-0 text-xs tabular`}
            />
            <Button type="submit" data-testid="continue-to" disabled={disabled || ended || continueTarget === null || continueTarget <= index} className="h-8" title={ended ? 'The replay ended: rewind or restart' : continueTarget === null ? 'Type an index to run to' : continueTarget <= index ? `Already at #${index}: use Rewind to go back` : undefined}>
              Go
            </Button>
          </form>
          <form
            className="flex items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (rewindTarget !== null) run('rewind', { type: 'rewind', toIndex: rewindTarget });
            }}
          >
            <label htmlFor="rewind-to" className="text-xs text-zinc-500">Rewind to</label>
            <input
              id="rewind-to"
              data-testid="rewind-to-input"
              type="number"
              min={0}
              max={lastIndex}
              value={rewindTo}
              onChange={(e) => setRewindTo(e.target.value)}
              className={`${inputBase} h-8 w-20 py-0 text-xs tabular`}
            />
            <Button type="submit" data-testid="rewind-to" disabled={disabled || rewindTarget === null} className="h-8" title={rewindTarget === null ? 'Type an index to rewind to' : undefined}>
              ↶ Rewind
            </Button>
          </form>
          {/* The end of the replay, in one line beside the controls: nothing below moves. The full reason is in "At this stop". */}
          {state?.ended && (
            <div
              role="status"
              data-testid="ended-banner"
              data-divergence={state.ended.divergence ? 'true' : 'false'}
              title={state.ended.reason}
              className={`ml-auto flex h-8 min-w-0 flex-1 basis-48 items-center gap-1 truncate rounded-md border px-2 text-xs ${
                state.ended.divergence && !state.overrides?.length
                  ? 'border-red-400 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-300'
                  : state.ended.divergence
                    ? 'border-indigo-300 bg-indigo-50 text-indigo-900 dark:border-indigo-800 dark:bg-indigo-950/60 dark:text-indigo-200'
                    : 'border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-300'
              }`}
            >
              <span className="shrink-0 font-semibold">{!state.ended.divergence ? '■ Replay ended' : state.overrides?.length ? '⑂ What-if path' : '✕ Replay diverged'}</span>
              <span className="truncate">· {state.ended.reason}</span>
            </div>
          )}
        </div>
        <div className="flex items-center gap-3">
          <span className="w-4 text-right text-[11px] tabular text-zinc-400">0</span>
          <input
            type="range"
            aria-label="Scrub to an index"
            data-testid="scrubber"
            min={0}
            max={Math.max(lastIndex, 1)}
            step={1}
            disabled={!state || (!!busy && scrub === null)}
            value={scrub ?? index}
            onChange={(e) => setScrub(Number(e.target.value))}
            className="h-1.5 flex-1 cursor-pointer accent-indigo-600"
          />
          <span className="w-10 text-[11px] tabular text-zinc-400">{lastIndex}</span>
        </div>
      </section>

      <div className="grid min-h-0 flex-1 grid-cols-[1fr_440px] gap-3" data-presenter="replay-grid">
        {/* Breakpoints and output sit under the oplog, so "At this stop" gets the whole right column. */}
        <div className="flex min-h-0 flex-col gap-3">
        <section className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <h2 className="text-sm font-semibold">Oplog</h2>
            <span className="text-xs text-zinc-500" data-presenter="hide">click the gutter to toggle a breakpoint · click an entry to target it</span>
            <span className="ml-auto text-xs tabular text-zinc-500">{entries ? `${entries.length} entries` : ''}</span>
          </div>
          <div className="min-h-0 flex-1">
            {entries ? (
              <ReplayList entries={entries} current={index} breakpoints={indexBps} onToggleBreakpoint={toggleIndexBp} onPick={pick} overrides={overrideMap} />
            ) : (
              <div className="flex items-center gap-2 p-4 text-sm text-zinc-500">
                <Spinner /> Loading the oplog…
              </div>
            )}
          </div>
        </section>
        <div className="grid h-40 shrink-0 grid-cols-2 gap-3" data-presenter="replay-strip">
          <BreakpointEditor
            indexBps={indexBps}
            kinds={kindBps}
            fns={fnBps}
            onRemoveIndex={toggleIndexBp}
            onKinds={setKindBps}
            onFns={setFnBps}
          />
          <section className="flex min-h-0 flex-col overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
            <h2 className="border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-xs font-semibold text-zinc-300">Guest stdout / stderr · replayed so far</h2>
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
                index={index}
                lastIndex={lastIndex}
                entries={entries}
                deleted={!!deletedAt}
                disabled={!state || !!busy}
                onReverted={(r) => {
                  setReverted(r);
                  setError(null);
                }}
              />
            </div>
            <div className="min-h-0 flex-1 overflow-auto">
              {state ? (
                <>
                  <StopPanel state={state} />
                  {workerVersion !== null && <StateWatch compact component={component} name={name} index={state.index} exports={exportsByVersion[workerVersion] ?? []} />}
                  <MemoryMap state={state} onRead={(offset, length) => run('Reading memory', { type: 'memory', offset, length })} />
                  {workerVersion !== null && <Evaluate component={component} name={name} index={state.index} exports={exportsByVersion[workerVersion] ?? []} />}
                  {(!state.ended || !!state.overrides?.length || !!state.notice) && (
                    <WhatIfPanel
                      ended={!!state.ended}
                      target={state.ended ? null : whatIfTarget}
                      overrides={state.overrides ?? []}
                      notice={state.notice}
                      disabled={!!busy}
                      forking={forking}
                      onOverride={override}
                      onFork={keepFork}
                    />
                  )}
                </>
              ) : (
                <div className="flex items-center gap-2 p-4 text-sm text-zinc-500">
                  {!error && <Spinner />} {error ? 'No debug session.' : 'Starting a debug session…'}
                </div>
              )}
            </div>
          </section>
        </aside>
      </div>
    </main>
  );
}

function Chip({ children, onRemove, testId }: { children: React.ReactNode; onRemove: () => void; testId?: string }) {
  return (
    <span data-testid={testId} className="inline-flex items-center gap-1 rounded-full bg-red-50 py-0.5 pl-2 pr-1 font-mono text-[11px] text-red-800 ring-1 ring-inset ring-red-200 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-900">
      <span className="h-1.5 w-1.5 rounded-full bg-red-500" />
      {children}
      <button type="button" onClick={onRemove} aria-label="Remove breakpoint" className="rounded-full px-1 text-red-500 hover:bg-red-100 dark:hover:bg-red-900">
        ×
      </button>
    </span>
  );
}

function BreakpointEditor({
  indexBps,
  kinds,
  fns,
  onRemoveIndex,
  onKinds,
  onFns,
}: {
  indexBps: Set<number>;
  kinds: OplogKind[];
  fns: string[];
  onRemoveIndex: (i: number) => void;
  onKinds: (k: OplogKind[]) => void;
  onFns: (f: string[]) => void;
}) {
  const [kind, setKind] = useState<OplogKind>('exported-function-completed');
  const [fn, setFn] = useState('');
  const none = indexBps.size === 0 && kinds.length === 0 && fns.length === 0;
  return (
    <section data-testid="breakpoints" data-presenter="hide" className="flex min-h-0 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white text-xs dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="border-b border-zinc-200 px-3 py-1.5 text-xs font-semibold dark:border-zinc-800">Breakpoints</h2>
      <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2.5">
        <form
          className="flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            if (!kinds.includes(kind)) onKinds([...kinds, kind]);
          }}
        >
          <label htmlFor="bp-kind" className="w-20 shrink-0 whitespace-nowrap text-zinc-500">on kind</label>
          <select id="bp-kind" data-testid="bp-kind-select" value={kind} onChange={(e) => setKind(e.target.value as OplogKind)} className={`${inputBase} h-7 min-w-0 flex-1 py-0 text-xs`}>
            {OPLOG_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindStyle(k).glyph} {k}
              </option>
            ))}
          </select>
          <Button type="submit" data-testid="bp-kind-add" className="h-7 px-2 text-xs">
            Add
          </Button>
        </form>
        <form
          className="flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            const f = fn.trim();
            if (f && !fns.includes(f)) onFns([...fns, f]);
            setFn('');
          }}
        >
          <label htmlFor="bp-fn" className="w-20 shrink-0 whitespace-nowrap text-zinc-500">on function</label>
          <input
            id="bp-fn"
            data-testid="bp-fn-input"
            value={fn}
            onChange={(e) => setFn(e.target.value)}
            placeholder="e.g. playground:http/client.send"
            className={`${inputBase} h-7 min-w-0 flex-1 py-0 font-mono text-xs`}
          />
          <Button type="submit" data-testid="bp-fn-add" className="h-7 px-2 text-xs" disabled={!fn.trim()} title={!fn.trim() ? 'Type a function name first' : undefined}>
            Add
          </Button>
        </form>
        <div className="flex flex-wrap gap-1.5" data-testid="bp-list">
          {none && <span className="text-zinc-500">None. Click an entry&apos;s gutter to break at it.</span>}
          {[...indexBps].sort((a, b) => a - b).map((i) => (
            <Chip key={`i${i}`} testId="bp-chip" onRemove={() => onRemoveIndex(i)}>
              #{i}
            </Chip>
          ))}
          {kinds.map((k) => (
            <Chip key={`k${k}`} testId="bp-chip" onRemove={() => onKinds(kinds.filter((x) => x !== k))}>
              kind {k}
            </Chip>
          ))}
          {fns.map((f) => (
            <Chip key={`f${f}`} testId="bp-chip" onRemove={() => onFns(fns.filter((x) => x !== f))}>
              fn {f}
            </Chip>
          ))}
        </div>
      </div>
    </section>
  );
}
