// The usual script of each shipped example, offered by the checker's form and
// used by the project's own tests. `{origin}` is this server's origin.

import type { CheckStep } from './types';

export interface ExampleScript {
  env?: Record<string, string>;
  steps: CheckStep[];
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
};

export function withOrigin(env: Record<string, string> | undefined, origin: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, v.replaceAll('{origin}', origin)]));
}
