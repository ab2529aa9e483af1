// The durability checker's API shapes (POST /api/checks, GET /api/checks/:id),
// shared by the checker, its routes and the UI (types only).

import type { JsonValue } from '../values/json-value';

export type KillPhase = 'after-entry' | 'in-host-call' | 'in-recovery' | 'runtime';
export type Verdict = 'identical' | 'repeated-effect' | 'differs' | 'error';

export interface CheckStep {
  function: string;
  /** String arguments may hold `{worker}` (the run's throwaway worker) and `{origin}` (this server), as env values may (lib/checker/placeholders.ts). */
  args?: JsonValue[];
  wave?: string;
  /** While this step's invocation waits on a promise the worker created, complete it with this text. */
  complete?: string;
}

export interface CheckRequest {
  component: string;
  version?: number;
  env?: Record<string, string>;
  steps: CheckStep[];
  killPoints?: 'all' | KillPoint[];
}

export interface KillPoint {
  /** after-entry/runtime: killed once this baseline index is committed; in-host-call: the call's entry (never recorded); in-recovery: the first kill. */
  index: number;
  phase: KillPhase;
  /** in-host-call: the host function killed inside. */
  call?: string;
  /** in-recovery: the second kill hits while replay reaches this index. */
  recoveryIndex?: number;
}

export type StepOutcome = { ok: JsonValue } | { error: string };

/** A request one of the app's local services saw from a throwaway worker. */
export interface Effect {
  service: string;
  body: string;
}

/** An oplog entry as compared: what the guest saw and did, without indices or timestamps. */
export interface ComparableEntry {
  index: number;
  kind: string;
  /** One line for people. */
  text: string;
  /** The compared content (JSON). */
  key: string;
}

export interface Difference {
  what: 'result' | 'entry' | 'effect';
  /** 0-based step of the script, for a result. */
  step?: number;
  /** Position in the aligned entries, and each side's own index. */
  position?: number;
  baselineIndex?: number;
  runIndex?: number;
  baseline: string;
  run: string;
}

export interface RunReport {
  killAt: KillPoint;
  verdict: Verdict;
  results: StepOutcome[];
  firstDifference?: Difference;
  effects?: Effect[];
  /** How many times the run was killed for real (a check's kill that never happened is an error). */
  kills: number;
  oplog: ComparableEntry[];
  output: string[];
  error?: string;
  ms: number;
}

export interface CheckReport {
  id: string;
  status: 'running' | 'done' | 'failed';
  component: string;
  version: number;
  steps: CheckStep[];
  total: number;
  done: number;
  baseline: { results: StepOutcome[]; oplogLength: number; oplog: ComparableEntry[]; output: string[]; effects: Effect[] };
  runs: RunReport[];
  error?: string;
  startedAt: string;
  ms?: number;
}
