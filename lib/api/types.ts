// The HTTP API's request and response bodies, shared by the route handlers
// (which check what they receive against these names and return these shapes)
// and the typed client the UI calls (lib/api/client.ts): a route and its
// callers cannot drift apart. Type-only: nothing here runs.

import type { ComponentSummary, ComponentVersionInfo } from '../components/registry';
import type { OplogEntry, UpdateMode } from '../oplog/entry';
import type { InvocationModel } from '../oplog/invocations';
import type { DebugCommand as EngineDebugCommand, DebugState } from '../replay/stepper';
import type { PendingInvocation, PromiseInfo, WorkerInfo } from '../runtime/types';
import type { WorkerStores } from '../store/kv-store';
import type { RecoveryRecord } from '../store/recovery-store';
import type { JsonValue } from '../values/json-value';
import type { Example } from '../examples';
import type { ExampleScript } from '../checker/scripts';
import type { CheckReport, CheckRequest, Verdict } from '../checker/types';

/** What a route reads before it has checked it: the request's own field names, any values. */
export type Unchecked<T> = { [K in keyof T]?: unknown };

export interface ErrorBody {
  error: string;
  location?: { file: string; line: number; column: number };
}

// ---- workers ----

export interface WorkerBody {
  worker: WorkerInfo;
}
export interface WorkersBody {
  workers: WorkerInfo[];
}
/** POST /api/workers */
export interface CreateWorkerRequest {
  component: string;
  name: string;
  version?: number;
  env?: Record<string, string>;
  args?: string[];
  durable?: boolean;
}
/** DELETE /api/workers/{c}/{n}[?purge=true] */
export interface DeleteWorkerBody {
  deleted: string;
  kept: boolean;
}
/** POST …/fork */
export interface ForkRequest {
  name: string;
  atIndex?: number;
  overrides?: { index: number; response: unknown }[];
}
/** POST …/revert: exactly one of the two. */
export interface RevertRequest {
  toIndex?: number;
  lastInvocations?: number;
}
/** POST …/update */
export interface UpdateRequest {
  version: number;
  mode?: UpdateMode;
}
/** POST …/kill */
export interface KillRequest {
  recover?: boolean;
}

// ---- invocations ----

/** POST …/invoke and …/invoke-and-await */
export interface InvokeRequest {
  function: string;
  args?: JsonValue[];
  wave?: string;
  idempotencyKey?: string;
  /** ISO time or epoch milliseconds. */
  scheduleAt?: string | number;
}
export interface InvokeBody {
  idempotencyKey: string;
}
export interface InvokeAndAwaitBody<R = JsonValue> {
  idempotencyKey: string;
  result: R;
}
/** POST …/evaluate */
export interface EvaluateRequest {
  index: number;
  function: string;
  args?: JsonValue[];
}
export interface EvaluateBody {
  atIndex: number;
  result: unknown;
}

// ---- history and durable state ----

/** GET …/oplog: the store's own query (from, to, limit, kinds, text, reverse). */
export type { OplogQuery } from '../store/oplog-store';
export interface OplogBody {
  entries: OplogEntry[];
  /** The worker's whole oplog length, whatever the query. */
  length: number;
}
export interface PromisesBody {
  promises: PromiseInfo[];
}
/** POST …/promises/{index}/complete: the payload as UTF-8 text, as JSON text, or as base64 bytes (one of them). */
export interface CompletePromiseRequest {
  text?: string;
  json?: unknown;
  base64?: string;
}
export interface CompletePromiseBody {
  completed: boolean;
}
export interface PendingBody {
  invocations: PendingInvocation[];
}
export interface CancelPendingBody {
  cancelled: boolean;
}
export type StoresBody = WorkerStores;
/** GET …/recoveries: the recoveries after interruptions, oldest first. */
export interface RecoveriesBody {
  recoveries: RecoveryRecord[];
}
/** GET …/invocations: the compact view of the history (lib/oplog/invocations.ts). */
export type InvocationsBody = InvocationModel;

// ---- components ----

export interface ComponentsBody {
  components: ComponentSummary[];
}
export interface ComponentVersionsBody {
  name: string;
  versions: ComponentVersionInfo[];
}
export interface ComponentBody {
  component: ComponentVersionInfo;
}
/** POST /api/components/build */
export interface BuildRequest {
  name: string;
  kind: 'js' | 'wat';
  source: string;
  wit: string;
  world?: string;
}

// ---- replay debugger ----

/** POST …/debug and POST /api/debug/{session}: the session (rewind answers with a new one) and where it stopped. */
export interface DebugAnswer {
  sessionId: string;
  state: DebugState;
}
/** The engine's commands, plus rewind (which the runtime answers with a new session). */
export type DebugCommand = EngineDebugCommand | { type: 'rewind'; toIndex: number };

// ---- the rest of the API: examples, checks, import, crash, lessons, demo ledger ----

/** GET /api/examples */
export interface ExamplesBody {
  examples: Example[];
}
/** One row of GET /api/checks: a check's summary with its verdicts counted. */
export interface CheckSummary {
  id: string;
  status: CheckReport['status'];
  component: string;
  version: number;
  total: number;
  done: number;
  startedAt: string;
  ms?: number;
  error?: string;
  verdicts: Partial<Record<Verdict, number>>;
}
/** GET /api/checks: recent checks and the shipped examples' usual scripts. */
export interface ChecksBody {
  checks: CheckSummary[];
  scripts: Record<string, ExampleScript>;
}
/** POST /api/checks (what the route validates) → 202 */
export type StartCheckRequest = CheckRequest;
export interface StartCheckBody {
  id: string;
}
/** GET /api/checks/{id} */
export type CheckBody = CheckReport;
/** POST /api/import → 201 */
export interface ImportRequest {
  file: unknown;
  name?: string;
}
/** POST /api/runtime/crash: answered once the new runtime is up. */
export interface CrashBody {
  killedPid: number | undefined;
  pid: number | undefined;
  restarts: number;
}
/** POST /api/learn/components → 201 built, 200 already there */
export interface LessonComponentBody {
  name: string;
  version: number;
  built: boolean;
}
/** GET /api/demo/payment?ledger= and POST /api/demo/payment/ledger: what the demo payment service saw for one ledger. */
export interface LedgerSummary {
  ledger: string;
  charges: { orderId: string; amount: number; at: number; idempotencyKey?: string }[];
  total: number;
  deduplicated: number;
  inFlight: number;
  holding: boolean;
}
/** POST /api/demo/payment/ledger */
export interface LedgerRequest {
  ledger: string;
  action: 'hold' | 'reset';
}
