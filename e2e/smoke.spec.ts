import { expect, test } from '@playwright/test';

test('home page renders', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Durable Playground' })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/smoke-home.png', fullPage: true });
});
