import { expect, test, type Page } from '@playwright/test';
import { WHOLE_RUNTIME } from './projects';
import { shots } from './shots';
import { readFileSync } from 'node:fs';

// The dashboard end to end: author, build, run, kill, crash, recover.
// Screenshots of the main pages land in e2e/screenshots/ (gitignored).

test.use({ viewport: { width: 1280, height: 720 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });

async function invokeAdd(page: Page, n: number) {
  await page.getByTestId('field-n').fill(String(n));
  await page.getByTestId('invoke').click();
}

test('author a counter in the browser, run it, kill it and watch it recover', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/components/new?template=counter');
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('component-name').fill('e2e-counter');
  await shot(page, 'new-component');
  await page.getByTestId('build').click();
  // The progress shows while it builds; a source already in the build cache is done in ~50 ms, before a check could see it.
  await expect(page.getByTestId('build-progress').or(page.getByTestId('exports'))).toBeVisible();
  await expect(page).toHaveURL(/\/components\/e2e-counter$/, { timeout: 60_000 });
  await expect(page.getByTestId('exports')).toContainText('add: func(n: u64) -> u64');

  await page.getByTestId('worker-name').fill('w1');
  await page.getByTestId('create-worker').click();
  await expect(page).toHaveURL(/\/workers\/e2e-counter\/w1$/);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();

  await invokeAdd(page, 5);
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('5');
  await invokeAdd(page, 7);
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('12');
  // Entries arrive live over SSE: create + 2 × (invoked, completed).
  await expect(page.locator('[data-testid=timeline-row][data-kind=exported-function-completed]')).toHaveCount(2);
  await expect(page.getByTestId('invoke-history').locator('li')).toHaveCount(2);

  // Select an entry and move with the keyboard: the detail pane follows.
  await page.locator('[data-testid=timeline-row][data-index="2"]').click();
  await expect(page.getByTestId('entry-detail')).toContainText('"kind": "exported-function-invoked"');
  await page.keyboard.press('j');
  await expect(page.getByTestId('entry-detail')).toContainText('"kind": "exported-function-completed"');

  // Kill: the thread is terminated; the next invocation replays the oplog first.
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'interrupted');
  await expect(page.locator('[data-testid=timeline-row][data-kind=interrupted]')).toHaveCount(1);
  await invokeAdd(page, 3);
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('15'); // state preserved
  const banner = page.getByTestId('recovery-banner');
  await expect(banner).toHaveAttribute('data-phase', 'done');
  await expect(banner).toContainText(/Recovered after a kill in [\d.]+ ms: 2 invocations replayed/);
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', /idle|running/);
  await shot(page, 'worker');

  // Server-side filter by kind.
  await page.getByTestId('kind-filter').click();
  await page.getByTestId('kind-exported-function-completed').check();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=timeline-row]')).toHaveCount(3);
  await expect(page.getByTestId('timeline-count')).toContainText('3 matching');
});

test('uploading a broken .wasm shows why it was rejected', async ({ page }) => {
  await page.goto('/components/new');
  await page.getByTestId('mode-upload').click();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'broken.wasm', mimeType: 'application/wasm', buffer: Buffer.from('this is not wasm at all') });
  await expect(page.getByTestId('picked-file')).toContainText('broken.wasm');
  await expect(page.getByTestId('upload-name')).toHaveValue('broken');
  await page.getByTestId('upload').click();
  await expect(page.getByTestId('upload-error')).toContainText('not a WebAssembly binary');
  await shot(page, 'upload-error');
});

test('a JavaScript syntax error becomes an editor marker on its line', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/components/new?template=counter');
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('component-name').fill('e2e-broken');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('export const api = {\n  add(n) { return n +; },\n  get() { return 0; },\n  reset() {},\n};\n');
  await page.getByTestId('build').click();
  const message = page.getByTestId('build-error-message');
  await expect(message).toContainText('line 2', { timeout: 60_000 });
  await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  await shot(page, 'build-error');
});

test('crash the runtime: every worker recovers with its state', { tag: WHOLE_RUNTIME }, async ({ page, request }) => {
  test.setTimeout(120_000);
  const build = await request.post('/api/components/build', {
    data: {
      name: 'e2e-crash',
      kind: 'js',
      source: readFileSync('examples/counter/counter.js', 'utf8'),
      wit: readFileSync('examples/counter/counter.wit', 'utf8'),
    },
  });
  expect(build.status(), await build.text()).toBe(201);
  const add = (w: string, n: number) =>
    request.post(`/api/workers/e2e-crash/${w}/invoke-and-await`, { data: { function: 'demo:counter/api.{add}', args: [n] } });
  for (const [w, n] of [
    ['a', 10],
    ['b', 20],
  ] as const) {
    expect((await request.post('/api/workers', { data: { component: 'e2e-crash', name: w } })).status()).toBe(201);
    expect(await (await add(w, n)).json()).toMatchObject({ result: n });
  }

  await page.goto('/workers/e2e-crash/a');
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  const before = await (await request.get('/api/runtime')).json();
  await page.getByTestId('crash-runtime').click();
  await expect(page.getByTestId('runtime-banner').or(page.getByTestId('recovery-banner'))).toBeVisible();
  await expect
    .poll(async () => (await (await request.get('/api/runtime')).json()).restarts, { timeout: 30_000 })
    .toBeGreaterThan(before.restarts);

  // The page's worker: invoke through the form; the counter continues.
  await invokeAdd(page, 1);
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('11', { timeout: 30_000 });
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', /idle|running/);
  // The other worker too.
  expect(await (await add('b', 2)).json()).toMatchObject({ result: 22 });

  // The worker list shows both back to a healthy status, live.
  await page.goto('/workers?component=e2e-crash');
  for (const w of ['a', 'b']) {
    await expect(page.getByTestId(`worker-row-e2e-crash/${w}`).getByTestId('status-badge')).toHaveAttribute('data-status', /idle|running/);
  }
  await shot(page, 'workers');
});

test('home and components pages', async ({ page, request }) => {
  // Its own component and worker (a small WAT one builds in a moment): no other test needs to run first.
  const wat = '(module (memory (export "memory") 1) (func (export "one") (result i32) i32.const 1))';
  const wit = 'package e2e:home;\nworld home { export one: func() -> u32; }\n';
  const build = await request.post('/api/components/build', { data: { name: 'e2e-home', kind: 'wat', source: wat, wit } });
  expect(build.status(), await build.text()).toBe(201);
  // Named per attempt: a retry runs against the same server, where the first attempt's worker still stands.
  const name = `h1-try${test.info().retry}`;
  expect((await request.post('/api/workers', { data: { component: 'e2e-home', name } })).status()).toBe(201);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Durable Playground' })).toBeVisible();
  await expect(page.getByTestId('count-workers')).not.toHaveText('–');
  await expect(page.getByTestId('recent-workers')).toContainText('e2e-home');
  // A new worker's history is its one create entry: a count of one says so in the singular.
  const h1 = page.getByTestId('recent-workers').getByRole('listitem').filter({ hasText: name }).filter({ hasText: 'e2e-home' });
  await expect(h1).toContainText(/\D1 entry ·/);
  await shot(page, 'home');
  await page.getByTestId('nav-components').click();
  await expect(page.getByTestId('component-row-e2e-home')).toBeVisible();
  await shot(page, 'components');
});

test('try the shopping cart from the home page', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByTestId('try-cart').click();
  await expect(page.getByTestId('try-progress')).toBeVisible();
  await expect(page).toHaveURL(/\/workers\/[^/]+\/[^/]+$/, { timeout: 60_000 });
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  await expect(page.getByTestId('invoke-panel')).toBeVisible();
  // The form is on the next sensible call (initialize-cart already ran), with its example item, and says what to do.
  await expect(page.getByTestId('invoke-function')).toHaveValue('demo:shopping-cart/api.{add-item}');
  await expect(page.getByTestId('invoke-next-step')).toHaveText('Next: Invoke add-item, then Kill (top right).');
  await shots(page, 'cart-worker');
  const formTop = (await page.getByTestId('invoke-function').boundingBox())?.y;
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('timeline')).toContainText('add-item');
  await expect(page.getByTestId('invoke-next-step')).toHaveText('Now Kill it (top right), then invoke again.');
  // The line changed its words, not its height: the form did not move.
  expect((await page.getByTestId('invoke-function').boundingBox())?.y).toBe(formTop);
  await shots(page, 'cart-worker-after-add');
});
