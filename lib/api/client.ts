// The UI's typed access to the HTTP API: one function per route, taking and
// returning the bodies of lib/api/types.ts (the shapes the route handlers
// are checked against). JSON in, JSON out, errors as ApiError.

import type {
  BuildRequest,
  CheckBody,
  ChecksBody,
  CrashBody,
  ExamplesBody,
  ImportRequest,
  LedgerRequest,
  LedgerSummary,
  LessonComponentBody,
  StartCheckBody,
  StartCheckRequest,
  CancelPendingBody,
  CompletePromiseBody,
  CompletePromiseRequest,
  ComponentBody,
  ComponentsBody,
  ComponentVersionsBody,
  CreateWorkerRequest,
  DebugAnswer,
  DebugCommand,
  DeleteWorkerBody,
  ErrorBody,
  EvaluateBody,
  EvaluateRequest,
  ForkRequest,
  InvokeAndAwaitBody,
  InvokeBody,
  InvocationsBody,
  InvokeRequest,
  KillRequest,
  OplogBody,
  PendingBody,
  PromisesBody,
  RecoveriesBody,
  RevertRequest,
  StoresBody,
  UpdateRequest,
  WorkerBody,
  WorkersBody,
} from './types';
import type { OplogQuery } from '../store/oplog-store';

export type ErrorLocation = NonNullable<ErrorBody['location']>;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly location?: ErrorLocation,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', ...init });
  } catch (e) {
    throw new ApiError(`the server did not answer: ${(e as Error).message}`, 0);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const b = body as Partial<ErrorBody> | undefined;
    throw new ApiError(b?.error ?? `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status, b?.location);
  }
  return body as T;
}

export function post<T>(path: string, body: unknown = {}): Promise<T> {
  return api<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function del<T>(path: string): Promise<T> {
  return api<T>(path, { method: 'DELETE' });
}

export const workerApi = (component: string, name: string) => `/api/workers/${encodeURIComponent(component)}/${encodeURIComponent(name)}`;

/** The query string of an oplog read ('' when there is nothing to ask). */
export function oplogQuery(q: OplogQuery): string {
  const p = new URLSearchParams();
  if (q.kinds?.length) p.set('kinds', q.kinds.join(','));
  if (q.text) p.set('text', q.text);
  if (q.reverse) p.set('reverse', '1');
  for (const k of ['from', 'to', 'limit'] as const) if (q[k] !== undefined) p.set(k, String(q[k]));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** One worker's routes. */
export function workerClient(component: string, name: string) {
  return workerClientAt(workerApi(component, name));
}

/** One worker's routes, by its API path (what workerApi gives). */
export function workerClientAt(base: string) {
  return {
    base,
    get: () => api<WorkerBody>(base),
    remove: (purge = false) => del<DeleteWorkerBody>(`${base}${purge ? '?purge=true' : ''}`),
    oplog: (q: OplogQuery) => api<OplogBody>(`${base}/oplog${oplogQuery(q)}`),
    fork: (b: ForkRequest) => post<WorkerBody>(`${base}/fork`, b),
    revert: (b: RevertRequest) => post<WorkerBody>(`${base}/revert`, b),
    update: (b: UpdateRequest) => post<WorkerBody>(`${base}/update`, b),
    kill: (b: KillRequest = {}) => post<WorkerBody>(`${base}/kill`, b),
    resume: () => post<WorkerBody>(`${base}/resume`, {}),
    invoke: (b: InvokeRequest) => post<InvokeBody>(`${base}/invoke`, b),
    invokeAndAwait: <R = InvokeAndAwaitBody['result']>(b: InvokeRequest) => post<InvokeAndAwaitBody<R>>(`${base}/invoke-and-await`, b),
    evaluate: (b: EvaluateRequest) => post<EvaluateBody>(`${base}/evaluate`, b),
    promises: () => api<PromisesBody>(`${base}/promises`),
    completePromise: (index: number, b: CompletePromiseRequest) => post<CompletePromiseBody>(`${base}/promises/${index}/complete`, b),
    pending: () => api<PendingBody>(`${base}/pending`),
    cancelPending: (key: string) => del<CancelPendingBody>(`${base}/pending/${encodeURIComponent(key)}`),
    stores: () => api<StoresBody>(`${base}/stores`),
    recoveries: () => api<RecoveriesBody>(`${base}/recoveries`),
    invocations: () => api<InvocationsBody>(`${base}/invocations`),
    debug: (version?: number) => post<DebugAnswer>(`${base}/debug`, version === undefined ? {} : { version }),
  };
}

export const workersClient = {
  list: (q: { component?: string; deleted?: boolean } = {}) =>
    api<WorkersBody>(
      `/api/workers${q.component || q.deleted ? `?${new URLSearchParams({ ...(q.component ? { component: q.component } : {}), ...(q.deleted ? { deleted: 'true' } : {}) })}` : ''}`,
    ),
  create: (b: CreateWorkerRequest) => post<WorkerBody>('/api/workers', b),
};

export const componentsClient = {
  list: () => api<ComponentsBody>('/api/components'),
  versions: (name: string) => api<ComponentVersionsBody>(`/api/components/${encodeURIComponent(name)}`),
  remove: (name: string) => del<unknown>(`/api/components/${encodeURIComponent(name)}`),
  build: (b: BuildRequest) => post<ComponentBody>('/api/components/build', b),
};

const debugUrl = (sessionId: string) => `/api/debug/${encodeURIComponent(sessionId)}`;

export const debugClient = {
  send: (sessionId: string, cmd: DebugCommand) => post<DebugAnswer>(debugUrl(sessionId), cmd),
  /** Closes a session without waiting; survives the page going away. */
  close: (sessionId: string) => void fetch(debugUrl(sessionId), { method: 'DELETE', keepalive: true }).catch(() => {}),
};

export const examplesClient = {
  list: () => api<ExamplesBody>('/api/examples'),
};

export const checksClient = {
  list: () => api<ChecksBody>('/api/checks'),
  start: (b: StartCheckRequest) => post<StartCheckBody>('/api/checks', b),
  get: (id: string) => api<CheckBody>(`/api/checks/${encodeURIComponent(id)}`),
  /** The SSE stream of a running check. */
  eventsUrl: (id: string) => `/api/checks/${encodeURIComponent(id)}/events`,
};

export const runtimeClient = {
  /** SIGKILLs the runtime process; resolves once the new one is up. */
  crash: () => post<CrashBody>('/api/runtime/crash', {}),
  importWorker: (b: ImportRequest) => post<WorkerBody>('/api/import', b),
};

export const learnClient = {
  /** Makes sure a lesson's component is built with its current source. */
  ensureComponent: (name: string) => post<LessonComponentBody>('/api/learn/components', { name }),
};

export const demoClient = {
  ledger: (ledger: string) => api<LedgerSummary>(`/api/demo/payment?ledger=${encodeURIComponent(ledger)}`),
  ledgerAction: (b: LedgerRequest) => post<LedgerSummary>('/api/demo/payment/ledger', b),
};
