import { expect, test } from '@playwright/test';
import { componentWithWorker, counterWithWorker, example } from './fixtures';
import { shots } from './shots';

// Small faults seen in the dashboard's screenshots (issue 12): a worker's name
// wrapped to three lines beside a long status on the Workers list, and after a
// switch to dark mode the buttons were caught half-way through their colour
// transition (the debugger's "Fork here…" looked light).

test.use({ viewport: { width: 1280, height: 720 } });

test('a long worker name stays on one line beside a long status badge on the Workers list', async ({ page, request }) => {
  test.setTimeout(90_000);
  const component = 'e2e-faults-tally';
  const name = `a-rather-long-worker-name-for-the-list-${Date.now().toString(36)}`;
  await componentWithWorker(request, component, example('lessons/tally'), name);
  // Asleep for five minutes: "suspended · sleeping until hh:mm:ss in 4 min 59 s".
  expect(
    (
      await request.post(`/api/workers/${component}/${name}/invoke`, { data: { function: 'lesson:tally/api.{nap}', args: [300_000] } })
    ).status(),
  ).toBe(202);
  await expect
    .poll(async () => (await (await request.get(`/api/workers/${component}/${name}`)).json()).worker.status, { timeout: 30_000 })
    .toBe('suspended');

  await page.goto('/workers');
  const row = page.getByTestId(`worker-row-${component}/${name}`);
  await expect(row.getByTestId('status-badge')).toContainText('sleeping until');
  const link = row.getByRole('link', { name: /a-rather-long/ });
  const line = await link.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect((await link.boundingBox())!.height).toBeLessThan(line * 1.5);
  await expect(link).toHaveAttribute('title', name);
  await shots(page, 'workers-long-name');
});

test('switching to dark mode changes the colours at once: no button is caught half-way', async ({ page, request }) => {
  test.setTimeout(90_000);
  const component = 'e2e-faults-counter';
  await counterWithWorker(request, component);
  expect(
    (
      await request.post(`/api/workers/${component}/w/invoke-and-await`, { data: { function: 'demo:counter/api.{add}', args: [1] } })
    ).status(),
  ).toBe(200);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`/workers/${component}/w/replay`);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('fork-here')).toBeEnabled();
  const fork = page.getByTestId('fork-here');
  // Read in the same task as the click: what the next frame paints.
  const [atOnce, settled] = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid=fork-here]')!;
    (document.querySelector('[data-testid=theme-toggle]') as HTMLElement).click();
    const first = getComputedStyle(el).backgroundColor;
    await new Promise((r) => setTimeout(r, 600));
    return [first, getComputedStyle(el).backgroundColor];
  });
  expect(atOnce).toBe(settled);
  await expect(fork).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/replay-fork-dark.png' });
});
