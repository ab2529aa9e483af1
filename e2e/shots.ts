// Screenshots of the page as it is, in light then dark theme, into
// e2e/screenshots/ (gitignored), for a person to look at.

import type { Page } from '@playwright/test';

export async function shots(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    // As the theme toggle does: colours switch without their transitions.
    await page.evaluate((t) => {
      const root = document.documentElement;
      root.classList.add('theme-switching');
      root.classList.toggle('dark', t === 'dark');
      void getComputedStyle(root).color;
    }, theme);
    await page.screenshot({ path: `e2e/screenshots/${name}-${theme}.png` });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark', 'theme-switching'));
}
