// What a thread knows of each worker it holds: its run slot, and how an
// invocation ended. A thread may hold several workers' runs; one runs at a time.

import type { JsonValue } from '../../values/json-value';
import type { ToRun } from './protocol';

/** Thrown from a host call to leave the guest: its worker suspended and lets go of this thread. */
export class LetGo extends Error {}

export interface Run {
  /** Messages that arrive before the worker is ready to take them. */
  inbox: ToRun[];
  deliver?: (m: ToRun) => void;
  /** The runtime asks an idle worker to leave this thread. */
  release?: () => void;
  releaseAsked?: boolean;
  /** The worker suspended or was dropped: nothing this run does after reaches the runtime. */
  left?: boolean;
  finish(): void;
}

export type Outcome = { ok: true; result: JsonValue } | { ok: false; error: string; exited?: number; final?: boolean };
