import { expect, test } from '@playwright/test';

// The debugger's hex view never opens on zeros (issue 12): a page whose first
// 4 KiB are zero opens where its bytes begin, and says how many it skipped.

test.use({ viewport: { width: 1280, height: 720 } });

test('a memory page whose first 8 KiB are zero opens on its first non-zero bytes', async ({ page, request }) => {
  test.setTimeout(90_000);
  // Bytes at 0x2000 of page 0, nothing before them.
  const wat = '(module (memory (export "memory") 1) (data (i32.const 8192) "durable!") (func (export "one") (result i32) i32.const 1))';
  const wit = 'package e2e:mem;\nworld mem { export one: func() -> u32; }\n';
  const build = await request.post('/api/components/build', { data: { name: 'e2e-mem', kind: 'wat', source: wat, wit } });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component: 'e2e-mem', name: 'm' } })).status()).toBe(201);
  expect((await request.post('/api/workers/e2e-mem/m/invoke-and-await', { data: { function: 'one', args: [] } })).status()).toBe(200);
  await page.goto('/workers/e2e-mem/m/replay');
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('ended-banner')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('memory-map').getByRole('button', { name: /^page 0\b/ }).click();
  await expect(page.getByTestId('memory-hex')).toContainText('|durable!');
  await expect(page.getByTestId('memory-hex')).toContainText(/^00002000 {2}64 75 72 61 62 6c 65 21/);
  await expect(page.getByTestId('memory-hex-caption')).toContainText('8,192 zero bytes skipped');
  await page.getByTestId('memory-hex').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/memory-zero-light.png' });
  await page.getByTestId('theme-toggle').click();
  await page.screenshot({ path: 'e2e/screenshots/memory-zero-dark.png' });
});
