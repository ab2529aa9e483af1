import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { WHOLE_RUNTIME } from './projects';
import { holdEvents } from './fixtures';

// The worker page's history views (issue 12): recoveries kept as marks on the
// interruptions' rows and as a list (across reloads and runtime crashes), and
// the compact view of invocations with their host calls, kept live.

test.use({ viewport: { width: 1280, height: 720 } });

const F = (f: string) => `lesson:checkout/api.{${f}}`;
const item = (i: number) => ({ 'product-id': `p${i}`, name: 'Tea', price: 2, quantity: 1 });

/** The worker's oplog length, as the API says now. */
const oplogLength = async (request: APIRequestContext, worker: string) =>
  (await (await request.get(`/api/workers/e2e-hist/${worker}/oplog?reverse=1&limit=1`)).json()).length as number;

/** A worker named `prefix-…` with 12 items added, its page open and following the tail. */
async function tailOf(page: Page, request: APIRequestContext, baseURL: string, prefix: string) {
  const w = `${prefix}-${Date.now().toString(36)}`;
  await setup(request, baseURL, w);
  for (let i = 0; i < 12; i++) await invoke(request, w, 'add-item', [item(i)]);
  await page.goto(`/workers/e2e-hist/${w}`);
  return w;
}

async function setup(request: APIRequestContext, baseURL: string, worker: string) {
  const b = await request.post('/api/components/build', {
    data: {
      name: 'e2e-hist',
      kind: 'js',
      source: readFileSync('examples/lessons/checkout.js', 'utf8'),
      wit: readFileSync('examples/lessons/checkout.wit', 'utf8'),
    },
  });
  expect([200, 201]).toContain(b.status());
  expect(
    (
      await request.post('/api/workers', {
        data: { component: 'e2e-hist', name: worker, env: { PAYMENT_URL: `${baseURL}/api/demo/payment` } },
      })
    ).status(),
  ).toBe(201);
}
const invoke = async (request: APIRequestContext, worker: string, fn: string, args: unknown[]) => {
  const r = await request.post(`/api/workers/e2e-hist/${worker}/invoke-and-await`, { data: { function: F(fn), args } });
  expect(r.status(), await r.text()).toBe(200);
  return r.json();
};
const shots = async (page: Page, name: string) => {
  await page.screenshot({ path: `e2e/screenshots/${name}-light.png` });
  await page.getByTestId('theme-toggle').click();
  await page.screenshot({ path: `e2e/screenshots/${name}-dark.png` });
  await page.getByTestId('theme-toggle').click();
};

test(
  'recoveries: a mark on each interruption row and a list, kept across a reload and a runtime crash',
  { tag: WHOLE_RUNTIME },
  async ({ page, request, baseURL }) => {
    test.setTimeout(150_000);
    const w = `rec-${Date.now().toString(36)}`;
    await setup(request, baseURL!, w);
    for (let i = 0; i < 3; i++) await invoke(request, w, 'add-item', [item(i)]);
    await page.goto(`/workers/e2e-hist/${w}`);
    await expect(page.getByTestId('timeline-row').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('recovery-history')).toHaveCount(0);

    await page.getByTestId('kill').click();
    await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'interrupted');
    const killedRow = page.locator('[data-testid=timeline-row][data-kind=interrupted]').last();
    await expect(killedRow).toBeVisible();
    const killedAt = await killedRow.getAttribute('data-index');
    await invoke(request, w, 'add-item', [item(3)]);
    const mark = killedRow.getByTestId('recovery-mark');
    await expect(mark).toHaveText(/^↻ recovered in [\d.]+ ms · 3 invocations replayed$/);
    await expect(page.getByTestId('recovery-item')).toHaveCount(1);
    await expect(page.getByTestId('recovery-item')).toContainText(`After a kill (#${killedAt})`);

    // A runtime crash while it is idle interrupts nothing: no new row. One mid-call does.
    await page.reload();
    await expect(page.locator(`[data-testid=timeline-row][data-index="${killedAt}"]`).getByTestId('recovery-mark')).toContainText(
      '3 invocations replayed',
    );
    await expect(page.getByTestId('recovery-item')).toHaveCount(1);
    const ledger = `hist-${w}`;
    expect(
      (
        await request.post('/api/workers', {
          data: { component: 'e2e-hist', name: `${w}-b`, env: { PAYMENT_URL: `${baseURL}/api/demo/payment?ledger=${ledger}` } },
        })
      ).status(),
    ).toBe(201);
    await invoke(request, `${w}-b`, 'add-item', [item(1)]);
    await request.post('/api/demo/payment/ledger', { data: { ledger, action: 'hold' } });
    expect((await request.post(`/api/workers/e2e-hist/${w}-b/invoke`, { data: { function: F('checkout'), args: [] } })).status()).toBe(202);
    await expect
      .poll(async () => (await (await request.get(`/api/demo/payment?ledger=${ledger}`)).json()).inFlight, { timeout: 30_000 })
      .toBe(1);
    await page.goto(`/workers/e2e-hist/${w}-b`);
    await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'running');
    await page.getByTestId('crash-runtime').click();
    const crashRow = page.locator('[data-testid=timeline-row][data-kind=interrupted]').last();
    await expect(crashRow.getByTestId('recovery-mark')).toHaveText(/^↻ recovered in [\d.]+ ms · 2 invocations replayed$/, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('recovery-item')).toContainText('After the runtime crash');
    await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'idle', { timeout: 30_000 });
    // The first worker's recovery survived the runtime restart.
    await page.goto(`/workers/e2e-hist/${w}`);
    await expect(page.getByTestId('recovery-item')).toHaveCount(1);
    await expect(page.getByTestId('recovery-item')).toContainText('3 invocations replayed');
    await shots(page, 'recoveries');
  },
);

test('compact view: invocations as bars with their host calls, live, beside the entry list', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const w = `cmp-${Date.now().toString(36)}`;
  await setup(request, baseURL!, w);
  for (let i = 0; i < 2; i++) await invoke(request, w, 'add-item', [item(i)]);
  await invoke(request, w, 'checkout', []);
  const { entries } = (await (await request.get(`/api/workers/e2e-hist/${w}/oplog?limit=1000`)).json()) as {
    entries: { index: number; kind: string; functionName?: string }[];
  };
  const calls = entries.filter((e) => e.kind === 'imported-function-invoked');
  const checkoutAt = entries.filter((e) => e.kind === 'exported-function-invoked').at(-1)!.index;

  await page.goto(`/workers/e2e-hist/${w}`);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('compact-open').click();
  const spans = page.getByTestId('compact-span');
  await expect(spans).toHaveCount(3);
  await expect(page.getByTestId('compact-count')).toHaveText('3');
  await expect(spans.nth(2)).toHaveAttribute('data-start', String(checkoutAt));
  await expect(spans.nth(2)).toHaveAttribute('data-outcome', 'completed');
  // The checkout's host calls (environment, random, the payment request) nest under it.
  const mine = calls.filter((c) => c.index > checkoutAt);
  expect(mine.map((c) => c.functionName)).toContain('playground:http/client.send');
  await expect(spans.nth(2)).toHaveAttribute('data-calls', String(mine.length));
  await spans.nth(2).getByRole('button').click();
  await expect(page.getByTestId('compact-call')).toHaveCount(mine.length);
  await expect(page.getByTestId('compact-call').last()).toContainText('playground:http/client.send');
  await expect(page.getByTestId('compact-call').last()).toHaveAttribute('data-index', String(mine.at(-1)!.index));
  // Both views side by side: the entry list keeps its rows in view.
  const list = (await page.getByTestId('timeline-scroll').boundingBox())!;
  const compact = (await page.getByTestId('compact-history').boundingBox())!;
  expect(list.x + list.width).toBeLessThanOrEqual(compact.x + 1);
  expect(list.width).toBeGreaterThan(250);
  await shots(page, 'compact-view');

  // Live: a new invocation arrives as a new bar without a reload; the choice to show the view is kept.
  await invoke(request, w, 'add-item', [item(9)]);
  await expect(spans).toHaveCount(4);
  await page.reload();
  await expect(page.getByTestId('compact-span')).toHaveCount(4);
  await page.getByTestId('compact-close').click();
  await expect(page.getByTestId('compact-history')).toHaveCount(0);
});

// The first rows come with the HTML (issue 12: cold first row), and the page stays right when the worker moves
// between that render and the live stream's connect: the stream resumes after the last rendered entry.
test('first rows in the HTML; entries and status appended before the live stream connects are shown once, in order', async ({
  browser,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const w = `ssr-${Date.now().toString(36)}`;
  await setup(request, baseURL!, w);
  for (let i = 0; i < 2; i++) await invoke(request, w, 'add-item', [item(i)]);
  const length = () => oplogLength(request, w);
  const rendered = await length();

  // Without scripts: the newest entry's row is on screen, at the bottom of the list.
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 720 } });
  const bare = await noJs.newPage();
  await bare.goto(`${baseURL}/workers/e2e-hist/${w}`);
  const last = bare.locator(`[data-testid=timeline-row][data-index="${rendered}"]`);
  await expect(last).toBeVisible();
  const list = (await bare.getByTestId('timeline-scroll').boundingBox())!;
  const lastBox = (await last.boundingBox())!;
  expect(Math.abs(list.y + list.height - (lastBox.y + lastBox.height))).toBeLessThanOrEqual(2);
  await noJs.close();

  // With scripts: the live stream is held until the worker has moved on (an invocation, then a kill).
  const release = await holdEvents(page, 'e2e-hist', w);
  await page.goto(`/workers/e2e-hist/${w}`);
  await expect(page.locator(`[data-testid=timeline-row][data-index="${rendered}"]`)).toBeVisible();
  await invoke(request, w, 'add-item', [item(7)]);
  // And a kill: the status the page rendered (idle) is stale by the time the stream connects.
  expect((await request.post(`/api/workers/e2e-hist/${w}/kill`, { data: {} })).status()).toBe(200);
  const now = await length();
  expect(now).toBeGreaterThan(rendered);
  release();
  await expect(page.getByTestId('timeline-count')).toHaveText(`${now} entries`);
  await expect(page.getByTestId('oplog-length')).toHaveText(String(now));
  const shown = (await page.getByTestId('timeline-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))))).sort(
    (a, b) => a - b,
  );
  // Each once, without a gap, up to the newest.
  expect(shown.at(-1)).toBe(now);
  expect(new Set(shown).size).toBe(shown.length);
  expect(shown.at(-1)! - shown[0]! + 1).toBe(shown.length);
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'interrupted');
});

// While the list follows the tail it renders the last rows itself (tailSlots); scrolled up, the virtual list
// takes over: entries arriving then must not move what the reader looks at, and "↓ n new" brings the tail back.
test('scrolled up, live entries leave the view still; jumping to the latest follows the tail again', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const w = await tailOf(page, request, baseURL!, 'tail');
  const scroller = page.getByTestId('timeline-scroll');
  const length = () => oplogLength(request, w);
  await expect(page.locator(`[data-testid=timeline-row][data-index="${await length()}"]`)).toBeVisible();
  // The topmost row wholly in view, by its entry index.
  const topRow = () =>
    scroller.evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const rows = [...el.querySelectorAll('[data-testid=timeline-row]')].filter((r) => r.getBoundingClientRect().top >= top - 1);
      return Math.min(...rows.map((r) => Number(r.getAttribute('data-index'))));
    });
  await scroller.hover();
  await page.mouse.wheel(0, -28 * 6);
  await expect(page.getByTestId('jump-latest')).toBeVisible();
  const before = await topRow();
  await invoke(request, w, 'add-item', [item(20)]);
  await invoke(request, w, 'add-item', [item(21)]);
  await expect(page.getByTestId('jump-latest')).toHaveText(/↓ \d+ new/);
  expect(await topRow()).toBe(before);
  await page.getByTestId('jump-latest').click();
  await expect(page.getByTestId('jump-latest')).toHaveCount(0);
  await expect(page.locator(`[data-testid=timeline-row][data-index="${await length()}"]`)).toBeInViewport();
  // Following again: the next invocation's entries arrive at the bottom, in view.
  await invoke(request, w, 'add-item', [item(22)]);
  await expect(page.locator(`[data-testid=timeline-row][data-index="${await length()}"]`)).toBeInViewport();
});

// Following the tail, rows are reused by their place in the window (FixedRows): the selection, the list's active
// descendant and keyboard navigation must stay with the entry as the entries under the rows move up.
test('following the tail, a selected entry stays selected as live entries move it up the list', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const w = await tailOf(page, request, baseURL!, 'sel');
  const length = () => oplogLength(request, w);
  const last = await length();
  await expect(page.locator(`[data-testid=timeline-row][data-index="${last}"]`)).toBeVisible();
  const picked = last - 3;
  const row = page.locator(`[data-testid=timeline-row][data-index="${picked}"]`);
  // Laid out before it is measured (a row not placed yet reads a top of 0).
  await expect(row).toBeInViewport();
  const slotTop = await row.evaluate((el) => el.getBoundingClientRect().top);
  expect(slotTop).toBeGreaterThan(0);
  await row.click();
  const selected = page.locator('[data-testid=timeline-row][aria-selected=true]');
  await expect(selected).toHaveAttribute('data-index', String(picked));
  await invoke(request, w, 'add-item', [item(20)]);
  const now = await length();
  await expect(page.locator(`[data-testid=timeline-row][data-index="${now}"]`)).toBeInViewport();
  // The entry moved up by the entries appended, and is still the one (and the only one) selected.
  await expect(selected).toHaveCount(1);
  await expect(selected).toHaveAttribute('data-index', String(picked));
  expect(await selected.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(slotTop);
  // The row now where the selected one was shows a newer entry, not selected.
  expect(
    await page.evaluate((y) => {
      const r = [...document.querySelectorAll('[data-testid=timeline-row]')].find((el) => Math.abs(el.getBoundingClientRect().top - y) < 2);
      return r && { index: Number(r.getAttribute('data-index')), selected: r.getAttribute('aria-selected') };
    }, slotTop),
  ).toEqual({ index: picked + (now - last), selected: 'false' });
  await expect(page.getByTestId('timeline-scroll')).toHaveAttribute('aria-activedescendant', `oplog-${picked}`);
  await expect(page.locator(`#oplog-${picked}`)).toHaveAttribute('aria-selected', 'true');
  // The keyboard goes on from the entry, not from the row's place.
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-index', String(picked + 1));
  await expect(page.getByTestId('timeline-scroll')).toHaveAttribute('aria-activedescendant', `oplog-${picked + 1}`);
});

// The live counters sit in boxes contained for layout (relayout boundaries: a count ticking up is laid out inside
// its box, not from the page's root). Contained boxes have no size of their own: they must still show, in place,
// and the header's popovers, placed against the viewport, must not be placed against a contained box instead.
test('the counters update in view and nothing moves as entries arrive; the Fork panel opens under its button', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const w = await tailOf(page, request, baseURL!, 'box');
  await page.getByTestId('compact-open').click();
  await expect(page.getByTestId('compact-count')).toHaveText('12');
  const watched = ['worker-title', 'status-badge', 'oplog-length', 'timeline-count', 'compact-count', 'timeline-scroll', 'compact-history'];
  const boxes = async () => {
    const out: Record<string, { x: number; y: number; width: number; height: number }> = {};
    for (const id of watched) {
      await expect(page.getByTestId(id)).toBeInViewport();
      out[id] = (await page.getByTestId(id).boundingBox())!;
    }
    return out;
  };
  const before = await boxes();
  // The two views share the row under the header: each is as tall as the other, most of the window's height.
  expect(before['timeline-scroll']!.height).toBeGreaterThan(300);
  expect(before['compact-history']!.height).toBeGreaterThan(300);

  await invoke(request, w, 'add-item', [item(30)]);
  const now = await oplogLength(request, w);
  await expect(page.getByTestId('timeline-count')).toHaveText(`${now} entries`);
  await expect(page.getByTestId('oplog-length')).toHaveText(String(now));
  await expect(page.getByTestId('compact-count')).toHaveText('13');
  await expect(page.getByTestId('status-badge')).toHaveAttribute('data-status', 'idle');
  const after = await boxes();
  // Counts grow sideways (right-aligned ones start further left); nothing moves up or down or changes height.
  for (const id of watched) {
    expect(after[id]!.y, id).toBeCloseTo(before[id]!.y, 0);
    expect(after[id]!.height, id).toBeCloseTo(before[id]!.height, 0);
  }

  const fork = (await page.getByTestId('fork').boundingBox())!;
  await page.getByTestId('fork').click();
  const panel = page.getByTestId('fork-panel');
  await expect(panel).toBeInViewport({ ratio: 1 });
  const p = (await panel.boundingBox())!;
  expect(p.y).toBeGreaterThanOrEqual(fork.y + fork.height);
  expect(p.y).toBeLessThan(fork.y + fork.height + 16);
  // Lined up with the button's right edge.
  expect(Math.abs(p.x + p.width - (fork.x + fork.width))).toBeLessThanOrEqual(2);
});
