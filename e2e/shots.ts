// Screenshots of the page as it is, in light then dark theme, into
// e2e/screenshots/ (gitignored), for a person to look at.

import type { Page } from '@playwright/test';

export async function shots(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.classList.toggle('dark', t === 'dark'), theme);
    await page.screenshot({ path: `e2e/screenshots/${name}-${theme}.png` });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
}
