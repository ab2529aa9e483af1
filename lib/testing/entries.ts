// Oplog entry bodies for store-level tests and benches: a worker of component
// `c` v1 whose export `api.add(1)` is invoked and completes.

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

export const completed = (k: string): OplogEntryBody => ({ kind: 'exported-function-completed', idempotencyKey: k, result: 1 });
