import { expect, test, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { counterWithWorker } from './fixtures';

// Accessibility of every dashboard page in both themes: axe-core (WCAG 2 A and
// AA rules, colour contrast included) finds no serious or critical violation.
// Each page loads once, in light; the navbar's toggle (what a user clicks)
// then switches it to dark for the second scan.

test.use({ viewport: { width: 1280, height: 720 } });

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function serious(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `  ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('')}`)
          .join('\n')}`,
    );
}

test('no serious or critical accessibility violation on any page, light and dark', async ({ page, request }) => {
  test.setTimeout(240_000);
  await counterWithWorker(request, 'a11y-counter');
  for (const n of [1, 2])
    expect(
      (
        await request.post('/api/workers/a11y-counter/w/invoke-and-await', { data: { function: 'demo:counter/api.{add}', args: [n] } })
      ).status(),
    ).toBe(200);

  const pages: [string, string, (p: Page) => Promise<void>][] = [
    ['home', '/', (p) => expect(p.getByTestId('count-workers')).not.toHaveText('–')],
    ['components', '/components', (p) => expect(p.getByTestId('component-row-a11y-counter')).toBeVisible()],
    ['component', '/components/a11y-counter', (p) => expect(p.getByTestId('exports')).toBeVisible()],
    [
      'new component',
      '/components/new?template=counter',
      (p) => expect(p.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 }),
    ],
    ['workers', '/workers', (p) => expect(p.getByTestId('worker-row-a11y-counter/w')).toBeVisible()],
    [
      'worker',
      '/workers/a11y-counter/w',
      async (p) => {
        await expect(p.getByTestId('timeline-row').nth(2)).toBeVisible();
        await p.getByTestId('timeline-row').nth(2).click();
      },
    ],
    [
      'replay',
      '/workers/a11y-counter/w/replay',
      async (p) => {
        await expect(p.getByTestId('progress-index')).toHaveText('0');
        await p.getByTestId('continue-to-input').fill('3');
        await p.getByTestId('continue-to').click();
        await expect(p.getByTestId('progress-index')).toHaveText('3');
      },
    ],
  ];
  const failures: string[] = [];
  await page.addInitScript(() => localStorage.setItem('theme', 'light'));
  for (const [label, path, ready] of pages) {
    await page.goto(path);
    await ready(page);
    for (const theme of ['light', 'dark']) {
      if (theme === 'dark') {
        await page.getByTestId('theme-toggle').click();
        await expect(page.locator('html')).toHaveClass(/\bdark\b/);
        // Colours that fade between themes are scanned once they have settled.
        await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      }
      for (const f of await serious(page)) failures.push(`[${theme}] ${label}: ${f}`);
    }
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
});
