'use client';
// Expected (what the page saw succeed) beside actual (what the worker holds).

import type { CartItem } from './cart';
import { PRODUCTS, sameCart } from './cart';

export function CartCompare({
  expected,
  actual,
  checking,
  testId = 'cart-compare',
}: {
  expected: CartItem[];
  actual: CartItem[] | null;
  checking?: boolean;
  testId?: string;
}) {
  const ids = [...new Set([...expected, ...(actual ?? [])].map((c) => c['product-id']))];
  const q = (c: CartItem[] | null, id: string) => c?.find((x) => x['product-id'] === id)?.quantity ?? 0;
  const right = actual !== null && sameCart(expected, actual);
  const name = (id: string) => PRODUCTS.find((p) => p['product-id'] === id)?.name ?? id;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid={testId}>
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
            <th className="px-3 py-1.5 font-medium">Product</th>
            <th className="px-3 py-1.5 text-right font-medium">Expected</th>
            <th className="px-3 py-1.5 text-right font-medium">In the worker</th>
          </tr>
        </thead>
        <tbody>
          {ids.length === 0 && (
            <tr>
              <td colSpan={3} className="px-3 py-2 text-center text-zinc-500">
                The cart is empty.
              </td>
            </tr>
          )}
          {ids.map((id) => (
            <tr key={id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
              <td className="px-3 py-1">{name(id)}</td>
              <td className="px-3 py-1 text-right tabular" data-testid={`expected-${id}`}>
                {q(expected, id)}
              </td>
              <td
                className={`px-3 py-1 text-right tabular ${actual && q(expected, id) !== q(actual, id) ? 'text-red-700 dark:text-red-400' : ''}`}
                data-testid={`actual-${id}`}
              >
                {actual ? q(actual, id) : '…'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div
        className={`border-t border-zinc-200 px-3 py-1.5 text-sm font-medium dark:border-zinc-800 ${right ? 'text-emerald-700 dark:text-emerald-400' : actual === null || checking ? 'text-zinc-500' : 'text-red-700 dark:text-red-400'}`}
        data-testid={`${testId}-verdict`}
        data-right={right && !checking ? 'true' : 'false'}
      >
        {checking || actual === null ? 'Checking the worker…' : right ? '✓ The cart is right' : '✕ The cart differs from what was added'}
      </div>
    </div>
  );
}
