import { expect, test } from '@playwright/test';

// Live diagnostics while typing (issue 12): a JavaScript syntax error and a WIT
// error are marked in the editor before any build, and go away when fixed.

test.use({ viewport: { width: 1280, height: 720 } });

test('the editor marks JS and WIT errors while typing, before a build', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/components/new');
  const editor = page.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  const dot = (tab: string) => page.getByTestId(`tab-${tab}`).getByLabel('has errors');
  await page.waitForTimeout(600);
  await expect(dot('source')).toHaveCount(0);
  await expect(dot('wit')).toHaveCount(0);
  /** Types `text` as a new last line of the editor on show (a lazy locator: the tab's) and waits for `tab` to mark its error. */
  const breakIt = async (tab: string, text: string) => {
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    // Inserted at once: key by key, a loaded machine can drop one (and "cons" is an error too).
    await page.keyboard.insertText(text);
    await expect(dot(tab)).toHaveCount(1);
    await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  };

  // A stray `(` at the end of the source.
  await breakIt('source', 'const broken = (;');
  await expect(page.getByTestId('build-error')).toHaveCount(0);
  // Fixed: the mark goes.
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('export const api = {};');
  await expect(dot('source')).toHaveCount(0);

  await page.getByTestId('tab-wit').click();
  await expect(editor).toContainText('package');
  await breakIt('wit', 'interface oops { f: func(a: u32 -> u32; }');
  await page.screenshot({ path: 'e2e/screenshots/editor-live-wit.png' });
});
