// Screenshots of every dashboard page at 1280x720 in both themes, for a person
// to look at (not a test): `node --import tsx e2e/pages.ts` against a running
// server (BASE=http://127.0.0.1:3108). Files land in e2e/screenshots/pages/.

import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3108';
const OUT = 'e2e/screenshots/pages';

async function json<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(
    BASE + path,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const t = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${t}`);
  return JSON.parse(t) as T;
}

async function setup(): Promise<string> {
  const { examples } = await json<{
    examples: { id: string; kind: string; source: string; wit: string; world?: string; env?: Record<string, string> }[];
  }>('/api/examples');
  const cart = examples.find((e) => e.id === 'shopping-cart')!;
  const { components } = await json<{ components: { name: string }[] }>('/api/components');
  if (!components.some((c) => c.name === 'shopping-cart'))
    await json('/api/components/build', { name: cart.id, kind: cart.kind, source: cart.source, wit: cart.wit, world: cart.world });
  const name = `shot-${Date.now().toString(36)}`;
  const env = Object.fromEntries(Object.entries(cart.env ?? {}).map(([k, v]) => [k, v.replaceAll('{origin}', BASE)]));
  await json('/api/workers', { component: 'shopping-cart', name, env });
  const w = `/api/workers/shopping-cart/${name}`;
  await json(`${w}/invoke-and-await`, {
    function: 'api.add-item',
    args: [{ 'product-id': 'apple', name: 'Apple', price: 1.5, quantity: 3 }],
  }).catch((e) => console.log(String(e)));
  await json(`${w}/invoke-and-await`, {
    function: 'api.add-item',
    args: [{ 'product-id': 'pear', name: 'Pear', price: 2, quantity: 1 }],
  }).catch((e) => console.log(String(e)));
  await json(`${w}/invoke-and-await`, { function: 'api.checkout', args: [] }).catch((e) => console.log(String(e)));
  await json(`${w}/kill`, {});
  await json(`${w}/invoke-and-await`, { function: 'api.get-cart-contents', args: [] }).catch((e) => console.log(String(e)));
  return name;
}

async function shoot(page: Page, theme: string, file: string, path: string, after?: (p: Page) => Promise<void>) {
  await page.goto(BASE + path);
  await page.waitForTimeout(1500);
  if (after) await after(page);
  await page.screenshot({ path: `${OUT}/${file}-${theme}.png` });
}

async function main() {
  if (!existsSync(OUT)) mkdirSync(OUT, { recursive: true });
  const name = process.env.WORKER ?? (await setup());
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  for (const theme of ['light', 'dark']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await ctx.addInitScript((t) => localStorage.setItem('theme', t), theme);
    const page = await ctx.newPage();
    page.on(
      'console',
      (m) => (m.type() === 'error' || m.type() === 'warning') && console.log(`[${theme} console ${m.type()}] ${m.text().slice(0, 300)}`),
    );
    await shoot(page, theme, 'home', '/');
    await shoot(page, theme, 'components', '/components');
    await shoot(page, theme, 'component', '/components/shopping-cart');
    await shoot(page, theme, 'new-component', '/components/new?template=shopping-cart', (p) => p.waitForTimeout(2500));
    await shoot(page, theme, 'workers', '/workers');
    await shoot(page, theme, 'worker', `/workers/shopping-cart/${name}`, async (p) => {
      await p
        .locator('[data-testid=timeline-row][data-kind=imported-function-invoked]')
        .first()
        .click()
        .catch(() => {});
    });
    await shoot(page, theme, 'replay', `/workers/shopping-cart/${name}/replay`, async (p) => {
      await p
        .getByTestId('continue-to-input')
        .fill(process.env.STOP ?? '6', { timeout: 10_000 })
        .catch(() => {});
      await p
        .getByTestId('continue-to')
        .click({ timeout: 10_000 })
        .catch(() => {});
      await p.waitForTimeout(2000);
    });
    await ctx.close();
  }
  await browser.close();
  console.log(`worker ${name}`);
}

await main();
