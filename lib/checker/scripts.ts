// The usual script of each shipped example, offered by the checker's form and
// used by the project's own tests. `{origin}` (this server's origin) and
// `{worker}` (each run's own worker) are filled in env and arguments alike
// (lib/checker/placeholders.ts).

import type { CheckStep } from './types';

export interface ExampleScript {
  env?: Record<string, string>;
  steps: CheckStep[];
  /** Shown beside the script: why this example's runs may differ from the baseline by design. */
  note?: string;
}

const item = (productId: string, name: string, price: number, quantity: number) => ({ 'product-id': productId, name, price, quantity });

export const EXAMPLE_SCRIPTS: Record<string, ExampleScript> = {
  counter: {
    steps: [
      { function: 'demo:counter/api.{add}', args: [1] },
      { function: 'demo:counter/api.{add}', args: [2] },
      { function: 'demo:counter/api.{get}', args: [] },
      { function: 'demo:counter/api.{add}', args: [39] },
      { function: 'demo:counter/api.{get}', args: [] },
    ],
  },
  'shopping-cart': {
    env: { PAYMENT_URL: '{origin}/api/demo/payment' },
    steps: [
      { function: 'demo:shopping-cart/api.{initialize-cart}', args: ['alice'] },
      { function: 'demo:shopping-cart/api.{add-item}', args: [item('p1', 'apple', 1.5, 2)] },
      { function: 'demo:shopping-cart/api.{add-item}', args: [item('p2', 'pear', 2, 1)] },
      { function: 'demo:shopping-cart/api.{add-item}', args: [item('p1', 'apple', 1.5, 1)] },
      { function: 'demo:shopping-cart/api.{update-item-quantity}', args: ['p2', 3] },
      { function: 'demo:shopping-cart/api.{checkout}', args: [] },
      { function: 'demo:shopping-cart/api.{get-cart-contents}', args: [] },
    ],
  },
  // run waits on a promise: the script completes it as a person would, then run sleeps 3 s (pinned to the baseline's deadline in runs).
  'approval-workflow': {
    env: { NOTIFY_URL: '{origin}/api/demo/notify' },
    steps: [
      { function: 'demo:approval/api.{status}', args: [] },
      { function: 'demo:approval/api.{run}', args: ['buy a boat'], complete: '{"approved": true, "by": "ann"}' },
      { function: 'demo:approval/api.{status}', args: [] },
    ],
  },
  // Each run pings a callee of its own ({worker} is the throwaway worker's name), so no run sees another's pongs.
  'rpc-pair': {
    steps: [
      { function: 'demo:pingpong/api.{ping}', args: ['{worker}-pong', 1] },
      { function: 'demo:pingpong/api.{ping}', args: ['{worker}-pong', 41] },
      { function: 'demo:pingpong/api.{pong}', args: [7] },
      { function: 'demo:pingpong/api.{count}', args: [] },
    ],
  },
  // The service's URL is an argument; the pause is short (runs get the baseline's deadline and do not wait anyway).
  // The demo service answers every request alike, so a kill inside send shows only as the service seeing it twice.
  workflow: {
    steps: [{ function: 'demo:workflow/api.{run}', args: ['{origin}/api/demo/workflow', 50] }],
  },
  'flaky-service': {
    env: { FLAKY_URL: '{origin}/api/demo/flaky' },
    steps: [{ function: 'demo:flaky/api.{call}', args: ['{worker}', 2] }],
    note:
      'Differs by design: the flaky service counts the requests it saw for the key and fails the first ones, so a kill that repeats a request ' +
      '(inside the call, or in the atomic region the retry re-executes) changes how many attempts the worker makes and what it returns. ' +
      'That is the service keeping state outside the worker, not lost durability.',
  },
};
