import { expect, test, type Page } from '@playwright/test';
import { counterWithWorker } from './fixtures';

// The replay debugger: step, breakpoints, rewind, end of history.

test.use({ viewport: { width: 1440, height: 900 } });

interface Entry {
  index: number;
  kind: string;
}

const current = (page: Page) => page.locator('[data-testid=replay-row][data-current=true]');

test('replay a worker: step, break on a kind, rewind, reach the end', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = `e2e-replay-${Date.now().toString(36)}`;
  await counterWithWorker(request, component);
  for (const [n, total] of [
    [3, 3],
    [4, 7],
    [5, 12],
  ]) {
    const r = await request.post(`/api/workers/${component}/w/invoke-and-await`, {
      data: { function: 'demo:counter/api.{add}', args: [n] },
    });
    expect(await r.json()).toMatchObject({ result: total });
  }
  const { entries } = (await (await request.get(`/api/workers/${component}/w/oplog?limit=1000`)).json()) as { entries: Entry[] };
  const completed = entries.filter((e) => e.kind === 'exported-function-completed').map((e) => e.index);
  const invoked = entries.filter((e) => e.kind === 'exported-function-invoked').map((e) => e.index);
  expect(completed).toHaveLength(3);
  const lastIndex = entries.at(-1)!.index;

  // From the worker page's header.
  await page.goto(`/workers/${component}/w`);
  await page.getByTestId('open-replay').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/w/replay$`));
  await expect(page.getByTestId('progress-index')).toHaveText('0');
  await expect(page.getByTestId('progress-last')).toHaveText(String(lastIndex));
  await expect(page.getByTestId('stop-empty')).toBeVisible();
  await expect(page.getByTestId('replay-row')).toHaveCount(entries.length);

  // Step (keyboard n): the first invocation starts; step (s) again: it completes, as recorded.
  await page.keyboard.press('n');
  await expect(page.getByTestId('progress-index')).toHaveText(String(invoked[0]));
  await expect(current(page)).toHaveAttribute('data-index', String(invoked[0]));
  await expect(page.getByTestId('stop-kind')).toHaveText('exported-function-invoked');
  await expect(page.getByTestId('stop-function')).toHaveText('demo:counter/api.{add}');
  await page.keyboard.press('s');
  await expect(page.getByTestId('progress-index')).toHaveText(String(completed[0]));
  await expect(current(page)).toHaveAttribute('data-index', String(completed[0]));
  await expect(page.getByTestId('stop-kind')).toHaveText('exported-function-completed');
  await expect(page.getByTestId('match')).toBeVisible();
  const firstObservation = await page.getByTestId('stop-panel').innerText();
  expect(firstObservation).toContain('3');

  // Break on kind exported-function-completed, then continue to it.
  await page.getByTestId('bp-kind-select').selectOption('exported-function-completed');
  await page.getByTestId('bp-kind-add').click();
  await expect(page.getByTestId('bp-chip')).toHaveCount(1);
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('progress-index')).toHaveText(String(completed[1]));
  await expect(current(page)).toHaveAttribute('data-index', String(completed[1]));
  await expect(page.getByTestId('match')).toBeVisible();
  await expect(page.getByTestId('actual-json')).toContainText('7');

  // A gutter breakpoint on an entry shows as a chip; toggling it again removes it.
  const gutter = page.locator(`[data-testid=replay-row][data-index="${invoked[2]}"] [data-testid=bp-gutter]`);
  await gutter.click();
  await expect(gutter).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('bp-chip')).toHaveCount(2);
  // c stops at the index breakpoint first.
  await page.keyboard.press('c');
  await expect(page.getByTestId('progress-index')).toHaveText(String(invoked[2]));
  await gutter.click();
  await expect(page.getByTestId('bp-chip')).toHaveCount(1);

  // Rewind to the first completion: the same observation as the first time.
  await page.getByTestId('rewind-to-input').fill(String(completed[0]));
  await page.getByTestId('rewind-to').click();
  await expect(page.getByTestId('progress-index')).toHaveText(String(completed[0]));
  await expect(current(page)).toHaveAttribute('data-index', String(completed[0]));
  await expect(page.getByTestId('match')).toBeVisible();
  expect(await page.getByTestId('stop-panel').innerText()).toBe(firstObservation);

  // The scrubber goes back to the start, Continue to index goes forward.
  await page.getByTestId('scrubber').fill('0');
  await expect(page.getByTestId('progress-index')).toHaveText('0');
  // Continue to index honours breakpoints: the kind breakpoint stops it at the first completion.
  await page.getByTestId('continue-to-input').fill(String(invoked[1]));
  await page.getByTestId('continue-to').click();
  await expect(page.getByTestId('progress-index')).toHaveText(String(completed[0]));
  await page.getByTestId('bp-chip').getByRole('button').click();
  await expect(page.getByTestId('bp-chip')).toHaveCount(0);
  await page.getByTestId('continue-to').click();
  await expect(page.getByTestId('progress-index')).toHaveText(String(invoked[1]));

  // Step over the invocation: stops at its completion.
  await page.getByTestId('step-over').click();
  await expect(page.getByTestId('progress-index')).toHaveText(String(completed[1]));

  // No breakpoints left: continue runs to the end of the history.
  await page.getByTestId('continue').click();
  const ended = page.getByTestId('ended-banner');
  await expect(ended).toBeVisible();
  await expect(ended).toHaveAttribute('data-divergence', 'false');
  await expect(page.getByTestId('step')).toBeDisabled();
  await expect(page.getByTestId('divergence')).toHaveCount(0);
  // A read-only export on a throwaway fork at this stop: the counter as of the last entry.
  await page.getByTestId('evaluate-function').selectOption('demo:counter/api.{get}');
  await page.getByTestId('evaluate-run').click();
  await expect(page.getByTestId('evaluate-result')).toContainText('as of #7: 12');
  // Linear memory: pages, some written by the replay; a page opens as hex.
  await expect(page.getByTestId('memory-map')).toBeVisible();
  // It opens on a page the replay wrote, not on a page of zeros.
  await page.getByTestId('memory-open-changed').click();
  // Offset, 8 bytes and their ASCII a line (leading zero lines of the 4 KiB read are skipped).
  await expect(page.getByTestId('memory-hex')).toContainText(/^[0-9a-f]{8} {2}([0-9a-f]{2} ){7}[0-9a-f]{2} {2}\|.{8}\|/);
  // No wait before Restart: a click while the read runs is queued after it (e2e/memory-zero.spec.ts).
  await page.screenshot({ path: 'e2e/screenshots/replay.png' });

  // Restart: back before the first entry.
  await page.getByTestId('restart').click();
  await expect(page.getByTestId('progress-index')).toHaveText('0');
  await expect(ended).toHaveCount(0);
});
