'use client';
// The worker page's view of recoveries and runtime crashes, from its event
// stream: what the recovery banner shows, and for how long.

import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { RecoveryEvent } from '@/lib/runtime/types';
import { downHoldMs, type RuntimePhaseEvent } from '../workers/runtime-phase';
import type { Recovery, RuntimeState } from './RecoveryBanner';

/** `changed` runs when the worker's metadata and panels should be read again. */
export function useRecoveryEvents(changed: () => void) {
  const [recovery, setRecovery] = useState<Recovery | null>(null);
  const [runtime, setRuntime] = useState<RuntimeState>(null);
  const dismissTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const holdTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const crashSeen = useRef<number | null>(null);

  const onRecovery = (d: RecoveryEvent) => {
    clearTimeout(dismissTimer.current);
    if (d.phase === 'done') {
      // Only a real interruption (kill, crash) is "recovered"; a new or evicted worker's start is not.
      setRecovery(
        d.cause ? { phase: 'done', ms: d.ms ?? 0, replayedInvocations: d.replayedInvocations ?? 0, total: d.total, cause: d.cause } : null,
      );
      if (d.cause) setRuntime(null);
      dismissTimer.current = setTimeout(() => {
        setRecovery(null);
        setRuntime(null);
      }, 20000);
      changed();
    } else if (d.cause || (d.total ?? 0) > 1) {
      // A brand-new worker has only its create entry: nothing to replay, nothing to show. Rendered at once:
      // a recovery of a few ms would otherwise be batched with its `done` and the badge would jump from
      // `interrupted` to `idle` as if nothing had been replayed.
      const shown = { phase: d.phase, index: d.index ?? 0, total: d.total ?? 0, cause: d.cause };
      if (d.phase === 'started') flushSync(() => setRecovery(shown));
      else setRecovery(shown);
    }
  };

  const onRuntime = (d: RuntimePhaseEvent) => {
    clearTimeout(dismissTimer.current);
    clearTimeout(holdTimer.current);
    if (d.phase === 'crashed') {
      // An earlier recovery's numbers say nothing about this crash.
      setRecovery(null);
      setRuntime('crashed');
      crashSeen.current = Date.now();
    } else {
      // "Crashed" stays for the real down time, at least long enough to read; a recovery that ended meanwhile cleared it.
      const missed = crashSeen.current === null;
      holdTimer.current = setTimeout(
        () => {
          setRuntime((r) => (r === 'crashed' || missed ? 'restarted' : r));
          dismissTimer.current = setTimeout(() => setRuntime(null), 20000);
        },
        downHoldMs(crashSeen.current, d.downMs, Date.now()),
      );
      crashSeen.current = null;
    }
    changed();
  };

  const dismiss = () => {
    setRecovery(null);
    setRuntime(null);
  };
  useEffect(() => () => (clearTimeout(dismissTimer.current), clearTimeout(holdTimer.current)), []);

  return { recovery, runtime, onRecovery, onRuntime, dismiss };
}
