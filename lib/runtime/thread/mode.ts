// The one mode a worker's thread runs in, and what each mode may do. Every
// difference between a worker, a debug session and a throwaway evaluation is
// a row of this table, read where it matters, instead of `debug || evaluate`
// tests spread through the thread.
//
// The thread's life in every mode: boot (read history, instantiate) ->
// recover (replay) -> then by mode: live serves invocations until it leaves
// the thread (suspended, let go) or halts (failed, exited: the runtime
// terminates the thread); debug stops at the end of history and halts (a
// session closed while paused leaves the thread instead); evaluate runs one
// export, answers and leaves the thread to the next worker.

import type { ThreadInit } from './protocol';

export type ThreadMode = 'live' | 'debug' | 'evaluate';

export interface ModeRules {
  /** Posts entries to the runtime (a plain worker writes nothing in any mode). */
  writes: boolean;
  /** Reaches the outside world (HTTP, sleeps, the runtime's host calls, suspension). */
  effects: boolean;
  /** Starts from the newest usable snapshot instead of replaying everything. */
  fromSnapshot: boolean;
  /** Stops at the end of history instead of going live (the debugger's stepper). */
  stopAtEnd: boolean;
  /** Tells the runtime when recovery is done (the runtime then sends invocations). */
  reportsRecovery: boolean;
  /** Saves a snapshot every so many entries (a guest that exports save-snapshot). */
  snapshots: boolean;
  /** A durability check's kill points apply. */
  probes: boolean;
}

export const MODES: Record<ThreadMode, ModeRules> = {
  live: { writes: true, effects: true, fromSnapshot: true, stopAtEnd: false, reportsRecovery: true, snapshots: true, probes: true },
  // A replay debugger: replays every entry, never writes, never goes live.
  debug: { writes: false, effects: false, fromSnapshot: false, stopAtEnd: true, reportsRecovery: false, snapshots: false, probes: false },
  // A throwaway fork: replays up to an index, then runs one export with every effect refused.
  evaluate: {
    writes: false,
    effects: false,
    fromSnapshot: true,
    stopAtEnd: false,
    reportsRecovery: false,
    snapshots: false,
    probes: false,
  },
};

export function modeOf(init: ThreadInit): ThreadMode {
  return init.debug ? 'debug' : init.evaluate ? 'evaluate' : 'live';
}
