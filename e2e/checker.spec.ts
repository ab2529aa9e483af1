import { test, expect, type Page } from '@playwright/test';
import { shots } from './shots';
import { buildExample } from './fixtures';

// The durability checker on the shopping cart, end to end: every kill point
// (after each entry, inside each host call, during recovery, runtime SIGKILL)
// is identical or a repeated effect, and the in-host-call cells explain the
// at-least-once window. The user shortens the script to the checkout's three
// calls: a grid of every phase on screen in a fraction of the time; the cart's
// usual script's full grid is test/checker.test.ts's (the same runCheck).
// Screenshots land in e2e/screenshots/ (gitignored).

test.use({ viewport: { width: 1280, height: 720 } });
// Dozens of real kills and recoveries: generous on a loaded machine.
test.setTimeout(300_000);

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });

test('checker grid for the shopping cart: identical or repeated effect everywhere, the in-host-call window explained', async ({
  page,
  request,
}) => {
  await buildExample(request, 'shopping-cart');

  // From the component page, as a user finds it.
  await page.goto('/components/shopping-cart');
  await page.getByTestId('check-durability').click();
  await expect(page).toHaveURL(/\/checks\?component=shopping-cart/);
  await expect(page.getByTestId('check-steps')).toHaveValue(/initialize-cart/);
  // The server fills {origin} (and {worker}) in env and arguments alike.
  await expect(page.locator('#check-env')).toHaveValue('PAYMENT_URL={origin}/api/demo/payment');
  await shot(page, 'checker-form-light');
  // The usual script, cut to initialize-cart, one add-item and checkout: every host call of the cart is still made.
  const usual = JSON.parse(await page.getByTestId('check-steps').inputValue()) as { function: string }[];
  const step = (f: string) => usual.find((s) => s.function.endsWith(`{${f}}`));
  const short = [step('initialize-cart'), step('add-item'), step('checkout')];
  expect(short.every(Boolean)).toBe(true);
  await page.getByTestId('check-steps').fill(JSON.stringify(short, null, 2));
  await page.getByTestId('check-start').click();
  await expect(page).toHaveURL(/\/checks\/[0-9a-f-]+$/);
  await expect(page.getByTestId('check-status')).toContainText('Running', { timeout: 30_000 });
  await expect(page.getByTestId('check-status')).toContainText('Done', { timeout: 240_000 });

  const cells = page.getByTestId('check-cell');
  const n = await cells.count();
  // 13 entries: a kill after each, inside 3 host calls, during recovery of 9, and 4 runtime SIGKILLs.
  expect(n).toBeGreaterThan(20);
  const verdicts = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  expect(verdicts.filter((v) => v !== 'identical' && v !== 'repeated-effect')).toEqual([]);
  await expect(page.getByTestId('count-differs')).toHaveText('0');
  await expect(page.getByTestId('count-error')).toHaveText('0');
  await expect(page.getByTestId('count-repeated-effect')).toHaveText('1');
  for (const phase of ['after-entry', 'in-host-call', 'in-recovery', 'runtime']) {
    expect(await page.locator(`[data-testid="check-cell"][data-phase="${phase}"]`).count()).toBeGreaterThan(0);
  }
  await shot(page, 'checker-grid-light');

  // The HTTP request's in-host-call cell: the payment service was charged twice, and the page says why.
  const repeated = page.locator('[data-testid="check-cell"][data-phase="in-host-call"][data-verdict="repeated-effect"]');
  await expect(repeated).toHaveAttribute('aria-label', /inside playground:http\/client\.send.*repeated effect/);
  await repeated.click();
  const detail = page.getByTestId('run-detail');
  await expect(detail.getByTestId('window-note')).toContainText('At least once');
  await expect(detail.getByTestId('window-note')).toContainText('expected in the default idempotence mode');
  await expect(detail.getByTestId('effect-row')).toHaveCount(1);
  await expect(detail.getByTestId('effect-row')).toContainText('1 × payment');
  await expect(detail.getByTestId('effect-row')).toContainText('2 × payment');
  // Results and oplog line up with the baseline entry by entry.
  expect(await detail.locator('[data-testid="aligned-entry"][data-same="false"]').count()).toBe(0);
  await shot(page, 'checker-detail-light');

  // A local host call's in-host-call cell is explained too.
  await page.locator('[data-testid="check-cell"][data-phase="in-host-call"][data-verdict="identical"]').first().click();
  await expect(detail.getByTestId('window-note')).toContainText('pins such inputs');

  await page.getByTestId('theme-toggle').click();
  await repeated.click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'checker-grid-dark');
  await detail.scrollIntoViewIfNeeded();
  await shot(page, 'checker-detail-dark');
});

test('POST /api/checks refuses bad input with a clear 4xx and starts nothing', async ({ request }) => {
  await buildExample(request, 'counter');
  const before = (await (await request.get('/api/checks')).json()).checks.length;
  const cases: [unknown, number, RegExp][] = [
    [{ steps: [{ function: 'add', args: [1] }] }, 400, /missing "component"/],
    [{ component: 'nope', steps: [{ function: 'add', args: [1] }] }, 404, /no component named nope/],
    [{ component: 'counter', steps: [] }, 400, /"steps" must be a non-empty list/],
    [{ component: 'counter', steps: [{ function: 'nope' }] }, 400, /steps\[0\]: counter v\d+ exports no function "nope"/],
    [{ component: 'counter', steps: [{ function: 'demo:counter/api.{add}', args: ['x'] }] }, 400, /steps\[0\]/],
    [
      { component: 'counter', steps: [{ function: 'demo:counter/api.{add}', args: [1] }], killPoints: [{ index: 1, phase: 'sometime' }] },
      400,
      /killPoints\[0\]/,
    ],
    [
      { component: 'counter', steps: [{ function: 'demo:counter/api.{add}', args: [1], complete: 42 }] },
      400,
      /steps\[0\]: "complete" must be the text/,
    ],
  ];
  for (const [data, status, message] of cases) {
    const r = await request.post('/api/checks', { data });
    expect(r.status(), JSON.stringify(data)).toBe(status);
    expect((await r.json()).error).toMatch(message);
  }
  const text = await request.post('/api/checks', { data: 'x', headers: { 'content-type': 'text/plain' } });
  expect(text.status()).toBe(415);
  expect((await request.get('/api/checks/no-such-check')).status()).toBe(404);
  expect((await (await request.get('/api/checks')).json()).checks.length).toBe(before);
});

test('an example whose runs differ by design says why beside its script', async ({ page, request }) => {
  await buildExample(request, 'flaky-service');
  await page.goto('/checks?component=flaky-service');
  await expect(page.getByTestId('check-steps')).toHaveValue(/\{worker\}/);
  await expect(page.getByTestId('check-script-note')).toContainText('Differs by design: the flaky service counts the requests');
  await shots(page, 'checker-form-note');
});

// A fresh install's checker (no components yet): e2e/fresh-install.spec.ts, on a server of its own.

// The workflow's service URL is an argument: `{origin}` in it reaches this
// server's workflow demo service, which counts what it gets. Every kill point
// of the usual script; only a kill inside a request repeats one, and the
// service's own count matches what the grid says it saw.
test('checker on the workflow: {origin} in an argument, the two requests repeated only by kills inside them', async ({ page, request }) => {
  await buildExample(request, 'workflow');
  const count = async () => (await (await request.get('/api/demo/workflow')).json()).requests as number;
  const before = await count();

  await page.goto('/checks?component=workflow');
  await expect(page.getByTestId('check-steps')).toHaveValue(/\{origin\}\/api\/demo\/workflow/);
  await page.getByTestId('check-start').click();
  await expect(page).toHaveURL(/\/checks\/[0-9a-f-]+$/);
  await expect(page.getByTestId('check-status')).toContainText('Done', { timeout: 240_000 });
  await expect(page.getByTestId('count-differs')).toHaveText('0');
  await expect(page.getByTestId('count-error')).toHaveText('0');
  await expect(page.getByTestId('count-repeated-effect')).toHaveText('2');
  const cells = page.getByTestId('check-cell');
  const repeated = await cells.evaluateAll((els) =>
    els.filter((e) => e.getAttribute('data-verdict') === 'repeated-effect').map((e) => e.getAttribute('aria-label')),
  );
  expect(repeated).toHaveLength(2);
  for (const label of repeated) expect(label).toMatch(/inside playground:http\/client\.send/);
  const first = page.locator('[data-testid="check-cell"][data-verdict="repeated-effect"]').first();
  await first.click();
  const detail = page.getByTestId('run-detail');
  await expect(detail.getByTestId('window-note')).toContainText('At least once');
  // The first step's request, killed in flight, reached the service twice; the second once, as in the baseline.
  const rows = detail.getByTestId('effect-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'step 1' })).toContainText('1 × workflow: step 1');
  await expect(rows.filter({ hasText: 'step 1' })).toContainText('2 × workflow: step 1');
  await expect(rows.filter({ hasText: 'step 2' })).not.toContainText('2 × workflow');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shots(page, 'checker-workflow-grid');

  // The service counted every request the check's workers sent: two per run, three in each repeated one.
  const total = await cells.count();
  expect((await count()) - before).toBe(2 + 2 * total + 2);
});

test('the workflow demo service takes plain text only, small, and counts per key', async ({ request }) => {
  const key = `e2e-${Date.now()}`;
  const post = (data: string, headers: Record<string, string>, k = key) => request.post(`/api/demo/workflow?key=${k}`, { data, headers });
  const ok = await post('step 1', { 'content-type': 'text/plain' });
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toBe('received: step 1');
  expect((await post('{"a":1}', { 'content-type': 'application/json' })).status()).toBe(415);
  expect((await post('x'.repeat(5000), { 'content-type': 'text/plain' })).status()).toBe(413);
  const bad = await post('step 1', { 'content-type': 'text/plain' }, 'no%20spaces');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/"key"/);
  expect((await post('step 2', { 'content-type': 'text/plain' })).status()).toBe(200);
  expect(await (await request.get(`/api/demo/workflow?key=${key}`)).json()).toEqual({ key, requests: 2, latest: ['step 2', 'step 1'] });
});
