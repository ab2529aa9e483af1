import { expect, test, type Page } from '@playwright/test';
import { WHOLE_RUNTIME } from './projects';
import { shots } from './shots';

// The lessons end to end. Every task is ticked by the page only when the
// worker's event stream shows it happened (a kill ticks on the `interrupted`
// entry). Screenshots in light and dark land in e2e/screenshots/ (gitignored).

test.use({ viewport: { width: 1280, height: 720 } });

const done = (page: Page, task: string, timeout = 20_000) =>
  expect(page.getByTestId(`task-${task}`)).toHaveAttribute('data-done', 'true', { timeout });

test('invincible: three clicks from home to a seen kill and recovery; chaos mode never loses an item', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/');
  await page.getByTestId('home-learn').click(); // 1
  await expect(page.getByTestId('lesson-invincible')).toBeVisible();
  await page.getByTestId('start-cart').click(); // 2
  await done(page, 'start', 60_000);
  await expect(page.getByTestId('task-kill')).toHaveAttribute('data-done', 'false');
  await page.getByTestId('kill-worker').click(); // 3
  await done(page, 'kill');
  await expect(page.getByTestId('note-kill')).toContainText('interrupted');
  await page.getByTestId('show-kill').click();
  await expect(page.locator('[data-testid=lesson-entry][data-kind=interrupted][data-highlighted=true]')).toHaveCount(1);

  await page.getByTestId('add-item').click();
  await done(page, 'add');
  await expect(page.getByTestId('cart-compare-verdict')).toHaveAttribute('data-right', 'true');
  await shots(page, 'learn-invincible');

  await page.getByTestId('chaos').click();
  for (let i = 0; i < 8; i++) {
    await page.getByTestId('add-item').click();
    await page.waitForTimeout(900);
  }
  await done(page, 'chaos', 60_000);
  await page.getByTestId('chaos').click(); // stop
  await expect(page.getByTestId('cart-compare-verdict')).toHaveAttribute('data-right', 'true', { timeout: 20_000 });
  // The worker really was killed at least three times, and the cart holds every one of the 9 items.
  const worker = await page.getByTestId('worker-name').textContent();
  const kills = await (await page.request.get(`/api/workers/shopping-cart/${worker}/oplog?kinds=interrupted`)).json();
  expect(kills.entries.length).toBeGreaterThanOrEqual(4); // the first kill, then at least three under chaos
  const expected = await page.locator('[data-testid^=expected-]').allTextContents();
  expect(expected.reduce((s, t) => s + Number(t), 0)).toBe(9);
  await shots(page, 'learn-invincible-chaos');
});

test('at least once: a kill in flight charges twice; an idempotency key or idempotence mode off charges once', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/learn/at-least-once');
  const charges = page.getByTestId('payment-service-charges');

  // Start a checkout worker, check out and kill it in flight, until `task` is ticked.
  const checkoutKilled = async (task: string) => {
    await page.getByTestId('start-checkout').click();
    await page.getByTestId('kill-in-flight').click();
    await done(page, task, 60_000);
  };

  await checkoutKilled('kill-in-flight');
  await done(page, 'charged-twice', 30_000);
  await expect(charges).toHaveText('2');
  await expect(page.getByTestId('note-charged-twice')).toContainText('2 charges');
  await page.getByTestId('show-charged-twice').click();
  await expect(page.locator('[data-testid=lesson-entry][data-kind=imported-function-invoked][data-highlighted=true]')).toHaveCount(1);
  await shots(page, 'learn-at-least-once');

  await page.getByTestId('stage-idempotency-key').click();
  await checkoutKilled('cure-key');
  await expect(charges).toHaveText('1');
  await expect(page.getByTestId('payment-service-deduplicated')).toHaveText('1');

  await page.getByTestId('stage-at-most-once').click();
  await checkoutKilled('cure-at-most-once');
  await expect(charges).toHaveText('1');
  await expect(page.getByTestId('checkout-activity')).toContainText('failed on purpose');
  await page.getByTestId('show-cure-at-most-once').click();
  await expect(page.locator('[data-testid=lesson-entry][data-kind=begin-remote-write][data-highlighted=true]')).toHaveCount(1);
  await shots(page, 'learn-at-least-once-cured');
});

test(
  'failure and recovery: a runtime crash while three workers work and one sleeps; each comes back and finishes',
  { tag: WHOLE_RUNTIME },
  async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto('/learn/failure-and-recovery');
    await page.getByTestId('start-workers').click();
    await done(page, 'busy', 60_000);
    await page.getByTestId('crash-runtime').click();
    await done(page, 'crash');
    await done(page, 'back', 90_000);
    // Every call returned in full: the busy ones counted all 60 steps, once each.
    await expect(page.getByTestId('fr-result')).toHaveText(['60', '60', '60', '0']);
    // The sleeper and every worker that was mid-call at the crash replayed (at least the sleeper and one busy one).
    expect(await page.locator('[data-testid=fr-row][data-recovered=true]').count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('note-crash')).toContainText(/[1-3] workers? (was|were) mid-call/);
    await shots(page, 'learn-failure-and-recovery');
  },
);

test('recovery latency: a long history, killed and timed, then with snapshots, on the chart', async ({ page }) => {
  test.setTimeout(240_000);
  // A smaller history than the real button's 10,000, but past one snapshot (every 1,000 entries):
  // 550 invocations are 1,100 entries (called, completed).
  await page.goto('/learn/recovery-latency?count=550');
  await expect(page.getByTestId('grow')).toContainText('550');
  await page.getByTestId('grow').click();
  await done(page, 'grow', 120_000);
  await page.getByTestId('measure').click();
  await done(page, 'measure', 60_000);
  await expect(page.getByTestId('point-plain')).toHaveCount(1);
  const plainReplayed = Number((await page.getByTestId('last-replayed').textContent())!.replace(/\D/g, ''));
  expect(plainReplayed).toBeGreaterThanOrEqual(550);

  await page.getByTestId('snapshots-toggle').check();
  await page.getByTestId('grow').click();
  await expect(page.getByTestId('grow')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('measure').click();
  await done(page, 'snapshots', 60_000);
  await expect(page.getByTestId('point-snap')).toHaveCount(1);
  const snapReplayed = Number((await page.getByTestId('last-replayed').textContent())!.replace(/\D/g, ''));
  expect(snapReplayed).toBeLessThan(plainReplayed / 2);
  await page.getByTestId('show-snapshots').click();
  await expect(page.locator('[data-testid=lesson-entry][data-kind=snapshot][data-highlighted=true]')).toHaveCount(1);
  await shots(page, 'learn-recovery-latency');
});

test('learn index and the real 10,000-invocation button', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('home-learn')).toBeVisible();
  await shots(page, 'home-with-learn');
  await page.goto('/learn');
  await expect(page.getByTestId('lesson-link-invincible')).toBeVisible();
  await shots(page, 'learn-index');
  await page.goto('/learn/recovery-latency');
  await expect(page.getByTestId('grow')).toHaveText(/Run 10,000 invocations/);
});
