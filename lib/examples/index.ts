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
  },
  {
    id: 'shopping-cart',
    title: 'Shopping cart',
    description: 'Golem’s canonical demo: add items, check out through a payment service (HTTP) with a random order id.',
    kind: 'js',
    firstCall: { function: 'demo:shopping-cart/api.{initialize-cart}', args: ['alice'] },
    env: { PAYMENT_URL: '{origin}/api/demo/payment' },
  },
  {
    id: 'workflow',
    title: 'Workflow with a sleep',
    description: 'Calls a service, sleeps, calls it again. Kill it during the sleep: the first call is not repeated.',
    kind: 'js',
  },
];

const FILES: Record<string, [string, string]> = {
  counter: ['counter/counter.js', 'counter/counter.wit'],
  'shopping-cart': ['shopping-cart/cart.js', 'shopping-cart/cart.wit'],
  workflow: ['workflow/workflow.js', 'workflow/workflow.wit'],
};

export function examples(): Example[] {
  const dir = path.join(projectRoot(), 'examples');
  return CATALOG.map((e) => {
    const [js, wit] = FILES[e.id];
    return { ...e, source: readFileSync(path.join(dir, js), 'utf8'), wit: readFileSync(path.join(dir, wit), 'utf8') };
  });
}
