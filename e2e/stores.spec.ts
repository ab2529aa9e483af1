import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// wasi:keyvalue and wasi:blobstore in the dashboard: a WAT component writes a
// key-value entry and a blob; the API and the worker page's panel show them.
// Screenshots (light and dark) land in e2e/screenshots/ (gitignored).

test.use({ viewport: { width: 1280, height: 720 } });

const fixture = (f: string) => readFileSync(`test/fixtures/stores/${f}`, 'utf8');
const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });

test('stores: values written by a worker are visible through the API and on its page', async ({ page, request }) => {
  test.setTimeout(180_000);
  const component = `e2e-stores-${Date.now().toString(36)}`;
  const build = await request.post('/api/components/build', {
    data: { name: component, kind: 'wat', source: fixture('stores.wat'), wit: fixture('stores.wit') },
  });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component, name: 'w' } })).status()).toBe(201);
  const base = `/api/workers/${component}/w`;

  // Before any call the worker has used no store.
  expect(await (await request.get(`${base}/stores`)).json()).toEqual({ buckets: [], containers: [] });

  // 'A', 'B': each step appends its byte to the entry and the blob and returns the blob.
  for (const [n, want] of [
    [65, [65]],
    [66, [65, 66]],
  ] as const) {
    const r = await request.post(`${base}/invoke-and-await`, { data: { function: 'step', args: ['e2e-scope', n] } });
    expect(r.status(), await r.text()).toBe(200);
    expect((await r.json()).result).toEqual(want);
  }
  const stores = await (await request.get(`${base}/stores`)).json();
  expect(stores.buckets).toEqual([
    { name: 'e2e-scope', entries: [expect.objectContaining({ key: 'count', size: 2, value: Buffer.from('AB').toString('base64') })] },
  ]);
  expect(stores.containers).toEqual([
    expect.objectContaining({
      name: 'e2e-scope',
      exists: true,
      objects: [expect.objectContaining({ name: 'log', size: 2, data: Buffer.from('AB').toString('base64') })],
    }),
  ]);

  // Unknown worker: a 404 with a message.
  const missing = await request.get(`/api/workers/${component}/nobody/stores`);
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error).toMatch(/no worker/);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/workers/${component}/w`);
    const panel = page.getByTestId('stores-panel');
    await expect(panel).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('store-bucket')).toHaveAttribute('data-name', 'e2e-scope');
    await expect(panel.locator('[data-testid="kv-entry"][data-key="count"]').getByTestId('kv-entry-value')).toHaveText('AB');
    await expect(panel.locator('[data-testid="blob-object"][data-key="log"]').getByTestId('blob-object-value')).toHaveText('AB');
    await shot(page, `stores-${scheme}`);
  }

  // A third step shows up on the open page without a reload.
  await request.post(`${base}/invoke-and-await`, { data: { function: 'step', args: ['e2e-scope', 67] } });
  await expect(page.locator('[data-testid="kv-entry"][data-key="count"]').getByTestId('kv-entry-value')).toHaveText('ABC', {
    timeout: 30_000,
  });
});
