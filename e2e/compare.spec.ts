import { expect, test } from '@playwright/test';
import { shots } from './shots';

// Durable and plain side by side: the same invocations to both, both killed
// for real; the durable one comes back with its cart, the plain one empty; a
// checkout killed in flight and retried by a naive client charges the plain
// side twice and the durable side once.

test.use({ viewport: { width: 1280, height: 720 } });

test('durable vs plain: kill both, then a checkout killed in flight', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/compare');
  await page.getByTestId('compare-start').click();
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('compare-add').click();
    await expect(page.getByTestId('compare-add')).toBeEnabled({ timeout: 60_000 });
  }
  await expect(page.getByTestId('durable-cart')).toHaveAttribute('data-items', '3');
  await expect(page.getByTestId('plain-cart')).toHaveAttribute('data-items', '3');
  // Costs: both measured; only the durable one has an oplog beyond its create entry.
  await expect(page.getByTestId('durable-latency')).toContainText('ms');
  await expect(page.getByTestId('plain-latency')).toContainText('ms');
  await expect(page.getByTestId('plain-oplog')).toHaveText('1 entry');
  expect(Number((await page.getByTestId('durable-oplog').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(9);

  await page.getByTestId('compare-kill').click();
  await expect(page.getByTestId('compare-kill')).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId('durable-cart')).toHaveAttribute('data-items', '3');
  await expect(page.getByTestId('plain-cart')).toHaveAttribute('data-items', '0');
  await shots(page, 'compare-killed');

  // Refill both, then check out and kill both while the payments are in flight.
  await page.getByTestId('compare-restart').click();
  await expect(page.getByTestId('compare-add')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('compare-add').click();
  await expect(page.getByTestId('compare-checkout')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('compare-checkout').click();
  await expect(page.getByTestId('compare-add')).toBeEnabled({ timeout: 90_000 });
  await expect(page.getByTestId('durable-payments-charges')).toHaveText('1');
  await expect(page.getByTestId('plain-payments-charges')).toHaveText('2');
  await expect(page.getByTestId('plain-note')).toContainText('sent the order again');
  await shots(page, 'compare-checkout');
});
