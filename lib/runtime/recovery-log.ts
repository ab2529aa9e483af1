// Keeps the engine's recovery events as rows (lib/store/recovery-store.ts):
// only recoveries that follow an interruption (an event with a cause), not a
// new, evicted or woken worker's replay.

import type { Database } from 'better-sqlite3';
import { OplogStore } from '../store/oplog-store';
import { RecoveryStore } from '../store/recovery-store';
import type { EngineEvent } from './types';

export function recoveryLog(db: Database): (e: EngineEvent) => void {
  const store = new RecoveryStore(db);
  const oplog = new OplogStore(db);
  return (e) => {
    if (e.type !== 'recovery' || e.cause === undefined) return;
    try {
      // The interruption it follows (entries may have come after it: the call that woke the worker).
      if (e.phase === 'started') store.started(e.workerId, e.cause, oplog.lastOf(e.workerId, ['interrupted'])?.index ?? e.total ?? 0);
      else if (e.phase === 'done')
        store.finished(e.workerId, { ms: e.ms ?? 0, replayedInvocations: e.replayedInvocations ?? 0, lastIndex: e.total ?? 0 });
    } catch (err) {
      // A record that cannot be written (the worker was purged meanwhile) must not stop the engine.
      console.error(`recovery log: ${(err as Error).message}`);
    }
  };
}
