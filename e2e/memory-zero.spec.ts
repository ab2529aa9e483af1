import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { shots } from './shots';

// The debugger's hex view never opens on zeros (issue 12): a page whose first
// 4 KiB are zero opens where its bytes begin, and says how many it skipped, in
// one request to the debugger; and a click given while that read runs waits
// its turn instead of being dropped.

test.use({ viewport: { width: 1280, height: 720 } });

// Bytes at 0x2000 of page 0, nothing before them.
const wat = '(module (memory (export "memory") 1) (data (i32.const 8192) "durable!") (func (export "one") (result i32) i32.const 1))';
const wit = 'package e2e:mem;\nworld mem { export one: func() -> u32; }\n';

async function memWorker(request: APIRequestContext, component: string, invocations: number) {
  const build = await request.post('/api/components/build', { data: { name: component, kind: 'wat', source: wat, wit } });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component, name: 'm' } })).status()).toBe(201);
  for (let i = 0; i < invocations; i++)
    expect((await request.post(`/api/workers/${component}/m/invoke-and-await`, { data: { function: 'one', args: [] } })).status()).toBe(
      200,
    );
}

/** Counts the page's memory reads sent to the debugger; holds each until `release` (when given). */
async function watchReads(page: Page, held?: Promise<void>) {
  const reads: unknown[] = [];
  await page.route('**/api/debug/*', async (route) => {
    const body = route.request().method() === 'POST' ? (route.request().postDataJSON() as { type?: string } | null) : null;
    if (body?.type === 'memory') {
      reads.push(body);
      await held;
    }
    await route.continue();
  });
  return reads;
}

test('a memory page whose first 8 KiB are zero opens on its first non-zero bytes, in one request', async ({ page, request }) => {
  test.setTimeout(90_000);
  await memWorker(request, 'e2e-mem', 1);
  await page.goto('/workers/e2e-mem/m/replay');
  const reads = await watchReads(page);
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('ended-banner')).toBeVisible({ timeout: 30_000 });
  await page
    .getByTestId('memory-map')
    .getByRole('button', { name: /^page 0\b/ })
    .click();
  await expect(page.getByTestId('memory-hex')).toContainText('|durable!');
  await expect(page.getByTestId('memory-hex')).toContainText(/^00002000 {2}64 75 72 61 62 6c 65 21/);
  await expect(page.getByTestId('memory-hex-caption')).toContainText('8,192 zero bytes skipped');
  expect(reads, 'the zero reads are skipped on the server').toHaveLength(1);
  // Offsets, bytes and ASCII fit the column: nothing cut at the right.
  await expect.poll(() => page.getByTestId('memory-hex').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await page.getByTestId('memory-hex').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/memory-zero-light.png' });
  await page.getByTestId('theme-toggle').click();
  await page.screenshot({ path: 'e2e/screenshots/memory-zero-dark.png' });
});

test('Steps clicked while a memory read runs are queued after it, counted beside the controls, not dropped', async ({ page, request }) => {
  test.setTimeout(90_000);
  await memWorker(request, 'e2e-mem-q', 2);
  await page.goto('/workers/e2e-mem-q/m/replay');
  const index = page.getByTestId('progress-index');
  await expect(index).toHaveText('0');
  await page.getByTestId('step').click();
  await expect(index).not.toHaveText('0');
  const before = Number(await index.textContent());
  // The read is held in the browser until the Step below was clicked: the click lands during it.
  let release!: () => void;
  const reads = await watchReads(page, new Promise<void>((r) => (release = r)));
  await page
    .getByTestId('memory-map')
    .getByRole('button', { name: /^page 0\b/ })
    .click();
  await expect(page.getByTestId('memory-map')).toHaveAttribute('data-seeking', 'true');
  await expect(page.getByTestId('step')).toBeEnabled();
  const queued = page.getByTestId('queued-count');
  await expect(queued).toHaveText('');
  const slot = await queued.boundingBox();
  const next = await page.getByTestId('continue-to-input').boundingBox();
  await page.getByTestId('step').click();
  await expect(queued).toHaveText('1 queued');
  await page.getByTestId('step').click();
  await expect(queued).toHaveText('2 queued');
  // The count sits in a fixed slot: the controls after it did not move.
  expect(await queued.boundingBox()).toEqual(slot);
  expect(await page.getByTestId('continue-to-input').boundingBox()).toEqual(next);
  await expect(index).toHaveText(String(before));
  await shots(page, 'replay-queued');
  release();
  // The read answered (at the same stop), then both steps ran, in order; the count is cleared.
  await expect(index).toHaveText(String(before + 2));
  await expect(queued).toHaveText('');
  expect(reads).toHaveLength(1);
  await expect(page.getByTestId('memory-map')).toHaveAttribute('data-seeking', 'false');
});
