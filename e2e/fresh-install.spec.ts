import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shots } from './shots';

// A fresh install, for real: a server of its own (the production build
// Playwright's servers use) on an empty database, since the shared e2e
// databases have components by now. The checker says to build an example
// first, drawn in its final layout: nothing on the form moves once shown.

test.use({ viewport: { width: 1280, height: 720 } });

let server: ChildProcess;
let base = '';
let dir = '';
test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(os.tmpdir(), 'dp-fresh-'));
  server = spawn(process.execPath, [path.join('.runtime', 'server.mjs')], {
    env: { ...process.env, PORT: '0', DATABASE_URL: `file:${path.join(dir, 'fresh.db')}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    server.once('exit', (c) => reject(new Error(`the fresh server exited (${c}): ${out}`)));
  });
});
test.afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
});

test('a fresh install: the checker says to build an example first, in place from the first paint, and the link opens it', async ({
  page,
}) => {
  // Every frame from the first: where the hint and the field below it are.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __boxes: string[] }).__boxes = seen;
    const look = () => {
      const hint = document.querySelector('[data-testid=check-no-components]');
      const below = document.querySelector('#check-env');
      const box = (el: Element | null) => {
        const r = el?.getBoundingClientRect();
        return r ? `${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}x${Math.round(r.height)}` : 'none';
      };
      const s = `hint ${box(hint)} env ${box(below)}`;
      if (seen[seen.length - 1] !== s) seen.push(s);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(`${base}/checks`);
  const hint = page.getByTestId('check-no-components');
  await expect(hint).toContainText('No components yet');
  await expect(page.getByTestId('check-component')).toHaveValue('');
  await expect(page.getByTestId('check-start')).toBeDisabled();
  await expect(hint.getByTestId('check-build-counter')).toBeVisible();
  // The page's own reads (components, checks) have answered by now; a frame or two more.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const boxes = await page.evaluate(() => (window as unknown as { __boxes: string[] }).__boxes);
  // One layout from the first frame that drew the form: no "Loading…" then a hint pushing the form down.
  expect(
    boxes.filter((b) => !b.startsWith('hint none env none')),
    boxes.join('\n'),
  ).toHaveLength(1);
  expect(boxes.at(-1)).not.toContain('hint none');
  await shots(page, 'checker-no-components');
  await hint.getByTestId('check-build-shopping-cart').click();
  await expect(page).toHaveURL(/\/components\/new\?template=shopping-cart/);
  await expect(page.getByTestId('template')).toHaveValue('shopping-cart');
});
