'use client';
// A runtime crash as the Workers list and Home show it: the runtime's phase
// (down, restarting, back), and each worker's recovery (replay progress, then
// how long it took), from /api/events' `runtime` and `recovery` events. One
// crash is one episode: the next crash starts a new one.

import { useCallback, useRef, useState } from 'react';
import { useEventSource } from '../useEvents';
import { downHoldMs, type RuntimePhaseEvent } from './runtime-phase';

export type WorkerRecovery = { phase: 'replaying'; index: number; total: number } | { phase: 'done'; ms: number; total?: number };

export interface CrashEpisode {
  /** Down (killed, restarting) or back. */
  phase: 'down' | 'back';
  crashedAt: number;
  /** Wall time from the crash to the runtime answering again. */
  restartMs?: number;
  restartedAt?: number;
  /** Workers recovering because of this crash, by id. */
  workers: Map<string, WorkerRecovery>;
  /** When the last of them finished (client clock). */
  doneAt?: number;
}

type RecoveryEvent = { workerId: string; phase: 'started' | 'progress' | 'done'; index?: number; total?: number; ms?: number };

export function useRuntimeRecovery() {
  const [episode, setEpisode] = useState<CrashEpisode | null>(null);
  const downSince = useRef<number | null>(null);
  const dismiss = useCallback(() => setEpisode(null), []);

  const finish = (e: CrashEpisode): CrashEpisode => {
    const all = e.phase === 'back' && [...e.workers.values()].every((w) => w.phase === 'done');
    return all && e.doneAt === undefined ? { ...e, doneAt: Date.now() } : e;
  };

  useEventSource('/api/events', {
    runtime: (d: RuntimePhaseEvent) => {
      if (d.phase === 'crashed') {
        downSince.current = Date.now();
        setEpisode({ phase: 'down', crashedAt: downSince.current, workers: new Map() });
        return;
      }
      const now = Date.now();
      // The restart time is the runtime's own (measured by the web app), not when this page heard of it.
      const back = () =>
        setEpisode((e) => {
          const base = e ?? { phase: 'down' as const, crashedAt: now, workers: new Map<string, WorkerRecovery>() };
          const workers = new Map(base.workers);
          for (const id of d.recovering ?? []) if (!workers.has(id)) workers.set(id, { phase: 'replaying', index: 0, total: 0 });
          return finish({ ...base, phase: 'back', restartedAt: now, restartMs: d.downMs ?? now - base.crashedAt, workers });
        });
      // "Down" stays on screen for the real down time, at least long enough to read.
      const hold = downHoldMs(downSince.current, d.downMs, now);
      downSince.current = null;
      if (hold <= 0) back();
      else setTimeout(back, hold);
    },
    recovery: (d: RecoveryEvent) =>
      setEpisode((e) => {
        // Only recoveries that follow a crash belong to it; a recovery after it finished is another story.
        if (!e || e.doneAt !== undefined) return e;
        const workers = new Map(e.workers);
        const prev = workers.get(d.workerId);
        if (d.phase === 'done') workers.set(d.workerId, { phase: 'done', ms: d.ms ?? 0, total: d.total });
        else if (prev?.phase !== 'done')
          workers.set(d.workerId, { phase: 'replaying', index: d.index ?? prev?.index ?? 0, total: d.total ?? 0 });
        return finish({ ...e, workers });
      }),
  });

  return { episode, dismiss };
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
