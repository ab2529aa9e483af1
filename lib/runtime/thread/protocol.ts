// Messages between the runtime and a worker's thread.

import type { MessagePort } from 'node:worker_threads';
import type { OplogEntryBody } from '../../oplog/entry';
import type { JsonValue } from '../../values/json-value';
import type { WitFunction } from '../../wit/types';
import type { HttpRequestData, RetryPolicy, RuntimeCall } from '../../host/context';
import type { DebugState } from '../../replay/stepper';
import type { ThreadProbe } from '../../checker/probe';

export interface ThreadInit {
  workerId: string;
  /** This assignment's number: messages to and from the worker's instance on a shared thread carry it. */
  run: number;
  /** The thread has room for another worker after this one: once recovered, it makes an instance ahead for it. */
  room?: boolean;
  dbPath: string;
  /** File URL of the version's transpiled jco bindings. */
  bindingsUrl: string;
  /** Compiled core modules of the version, by file name; shared, never recompiled. */
  modules: Record<string, WebAssembly.Module>;
  exports: WitFunction[];
  env: [string, string][];
  args: string[];
  /** Int32Array[0] is set to 1 and notified when a sync reply is posted. */
  syncSignal: SharedArrayBuffer;
  syncPort: MessagePort;
  /** A debug session: replay only, stopping where commands say; never writes, never goes live. */
  debug?: boolean;
  /** A throwaway fork: replay history up to `historyUpTo`, then run this export with every effect refused. */
  evaluate?: { functionName: string; args: JsonValue[] };
  historyUpTo?: number;
  /** A durability check's throwaway worker: pinned inputs and where to kill it. */
  probe?: ThreadProbe;
  /** A plain worker: records nothing, so it never replays; it cannot suspend (nothing would wake it with its state). */
  plain?: boolean;
}

/** A message for one worker's instance: what the runtime sends it (`ToRun`), stamped with its run number on the way. */
export type ToThread = ToRun & { run: number };
export type ToRun = { type: 'invoke'; key: string; functionName: string; args: JsonValue[] } | { type: 'cancel'; key: string };

/** The first message a spare thread gets: the worker it becomes. */
export interface AssignMessage {
  type: 'assign';
  init: ThreadInit;
}

/** An idle worker leaves its thread (the runtime reuses it): answered by `released`, or `release-refused` if busy. */
export interface ReleaseMessage {
  type: 'release';
  run: number;
}

/** An idle worker's instance is forgotten at once (killed, deleted, or moved off a busy shared thread); no answer. */
export interface DropMessage {
  type: 'drop';
  run: number;
}

/** Answers a dropped run's host call: the runtime forgot it (it took it for idle), so it unwinds and leaves as a suspension does. */
export interface LeaveReply {
  leave: true;
}

/** A run has left the thread (dropped, suspended, released, closed); a dropped one is listed by the runtime until then. */
export interface GoneMessage {
  type: 'gone';
  run: number;
}

/** Asks the thread how many workers' runs it holds (a test hook: a dropped instance must really be gone); answered by `HeldMessage`. */
export interface CountHeldMessage {
  type: 'count-held';
}

/** The thread's answer to `CountHeldMessage`; it names no run (it speaks for the thread). */
export interface HeldMessage {
  type: 'held';
  runs: number;
}

/** Answers a paused debug session instead of a command: the session is closed, and the thread serves the next worker. */
export interface LeaveCommand {
  type: 'leave';
}

/** A hint to a spare thread: the version it will most likely run. */
export interface PrepareMessage {
  type: 'prepare';
  bindingsUrl: string;
  modules?: Record<string, WebAssembly.Module>;
}

export type FromThread =
  /** owed: the keys of the queued invocations this run goes on to (the runtime counts them as owed until they end). */
  | { type: 'recovered'; replayedInvocations: number; lastIndex: number; ms: number; owed: string[] }
  | { type: 'progress'; index: number; total: number }
  | { type: 'append'; entries: OplogEntryBody[] }
  /** entries: the invocation's own entry (and any still buffered), committed before the guest runs on. */
  | { type: 'started'; key: string; entries?: OplogEntryBody[] }
  /** snapshot: one is due, and `snapshotted` follows (the worker is busy until then). */
  | { type: 'completed'; key: string; result: JsonValue; snapshot?: true }
  /** The snapshot announced by `completed` was taken (or could not be): the worker is idle if it owes nothing. */
  | { type: 'snapshotted' }
  | { type: 'failed'; key?: string; error: string; final?: boolean; retryPolicy?: RetryPolicy }
  | { type: 'suspend'; until?: number; promise?: number }
  | { type: 'exited'; key?: string; code: number }
  | { type: 'sync'; op: 'http'; payload: HttpRequestData }
  | { type: 'sync'; op: 'host'; payload: RuntimeCall }
  | { type: 'debug-paused'; state: DebugState }
  /** A check's kill point was reached: the thread blocks until the runtime terminates it. */
  | { type: 'probe'; why: string }
  /** The worker left this thread as asked; nothing more comes from it for that worker. */
  | { type: 'released' }
  | { type: 'release-refused' }
  /** callSeq: the instance's count of durable calls at the stop (a snapshot-based update keeps it). */
  | { type: 'evaluated'; result?: JsonValue; error?: string; callSeq?: number };

/** What a thread posts: a message of the assignment `run` (several workers may share the thread). */
export type FromRun = FromThread & { run: number };
