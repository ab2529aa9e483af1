// The examples shipped with the app (sources under examples/), offered as
// templates in the editor and as one-click demos.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../store/migrate';

export interface Example {
  id: string;
  title: string;
  description: string;
  kind: 'js' | 'wat';
  source: string;
  wit: string;
  world?: string;
  /** Function to invoke first, with arguments, for a demo. */
  firstCall?: { function: string; args: unknown[] };
  /** What the demo's worker page offers next (the invoke form is set to it). */
  nextCall?: { function: string; args: unknown[] };
  /** Environment a demo worker needs; `{origin}` is this server's origin. */
  env?: Record<string, string>;
}

const CATALOG: Omit<Example, 'source' | 'wit'>[] = [
  {
    id: 'counter',
    title: 'Counter',
    description: 'A number kept in the worker’s memory. Kill the worker: it comes back with the same count.',
    kind: 'js',
    firstCall: { function: 'demo:counter/api.{add}', args: [1] },
    nextCall: { function: 'demo:counter/api.{add}', args: [1] },
  },
  {
    id: 'shopping-cart',
    title: 'Shopping cart',
    description: 'Golem’s canonical demo: add items, check out through a payment service (HTTP) with a random order id.',
    kind: 'js',
    firstCall: { function: 'demo:shopping-cart/api.{initialize-cart}', args: ['alice'] },
    nextCall: { function: 'demo:shopping-cart/api.{add-item}', args: [{ 'product-id': 'p1', name: 'apple', price: 1.5, quantity: 2 }] },
    env: { PAYMENT_URL: '{origin}/api/demo/payment' },
  },
  {
    id: 'workflow',
    title: 'Workflow with a sleep',
    description: 'Calls a service, sleeps, calls it again. Kill it during the sleep: the first call is not repeated.',
    kind: 'js',
  },
  {
    id: 'approval-workflow',
    title: 'Human in the loop',
    description:
      'Golem’s approval template: run creates a promise, notifies an approver over HTTP and waits, suspended, until someone completes the promise with “approved” or “rejected”; then a durable 3 s sleep. Invoke run without waiting, then complete the promise it prints.',
    kind: 'js',
    env: { NOTIFY_URL: '{origin}/api/demo/notify' },
  },
  {
    id: 'flaky-service',
    title: 'Retrying a flaky service',
    description:
      'Calls a service that fails the first few times inside an atomic region, and traps on a failure: the runtime retries the region live until the call succeeds (or the retry policy gives up).',
    kind: 'js',
    firstCall: { function: 'demo:flaky/api.{call}', args: ['first', 2] },
    env: { FLAKY_URL: '{origin}/api/demo/flaky' },
  },
  {
    id: 'rpc-pair',
    title: 'Ping-pong between workers',
    description:
      'Worker-to-worker calls with golem:rpc: ping on one worker calls pong on another worker of the same component, by name. The call is recorded in the caller’s oplog, so replaying the caller does not call again.',
    kind: 'js',
  },
];

const FILES: Record<string, [string, string]> = {
  counter: ['counter/counter.js', 'counter/counter.wit'],
  'shopping-cart': ['shopping-cart/cart.js', 'shopping-cart/cart.wit'],
  workflow: ['workflow/workflow.js', 'workflow/workflow.wit'],
  'approval-workflow': ['approval-workflow/approval.js', 'approval-workflow/approval.wit'],
  'flaky-service': ['flaky-service/flaky.js', 'flaky-service/flaky.wit'],
  'rpc-pair': ['rpc-pair/pingpong.js', 'rpc-pair/pingpong.wit'],
};

export function examples(): Example[] {
  const dir = path.join(projectRoot(), 'examples');
  return CATALOG.map((e) => {
    const files = FILES[e.id];
    if (!files) throw new Error(`example ${e.id} has no files listed`);
    const [js, wit] = files;
    return { ...e, source: readFileSync(path.join(dir, js), 'utf8'), wit: readFileSync(path.join(dir, wit), 'utf8') };
  });
}
