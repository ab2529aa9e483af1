// Oplog entry bodies for history, store-level tests and benches: a worker of component
// `c` v1 whose export `api.add(1)` is queued, invoked and completes.

import type { OplogEntryBody } from '../oplog/entry';

export const createEntry = (name: string, durable?: false): OplogEntryBody => ({
  kind: 'create',
  componentName: 'c',
  componentVersion: 1,
  workerName: name,
  env: [],
  args: [],
  ...(durable === false ? { durable } : {}),
});

export const invoked = (k: string): OplogEntryBody => ({
  kind: 'exported-function-invoked',
  functionName: 'api.add',
  args: [1],
  idempotencyKey: k,
});

export const completed = (k: string, result = 1): OplogEntryBody => ({ kind: 'exported-function-completed', idempotencyKey: k, result });

/** `api.add(1)` queued under key `k`, to run at `scheduledAt` (epoch ms) when given. */
export const queued = (k: string, scheduledAt?: number): OplogEntryBody => ({
  kind: 'pending-worker-invocation',
  functionName: 'api.add',
  args: [1],
  idempotencyKey: k,
  ...(scheduledAt ? { scheduledAt } : {}),
});
