import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { WHOLE_RUNTIME } from './projects';
import { readFileSync } from 'node:fs';

// The dashboard as a teacher uses it (issue 12): a runtime crash watched on the
// Workers list, the "Recovered" note only after a real interruption, example
// settings kept outside "Try", decoded HTTP payloads, and no 404 on Try.

test.use({ viewport: { width: 1280, height: 720 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });

async function build(request: APIRequestContext, name: string, dir: string, js: string, wit: string) {
  const r = await request.post('/api/components/build', {
    data: { name, kind: 'js', source: readFileSync(`examples/${dir}/${js}`, 'utf8'), wit: readFileSync(`examples/${dir}/${wit}`, 'utf8') },
  });
  expect(r.status(), await r.text()).toBe(201);
}

async function createWorker(request: APIRequestContext, component: string, name: string, env?: Record<string, string>) {
  const r = await request.post('/api/workers', { data: { component, name, env } });
  expect(r.status(), await r.text()).toBe(201);
}

const invokeAwait = (request: APIRequestContext, c: string, w: string, fn: string, args: unknown[]) =>
  request.post(`/api/workers/${c}/${w}/invoke-and-await`, { data: { function: fn, args } });

/** A component name of this run: a retry (same server, same database) must not meet the first try's workers and versions. */
const unique = (name: string) => `${name}-${Date.now().toString(36)}`;

/** The counter example built under a name of this run; resolves to that name. */
async function counter(request: APIRequestContext, name: string): Promise<string> {
  const c = unique(name);
  await build(request, c, 'counter', 'counter.js', 'counter.wit');
  return c;
}

/** Records every status each row's badge shows, so a short `recovering` phase is seen too. */
async function watchBadges(page: Page) {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const scan = () => {
      for (const b of document.querySelectorAll('[data-testid=status-badge]')) {
        const row = b.closest('tr')?.getAttribute('data-testid') ?? 'page';
        const s = `${b.getAttribute('data-status')} ${b.textContent ?? ''}`;
        const list = (seen[row] ??= []);
        if (list[list.length - 1] !== s) list.push(s);
      }
    };
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    scan();
  });
}
const seenBadges = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Record<string, string[]> }).__seen);

test('the one-click example probes without a 404 in the console', async ({ page }) => {
  test.setTimeout(90_000);
  const notFound: string[] = [];
  page.on('response', (r) => r.status() === 404 && notFound.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && notFound.push(m.text()));
  await page.goto('/');
  await expect(page).toHaveTitle(/Home · Durable Playground/);
  await page.getByTestId('try-cart').click();
  await expect(page).toHaveURL(/\/workers\/shopping-cart\/[^/]+$/, { timeout: 60_000 });
  await expect(page).toHaveTitle(/· shopping-cart · Durable Playground/);
  expect(notFound).toEqual([]);
});

/** Records each phase the runtime crash banner shows, however briefly. */
async function watchBanner(page: Page) {
  await page.evaluate(() => {
    const phases: string[] = [];
    (window as unknown as { __banner: string[] }).__banner = phases;
    const scan = () => {
      const p = document.querySelector('[data-testid=crash-banner]')?.getAttribute('data-phase');
      if (p && phases[phases.length - 1] !== p) phases.push(p);
    };
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test(
  'a runtime crash on the Workers list: three workers held mid-call and one asleep; banner, per-row recovery, total',
  { tag: WHOLE_RUNTIME },
  async ({ page, request, baseURL }) => {
    test.setTimeout(180_000);
    const run = Date.now().toString(36);
    await build(request, 'e2e-cv-checkout', 'lessons', 'checkout.js', 'checkout.wit');
    await build(request, 'e2e-cv-tally', 'lessons', 'tally.js', 'tally.wit');
    const busy = [1, 2, 3].map((i) => ({ name: `busy-${i}-${run}`, ledger: `cv-${run}-${i}` }));
    const sleeper = `asleep-${run}`;
    const addItem = 'lesson:checkout/api.{add-item}';
    // Some history to replay, so each row's recovery has entries to count.
    await Promise.all(
      busy.map(async (b) => {
        await createWorker(request, 'e2e-cv-checkout', b.name, { PAYMENT_URL: `${baseURL}/api/demo/payment?ledger=${b.ledger}` });
        for (let i = 0; i < 80; i++) {
          const r = await invokeAwait(request, 'e2e-cv-checkout', b.name, addItem, [
            { 'product-id': `p${i % 5}`, name: 'Tea', price: 1, quantity: 1 },
          ]);
          expect(r.status(), await r.text()).toBe(200);
        }
      }),
    );
    await createWorker(request, 'e2e-cv-tally', sleeper);
    // Asleep for two minutes: suspended, not running, when the runtime dies.
    expect(
      (
        await request.post(`/api/workers/e2e-cv-tally/${sleeper}/invoke`, { data: { function: 'lesson:tally/api.{nap}', args: [120_000] } })
      ).status(),
    ).toBe(202);
    // Each checkout's payment request is charged and then held unanswered by the demo
    // service: the three workers are inside a host call until the crash, not by timing luck.
    for (const b of busy) {
      expect((await request.post('/api/demo/payment/ledger', { data: { ledger: b.ledger, action: 'hold' } })).status()).toBe(200);
      expect(
        (
          await request.post(`/api/workers/e2e-cv-checkout/${b.name}/invoke`, {
            data: { function: 'lesson:checkout/api.{checkout}', args: [] },
          })
        ).status(),
      ).toBe(202);
    }
    await expect
      .poll(
        async () => Promise.all(busy.map(async (b) => (await (await request.get(`/api/demo/payment?ledger=${b.ledger}`)).json()).inFlight)),
        { timeout: 60_000 },
      )
      .toEqual([1, 1, 1]);
    await expect
      .poll(async () => (await (await request.get(`/api/workers/e2e-cv-tally/${sleeper}`)).json()).worker.status, { timeout: 30_000 })
      .toBe('suspended');

    await page.goto('/workers');
    const row = (name: string, component: string) => page.getByTestId(`worker-row-${component}/${name}`);
    for (const b of busy)
      await expect(row(b.name, 'e2e-cv-checkout').getByTestId('status-badge')).toHaveAttribute('data-status', 'running');
    await expect(row(sleeper, 'e2e-cv-tally').getByTestId('status-badge')).toHaveAttribute('data-status', 'suspended');
    await shot(page, 'crash-view-before');
    await watchBadges(page);
    await watchBanner(page);

    await page.getByTestId('crash-runtime').click();
    const banner = page.getByTestId('crash-banner');
    await expect(banner).toHaveAttribute('data-phase', 'recovered', { timeout: 60_000 });
    await expect(page.getByTestId('crash-total')).toContainText(
      /^3 workers recovered in [\d.]+ ms after the runtime restarted in [\d.]+ ms/,
    );
    // The banner said the runtime was down (held long enough to read, however fast
    // the restart), then that workers were recovering (unless every replay ended
    // while "down" was still held: the rows below prove each replay's progress).
    const phases = await page.evaluate(() => (window as unknown as { __banner: string[] }).__banner);
    expect(phases, JSON.stringify(phases)).toEqual(
      phases.includes('recovering') ? ['down', 'recovering', 'recovered'] : ['down', 'recovered'],
    );
    const seen = await seenBadges(page);
    for (const b of busy) {
      const r = row(b.name, 'e2e-cv-checkout');
      // Each busy row counted its replay (`recovering n/N` over its whole history), then said how long it took.
      const id = `worker-row-e2e-cv-checkout/${b.name}`;
      expect(
        seen[id]?.some((s) => /^recovering recovering·\d+\/[1-9]\d{2,}$/.test(s)),
        JSON.stringify(seen[id]),
      ).toBe(true);
      await expect(r.getByTestId('recovered-in')).toHaveText(/^recovered in [\d.]+ ms$/);
    }
    // The sleeper was not running: it stays asleep and is not counted.
    const s = row(sleeper, 'e2e-cv-tally');
    await expect(s.getByTestId('status-badge')).toHaveAttribute('data-status', 'suspended');
    await expect(s.getByTestId('recovered-in')).toHaveCount(0);
    expect(seen[`worker-row-e2e-cv-tally/${sleeper}`]?.some((x) => x.startsWith('recovering'))).toBe(false);
    await shot(page, 'crash-view-after');
    await page.getByTestId('theme-toggle').click();
    await shot(page, 'crash-view-after-dark');
    await page.getByTestId('theme-toggle').click();
    // And the work itself went on: each checkout was sent again (the held one never answered) and paid.
    for (const b of busy) {
      await expect
        .poll(async () => (await (await request.get(`/api/workers/e2e-cv-checkout/${b.name}`)).json()).worker.status, { timeout: 30_000 })
        .toBe('idle');
    }
  },
);

test('"Recovered" only after a real interruption, never beside the oplog rows', { tag: WHOLE_RUNTIME }, async ({ page, request }) => {
  test.setTimeout(120_000);
  const toast = await counter(request, 'e2e-toast');
  await createWorker(request, toast, 'fresh');
  await page.goto(`/workers/${toast}/fresh`);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible({ timeout: 30_000 });
  await watchBadges(page);
  // A brand-new worker's first invocation starts its thread: that is no recovery.
  await page.getByTestId('field-n').fill('2');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('2');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);
  expect((await seenBadges(page)).page!.some((s) => s.startsWith('recovering'))).toBe(false);

  // Some history, then a kill: the next invocation recovers, and says so with its own numbers.
  // 600 calls, 20 in flight at a time (the worker runs them one by one): no round trip waits for the last.
  for (let i = 0; i < 600; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, () => invokeAwait(request, toast, 'fresh', 'demo:counter/api.{add}', [1])));
    expect(batch.map((r) => r.status())).toEqual(Array(20).fill(200));
  }
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'interrupted');
  await page.getByTestId('field-n').fill('1');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('603');
  const note = page.getByTestId('recovery-banner');
  await expect(note).toHaveAttribute('data-phase', 'done');
  await expect(note).toContainText(/Recovered after a kill in [\d.]+ ms: 601 invocations replayed/);
  expect(
    (await seenBadges(page)).page?.some((s) => s.startsWith('recovering')),
    JSON.stringify((await seenBadges(page)).page),
  ).toBe(true);
  // It sits in the oplog's toolbar: no row is covered.
  const noteBox = (await note.boundingBox())!;
  const rowsBox = (await page.getByTestId('timeline-scroll').boundingBox())!;
  expect(noteBox.y + noteBox.height).toBeLessThanOrEqual(rowsBox.y);
  await shot(page, 'recovered-note');

  // A crash replaces the old note: its numbers belong to the kill, not to the crash.
  await page.getByTestId('crash-runtime').click();
  await expect(page.getByTestId('runtime-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);
});

test('an example keeps its settings on the component page, and HTTP calls read as HTTP', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  // Built under another name: still recognised as the shopping cart by its WIT package.
  const cart = unique('e2e-mycart');
  await build(request, cart, 'shopping-cart', 'cart.js', 'cart.wit');
  await page.goto(`/components/${cart}`);
  await expect(page).toHaveTitle(new RegExp(`${cart} · Components`));
  await expect(page.getByTestId('env-key')).toHaveValue('PAYMENT_URL');
  await expect(page.getByTestId('env-value')).toHaveValue(`${baseURL}/api/demo/payment`);
  await page.getByTestId('worker-name').fill('shopper');
  await page.getByTestId('create-worker').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${cart}/shopper$`));
  await expect(page.getByTestId('worker-meta')).toContainText(`PAYMENT_URL=${baseURL}/api/demo/payment`);

  const api = (f: string) => `demo:shopping-cart/api.{${f}}`;
  expect((await invokeAwait(request, cart, 'shopper', api('initialize-cart'), ['bob'])).status()).toBe(200);
  expect(
    (await invokeAwait(request, cart, 'shopper', api('add-item'), [{ 'product-id': 'p1', name: 'Tea', price: 2, quantity: 1 }])).status(),
  ).toBe(200);
  const checkout = await (await invokeAwait(request, cart, 'shopper', api('checkout'), [])).json();
  expect(JSON.stringify(checkout.result)).toContain('order-');
  const send = page.locator('[data-testid=timeline-row][data-kind=imported-function-invoked]', { hasText: 'POST' });
  await expect(send).toContainText(`POST ${baseURL}/api/demo/payment`);
  await expect(send).toContainText('→ 200');
  await send.click();
  await expect(page.getByTestId('http-method')).toHaveText('POST');
  await expect(page.getByTestId('http-status')).toHaveText('200');
  // The request body was recorded as base64: it reads as JSON.
  await expect(page.getByTestId('http-body').first()).toContainText('"total": 2');
  await shot(page, 'http-detail');
});

test('edit a component: its source opens in the editor and the build makes the next version, saying so', async ({ page, request }) => {
  test.setTimeout(120_000);
  const edited = await counter(request, 'e2e-edit');
  await page.goto(`/components/${edited}`);
  await expect(page.getByTestId('edit-component')).toHaveText('Edit · builds v2');
  await page.getByTestId('edit-component').click();
  await expect(page).toHaveURL(new RegExp(`/components/new\\?edit=${edited}$`));
  await expect(page).toHaveTitle(new RegExp(`Edit ${edited}`));
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('component-name')).toHaveValue(edited);
  await expect(page.locator('.monaco-editor').first()).toContainText('total += n');
  await expect(page.getByTestId('build')).toHaveText('Build v2');
  await expect(page.getByTestId('new-version-note')).toContainText('building makes v2');
  await page.getByTestId('build').click();
  await expect(page).toHaveURL(new RegExp(`/components/${edited}$`), { timeout: 60_000 });
  await expect(page.locator('select[aria-label=Version]')).toHaveValue('2');
  await expect(page.getByTestId('edit-component')).toHaveText('Edit · builds v3');
});

test('a state watch follows the worker across a kill, and the debugger shows it at every stop', async ({ page, request }) => {
  test.setTimeout(120_000);
  const watched = await counter(request, 'e2e-watch');
  await createWorker(request, watched, 'w');
  await page.goto(`/workers/${watched}/w`);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('watch-function').selectOption('demo:counter/api.{get}');
  await page.getByTestId('field-n').fill('5');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('5');
  await expect(page.getByTestId('watch-value')).toHaveText('5');
  await expect(page.getByTestId('watch-value')).toHaveAttribute('data-at', '3');
  // A kill: the thread is gone, the state is not; the watch says so as of the new history.
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('oplog-length')).toHaveText('4');
  await expect(page.getByTestId('watch-value')).toHaveText('5');
  await page.getByTestId('field-n').fill('2');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('7');
  await expect(page.getByTestId('watch-value')).toHaveText('7');
  await shot(page, 'state-watch');
  // The debugger keeps the pin and evaluates it at each stop.
  await page.getByTestId('open-replay').click();
  await expect(page.getByTestId('progress-index')).toHaveText('0');
  await page.getByTestId('continue-to-input').fill('3');
  await page.getByTestId('continue-to').click();
  await expect(page.getByTestId('progress-index')).toHaveText('3');
  await expect(page.getByTestId('watch-value')).toHaveText('5');
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('ended-banner')).toBeVisible();
  await expect(page.getByTestId('watch-value')).toHaveText('7');
});

test('share a history: export a worker, import it, same oplog and same state', async ({ page, request }) => {
  test.setTimeout(120_000);
  const shared = await counter(request, 'e2e-share');
  await createWorker(request, shared, 'orig');
  for (const n of [4, 6]) expect((await invokeAwait(request, shared, 'orig', 'demo:counter/api.{add}', [n])).status()).toBe(200);
  expect((await request.post(`/api/workers/${shared}/orig/kill`, { data: {} })).status()).toBe(200);
  await page.goto(`/workers/${shared}/orig`);
  await expect(page.getByTestId('oplog-length')).toHaveText('6');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-history').click();
  const file = await (await download).path();
  await page.goto('/workers');
  await page.getByTestId('import-file').setInputFiles(file);
  // Its name is taken in this database: it is imported beside it.
  await expect(page).toHaveURL(new RegExp(`/workers/${shared}/orig-imported-[a-z0-9]+$`), { timeout: 30_000 });
  const copy = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByTestId('oplog-length')).toHaveText('6');
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'interrupted');
  const a = (await (await request.get(`/api/workers/${shared}/orig/oplog`)).json()).entries;
  const b = (await (await request.get(`/api/workers/${shared}/${copy}/oplog`)).json()).entries;
  // Entry for entry, but for the create entry's worker name.
  expect(b.slice(1)).toEqual(a.slice(1));
  expect({ ...b[0], workerName: 'orig' }).toEqual(a[0]);
  expect((await (await invokeAwait(request, shared, copy, 'demo:counter/api.{get}', [])).json()).result).toBe(10);
  // A bad file is refused with a reason.
  const bad = await request.post('/api/import', { data: { file: { format: 'nope' } } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toContain('not a worker history file');
});
