import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { clock } from './fixtures';

// Deleted workers kept for replay and fork, reverting a worker from the
// debugger (and its last N invocations from its page), evaluating an export
// with arguments at a stop, and Golem's worker update (compatible and not).
// Screenshots land in e2e/screenshots/ (gitignored).

test.use({ viewport: { width: 1440, height: 900 } });

const SOURCE = readFileSync('examples/counter/counter.js', 'utf8');
const WIT = readFileSync('examples/counter/counter.wit', 'utf8');
const ADD = 'demo:counter/api.{add}';
const GET = 'demo:counter/api.{get}';

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function build(request: APIRequestContext, name: string, source = SOURCE, wit = WIT) {
  const r = await request.post('/api/components/build', { data: { name, kind: 'js', source, wit } });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { component: { version: number } }).component.version;
}

async function createWorker(request: APIRequestContext, component: string, name: string) {
  const r = await request.post('/api/workers', { data: { component, name } });
  expect(r.status(), await r.text()).toBe(201);
}

async function invoke(request: APIRequestContext, component: string, worker: string, fn: string, args: unknown[] = []) {
  const r = await request.post(`/api/workers/${component}/${worker}/invoke-and-await`, { data: { function: fn, args } });
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: unknown }).result;
}

/** A counter worker after add(n) for each n. */
async function counter(request: APIRequestContext, component: string, worker: string, adds: number[]) {
  await build(request, component);
  await createWorker(request, component, worker);
  for (const n of adds) await invoke(request, component, worker, ADD, [n]);
}

const progress = (page: Page) => page.getByTestId('progress-index');

async function continueTo(page: Page, index: number) {
  await page.getByTestId('continue-to-input').fill(String(index));
  await page.getByTestId('continue-to').click();
  await expect(progress(page)).toHaveText(String(index));
}

test('a deleted worker is kept: listed as deleted, replayed, forked, then purged', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = unique('e2e-deleted');
  await counter(request, component, 'w', [3, 4]);
  const base = `/api/workers/${component}/w`;

  await page.goto(`/workers/${component}/w`);
  await expect(page.getByTestId('status-badge')).toBeVisible();
  await page.getByTestId('delete').click();
  await expect(page.getByTestId('delete-panel')).toContainText('oplog is kept for replay');
  await expect(page.getByTestId('confirm-purge')).toBeVisible();
  await page.getByTestId('confirm-delete').click();

  // The page stays, and says what is left of the worker.
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/w$`));
  const banner = page.getByTestId('deleted-banner');
  await expect(banner).toContainText(clock('Deleted at ', ': kept for replay and fork'));
  await expect(page.getByTestId('deleted-badge')).toBeVisible();
  await expect(page.getByTestId('kill')).toHaveCount(0);
  await expect(page.getByTestId('resume')).toHaveCount(0);
  await expect(page.getByTestId('invoke-panel')).toHaveCount(0);
  await expect(page.getByTestId('invoke-deleted')).toBeVisible();
  await expect(page.getByTestId('timeline-row')).toHaveCount(5);
  const info = (await (await request.get(base)).json()) as { worker: { deletedAt?: string } };
  expect(info.worker.deletedAt).toBeTruthy();
  const refused = await request.post(`${base}/invoke-and-await`, { data: { function: GET, args: [] } });
  expect(refused.status()).toBe(410);
  await shot(page, 'deleted-worker');

  // Not among the live workers; under Deleted, linking to its page.
  await page.goto('/workers');
  await expect(page.getByTestId('tab-live')).toContainText(/\d/); // the list has loaded
  await expect(page.getByTestId(`worker-row-${component}/w`)).toHaveCount(0);
  await page.getByTestId('tab-deleted').click();
  await expect(page).toHaveURL(/[?&]deleted=true/);
  const row = page.getByTestId(`deleted-row-${component}/w`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('v1');
  await shot(page, 'deleted-list');
  await row.getByRole('link', { name: 'w', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/w$`));
  await expect(page.getByTestId('deleted-banner')).toBeVisible();

  // Replay it: step, continue to the end, evaluate; no revert for a deleted worker.
  await page.getByTestId('deleted-replay').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/w/replay$`));
  await expect(page.getByTestId('replay-deleted')).toBeVisible();
  await expect(progress(page)).toHaveText('0');
  await page.getByTestId('step').click();
  await expect(progress(page)).toHaveText('2');
  await expect(page.getByTestId('stop-function')).toHaveText(ADD);
  await page.getByTestId('step').click();
  await expect(progress(page)).toHaveText('3');
  await expect(page.getByTestId('match')).toBeVisible();
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('ended-banner')).toHaveAttribute('data-divergence', 'false');
  await expect(progress(page)).toHaveText('5');
  await page.getByTestId('evaluate-function').selectOption(GET);
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-result')).toContainText('as of #5: 7');
  await expect(page.getByTestId('revert-here')).toBeDisabled();

  // Fork it from its page; the fork runs live.
  await page.getByTestId('back-to-worker').click();
  await expect(page.getByTestId('deleted-banner')).toBeVisible();
  await page.getByTestId('deleted-banner').getByTestId('fork').click();
  await page.getByTestId('fork-name').fill('w-copy');
  await page.getByTestId('fork-submit').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/w-copy$`));
  await expect(page.getByTestId('worker-title')).toHaveText('w-copy');
  await expect(page.getByTestId('deleted-banner')).toHaveCount(0);
  await page.getByTestId('invoke-function').selectOption(ADD);
  await page.getByTestId('field-n').fill('10');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('17');

  // Deleted elsewhere while its page is open: the page follows (worker-deleted event), kept and then purged.
  expect((await request.delete(`/api/workers/${component}/w-copy`)).status()).toBe(200);
  await expect(page.getByTestId('deleted-banner')).toBeVisible();
  await expect(page.getByTestId('invoke-panel')).toHaveCount(0);
  expect((await request.delete(`/api/workers/${component}/w-copy?purge=true`)).status()).toBe(200);
  await expect(page.getByTestId('worker-gone')).toContainText('was deleted permanently');

  // Purge the deleted one: gone for good.
  await page.goto(`/workers/${component}/w`);
  await page.getByTestId('purge').click();
  await expect(page.getByTestId('purge-panel')).toContainText('cannot be undone');
  await page.getByTestId('confirm-purge').click();
  await expect(page).toHaveURL(/\/workers\?deleted=true$/);
  await expect(page.getByTestId(`deleted-row-${component}/w`)).toHaveCount(0);
  expect((await request.get(base)).status()).toBe(404);
  expect((await request.get(`/api/workers/${component}/w-copy`)).status()).toBe(404);
});

test('revert a worker from the debugger, and its last invocation from its page', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = unique('e2e-revert');
  await counter(request, component, 'w', [3, 4, 5]); // entries 1..7, total 12
  const base = `/api/workers/${component}/w`;

  await page.goto(`/workers/${component}/w/replay`);
  await expect(progress(page)).toHaveText('0');
  await expect(page.getByTestId('revert-here')).toBeDisabled();

  // Inside an invocation: the confirmation says so and offers the index before it.
  await continueTo(page, 4);
  await page.getByTestId('revert-here').click();
  await expect(page.getByTestId('revert-mid-invocation')).toContainText('in the middle of add (invoked at #4)');
  await page.getByTestId('revert-before-invocation').click();
  await expect(page.getByTestId('revert-confirm')).toContainText('Revert w to #3?');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('revert-confirm')).toHaveCount(0);

  // At the completion of add(4): drops add(5).
  await continueTo(page, 5);
  await page.getByTestId('revert-here').click();
  const confirm = page.getByTestId('revert-confirm');
  await expect(confirm).toContainText('Revert w to #5?');
  await expect(page.getByTestId('revert-drops')).toContainText('Entries #6…#7 are dropped');
  await expect(page.getByTestId('revert-drops')).toContainText('add(5)');
  await expect(page.getByTestId('revert-drops')).toContainText('revert entry (#8)');
  await expect(page.getByTestId('revert-mid-invocation')).toHaveCount(0);
  await shot(page, 'revert-confirm');
  await page.getByTestId('revert-confirm-button').click();
  const reverted = page.getByTestId('reverted-banner');
  await expect(reverted).toContainText('Worker reverted to #5');
  await expect(reverted).toContainText('entries #6…#7 (1 invocation) are dropped from its history, recorded as revert entry #8');
  expect(await invoke(request, component, 'w', GET)).toBe(7);

  // Back to the worker: the revert is in its timeline; revert its last invocation from there.
  await page.getByTestId('reverted-open-worker').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/w$`));
  await expect(page.locator('[data-testid=timeline-row][data-kind=revert]')).toContainText('reverted: #6…#7 dropped from the history');
  // The dropped entries stay listed, for the record, each marked with the revert that dropped it; the rest are not.
  const row = (i: number) => page.locator(`#oplog-${i}`);
  for (const i of [6, 7]) await expect(row(i).getByTestId('dropped-mark')).toHaveText('↶ dropped (#8)');
  await expect(page.getByTestId('dropped-mark')).toHaveCount(2);
  expect(await invoke(request, component, 'w', ADD, [100])).toBe(107);
  const { entries, length } = (await (await request.get(`${base}/oplog?kinds=exported-function-invoked&reverse=1&limit=1`)).json()) as {
    entries: { index: number; args: unknown[] }[];
    length: number;
  };
  const [newest] = entries;
  expect(newest?.args).toEqual([100]);
  await expect(page.getByTestId('oplog-length')).toHaveText(String(length));
  await page.getByTestId('revert').click();
  await expect(page.getByTestId('revert-preview')).toContainText('add(100)');
  await expect(page.getByTestId('revert-preview')).not.toContainText('get()');
  await page.getByTestId('revert-submit').click();
  await expect(page.getByTestId('action-note')).toContainText(
    `Reverted the last 1 invocation: entries #${newest?.index}…#${length} are dropped from the history (revert entry #${length + 1})`,
  );
  expect(await invoke(request, component, 'w', GET)).toBe(7);
  // The revert made on this page marks its rows as they stand, without a reload.
  await expect(row(newest!.index).getByTestId('dropped-mark')).toHaveText(`↶ dropped (#${length + 1})`);
  await expect(row(length).getByTestId('dropped-mark')).toHaveText(`↶ dropped (#${length + 1})`);
  await expect(page.getByTestId('dropped-mark')).toHaveCount(2 + length - newest!.index + 1);
  await shot(page, 'dropped-marks');

  // A failed revert shows the API's error: the worker was deleted meanwhile (410).
  await page.goto(`/workers/${component}/w/replay`);
  await continueTo(page, 3);
  await page.getByTestId('revert-here').click();
  await expect(page.getByTestId('revert-drops')).toBeVisible();
  expect((await request.delete(base)).status()).toBe(200);
  await page.getByTestId('revert-confirm-button').click();
  await expect(page.getByTestId('revert-error')).toContainText(`worker ${component}/w was deleted; its oplog is kept for replay`);
  await expect(page.getByTestId('reverted-banner')).toHaveCount(0);
});

test('evaluate an export with an argument at a stop', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = unique('e2e-evaluate');
  await counter(request, component, 'w', [3, 4, 5]);

  await page.goto(`/workers/${component}/w/replay`);
  await expect(progress(page)).toHaveText('0');
  await continueTo(page, 5); // after add(4): 7
  // Every export is offered, with and without parameters.
  const select = page.getByTestId('evaluate-function');
  await expect(select.locator('option')).toHaveText([GET, ADD, 'demo:counter/api.{reset}']);
  await expect(page.getByTestId('evaluate-args')).toHaveCount(0);
  await select.selectOption(ADD);
  await expect(page.getByTestId('evaluate-signature')).toHaveText('add: func(n: u64) -> u64');
  const field = page.getByTestId('field-eval-n');
  await expect(field).toHaveValue('0');
  // A bad value is caught before the request, naming the parameter.
  await field.fill('-1');
  await expect(page.getByTestId('evaluate-args')).toContainText('Expected u64');
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-result')).toContainText('expected u64');
  await field.fill('10');
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-result')).toHaveText('as of #5: 17');
  // In the middle of an invocation the fork is taken at the last finished one.
  await continueTo(page, 6);
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-result')).toHaveText('as of #5: 17');
  await expect(page.getByTestId('evaluate-rounded')).toBeVisible();
  await expect(page.getByTestId('evaluate-run')).toHaveText('Evaluate');
  await shot(page, 'evaluate-args');
  // A throwaway fork: the worker itself did not change.
  expect(await invoke(request, component, 'w', GET)).toBe(12);

  // Keeping a fork from a stop: a new worker over the history up to there.
  await page.getByTestId('fork-here').click();
  await expect(page.getByTestId('fork-at')).toHaveValue('6');
  await page.getByTestId('fork-at').fill('5');
  await page.getByTestId('fork-name').fill('at-5');
  await page.getByTestId('fork-submit').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/at-5$`));
  expect(await invoke(request, component, 'at-5', GET)).toBe(7);
});

test('update a worker: a compatible version replays, an incompatible one is refused with the divergence', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = unique('e2e-update');
  await counter(request, component, 'w', [5]); // #2 invoked, #3 completed → 5
  const v2 = await build(
    request,
    component,
    `${SOURCE}\nexport const extra = { hello() { return "v2"; } };\n`,
    WIT.replace(/(world [^{]+\{)/, 'interface extra { hello: func() -> string; }\n$1\n  export extra;'),
  );
  expect(SOURCE).toContain('total += n;');
  const v3 = await build(request, component, SOURCE.replace('total += n;', 'total += 2 * n;'));
  expect([v2, v3]).toEqual([2, 3]);

  await page.goto(`/workers/${component}/w`);
  await expect(page.getByTestId('worker-version')).toHaveText('v1');
  await page.getByTestId('update').click();
  const panel = page.getByTestId('update-panel');
  await expect(page.getByTestId('update-version').locator('option')).toHaveText(['v3', 'v2']);
  // Snapshot-based needs save-snapshot, which the counter does not export.
  await page.getByTestId('update-mode-snapshot').check();
  await expect(page.getByTestId('update-hint')).toContainText('v1 does not export golem:api/save-snapshot');
  await page.getByTestId('update-mode-automatic').check();
  await expect(page.getByTestId('update-hint')).toHaveCount(0);

  // v3 doubles what it adds: the history does not replay on it.
  await page.getByTestId('update-version').selectOption('3');
  await page.getByTestId('update-submit').click();
  const message = page.getByTestId('update-error-message');
  await expect(message).toHaveText(
    `update of ${component}/w to v3 failed: replay diverged at oplog index 3: the oplog recorded the invocation returning 5, but the guest made it return 10`,
  );
  await expect(page.getByTestId('update-error')).toContainText('the worker stays on v1');
  await expect(page.locator('[data-testid=timeline-row][data-kind=failed-update]')).toContainText(
    'update to v3 failed, stays on its version: replay diverged at oplog index 3',
  );
  await expect(page.locator('[data-testid=timeline-row][data-kind=pending-update]')).toContainText('update to v3 requested (automatic)');
  await expect(page.getByTestId('worker-version')).toHaveText('v1');
  await shot(page, 'update-failed');
  expect(await invoke(request, component, 'w', ADD, [1])).toBe(6);

  // v2 only adds an export: it replays, and the worker goes on with it.
  await page.getByTestId('update-version').selectOption('2');
  await expect(page.getByTestId('update-error')).toHaveCount(0);
  await page.getByTestId('update-submit').click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('action-note')).toContainText('Updated from v1 to v2 (automatic)');
  await expect(page.getByTestId('worker-version')).toHaveText('v2');
  await expect(page.locator('[data-testid=timeline-row][data-kind=successful-update]')).toContainText('updated v1 → v2 (automatic)');
  // The invoke panel offers v2's exports now.
  await page.getByTestId('invoke-function').selectOption('demo:counter/extra.{hello}');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-result-wave')).toHaveText('"v2"');
  expect(await invoke(request, component, 'w', GET)).toBe(6);
});
