'use client';
// The replay page's debug session: started on mount (and again when the
// worker's history changed), closed when the page goes. Commands run one at a
// time, in the order they were given (./command-queue).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OplogEntry } from '@/lib/oplog/entry';
import type { WitFunction } from '@/lib/wit/types';
import { componentsClient, debugClient, errorMessage, workerClient } from '../api';
import { commandQueue } from './command-queue';
import type { DebugAnswer, DebugCommand, DebugState } from './types';

const PAGE = 5000;

async function loadOplog(client: ReturnType<typeof workerClient>): Promise<OplogEntry[]> {
  const all: OplogEntry[] = [];
  for (let from = 1; ;) {
    const r = await client.oplog({ from, limit: PAGE });
    all.push(...r.entries);
    const last = r.entries.at(-1);
    if (!last || r.entries.length < PAGE) return all;
    from = last.index + 1;
  }
}

/** A debug session as the replay page's parts read it. */
export type DebugSession = ReturnType<typeof useDebugSession>;

export function useDebugSession(component: string, name: string, generation: number) {
  const client = useMemo(() => workerClient(component, name), [component, name]);
  const [entries, setEntries] = useState<OplogEntry[] | null>(null);
  const [state, setState] = useState<DebugState | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Commands given while another runs, waiting their turn (shown beside the controls).
  const [waiting, setWaiting] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Replay against a version: null until the worker's own version is known.
  const [version, setVersion] = useState<number | null>(null);
  const [workerVersion, setWorkerVersion] = useState<number | null>(null);
  const [versions, setVersions] = useState<number[]>([]);
  const [exportsByVersion, setExportsByVersion] = useState<Record<number, WitFunction[]>>({});
  // The worker itself: deleted or not (a deleted one replays, evaluates and forks, but cannot be reverted).
  const [deletedAt, setDeletedAt] = useState<string | null>(null);

  const sessionRef = useRef<string | null>(null);
  const stateRef = useRef<DebugState | null>(null);
  const mounted = useRef(true);
  const versionRef = useRef<number | null>(null);

  const adopt = useCallback((r: DebugAnswer) => {
    if (!mounted.current) return debugClient.close(r.sessionId);
    sessionRef.current = r.sessionId;
    stateRef.current = r.state;
    setState(r.state);
  }, []);
  const startSession = useCallback(async () => {
    adopt(await client.debug(versionRef.current ?? undefined));
  }, [client, adopt]);

  // One session for the page's life; closed on unmount and when the page goes away.
  useEffect(() => {
    mounted.current = true;
    setError(null);
    setState(null);
    stateRef.current = null;
    setEntries(null);
    startSession().catch((e) => mounted.current && setError(errorMessage(e)));
    loadOplog(client)
      .then((es) => mounted.current && setEntries(es))
      .catch((e) => mounted.current && setError(errorMessage(e)));
    client
      .get()
      .then(({ worker }) => {
        if (!mounted.current) return;
        setWorkerVersion(worker.version);
        setDeletedAt(worker.deletedAt ?? null);
        if (versionRef.current === null) versionRef.current = worker.version;
        setVersion((v) => v ?? worker.version);
      })
      .catch(() => {});
    componentsClient
      .versions(component)
      .then((r) => {
        if (!mounted.current) return;
        setVersions(r.versions.map((v) => v.version).sort((a, b) => a - b));
        setExportsByVersion(Object.fromEntries(r.versions.map((v) => [v.version, v.exports])));
      })
      .catch(() => {});
    const onHide = () => {
      if (sessionRef.current) debugClient.close(sessionRef.current);
      sessionRef.current = null;
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      mounted.current = false;
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }, [client, component, startSession, generation]);

  /** Runs `fn` after the commands before it, shown as `label` while it runs; a throw becomes `error`. */
  const [exclusive] = useState(() =>
    commandQueue({
      live: () => mounted.current,
      waiting: setWaiting,
      started: (label) => {
        setBusy(label);
        setError(null);
      },
      failed: (e) => setError(errorMessage(e)),
      idle: () => setBusy(null),
    }),
  );

  /**
   * Sends a command to the session, after those before it. A function is asked
   * for the command when its turn comes, with the stop reached by then (null: nothing to do).
   */
  const run = useCallback(
    (label: string, cmd: DebugCommand | ((at: DebugState) => DebugCommand | null)) =>
      exclusive(label, async () => {
        const id = sessionRef.current;
        const at = stateRef.current;
        if (!id || !at) return;
        const c = typeof cmd === 'function' ? cmd(at) : cmd;
        if (c) adopt(await debugClient.send(id, c));
      }),
    [exclusive, adopt],
  );

  /** Restarts the session, replaying the history against `v`. */
  const replayAgainst = (v: number, then: () => void) => {
    if (v === versionRef.current) return;
    return exclusive(`restart against v${v}`, () => {
      const old = sessionRef.current;
      sessionRef.current = null;
      if (old) debugClient.close(old);
      versionRef.current = v;
      setVersion(v);
      then();
      return startSession();
    });
  };

  /** Back before the first entry: a rewind, or a new session when there is none (decided when its turn comes). */
  const restart = () =>
    exclusive('restart', async () => {
      const id = sessionRef.current;
      if (id) adopt(await debugClient.send(id, { type: 'rewind', toIndex: 0 }));
      else await startSession();
    });

  // Where the replay stands: entry `index` of `lastIndex` (both 0 until a session has started).
  const index = state?.index ?? 0;
  const lastIndex = state?.lastIndex ?? 0;

  return {
    entries,
    state,
    index,
    lastIndex,
    busy,
    waiting,
    error,
    setError,
    version,
    workerVersion,
    versions,
    exportsByVersion,
    deletedAt,
    run,
    replayAgainst,
    restart,
    mounted,
  };
}
