import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The replay debugger's what-if: override a recorded host response, see the
// guest take the other path, keep it as a fork; and replay against another version.

test.use({ viewport: { width: 1440, height: 900 } });

interface Entry {
  index: number;
  kind: string;
  functionName?: string;
}

async function build(request: APIRequestContext, name: string, source: string, wit: string) {
  const r = await request.post('/api/components/build', { data: { name, kind: 'js', source, wit } });
  expect(r.status(), await r.text()).toBe(201);
}

async function invoke(request: APIRequestContext, component: string, worker: string, fn: string, args: unknown[]) {
  const r = await request.post(`/api/workers/${component}/${worker}/invoke-and-await`, { data: { function: fn, args } });
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()) as { result: unknown };
}

const progress = (page: Page) => page.getByTestId('progress-index');

test('what if the payment was declined: override, diverge, keep as fork', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const component = `e2e-whatif-${Date.now().toString(36)}`;
  await build(
    request,
    component,
    readFileSync('examples/shopping-cart/cart.js', 'utf8'),
    readFileSync('examples/shopping-cart/cart.wit', 'utf8'),
  );
  const created = await request.post('/api/workers', {
    data: { component, name: 'cart', env: { PAYMENT_URL: `${baseURL}/api/demo/payment` } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const api = (f: string) => `demo:shopping-cart/api.{${f}}`;
  await invoke(request, component, 'cart', api('initialize-cart'), ['alice']);
  await invoke(request, component, 'cart', api('add-item'), [{ 'product-id': 'p1', name: 'Tea', price: 3.5, quantity: 2 }]);
  const checkout = await invoke(request, component, 'cart', api('checkout'), []);
  expect(JSON.stringify(checkout.result)).toContain('order-');

  const { entries } = (await (
    await request.get(`/api/workers/${component}/cart/oplog?kinds=imported-function-invoked&limit=1000`)
  ).json()) as { entries: Entry[] };
  const send = entries.find((e) => e.functionName === 'playground:http/client.send');
  expect(send, JSON.stringify(entries.map((e) => e.functionName))).toBeTruthy();
  const sendIndex = send!.index;

  await page.goto(`/workers/${component}/cart/replay`);
  await expect(page.getByTestId('progress-index')).toHaveText('0');
  await expect(page.getByTestId('replay-version')).toHaveValue('1');

  // A breakpoint on the host function stops AFTER it is replayed: too late to change it.
  await page.getByTestId('bp-fn-input').fill('playground:http/client.send');
  await page.getByTestId('bp-fn-add').click();
  await page.getByTestId('continue').click();
  await expect(progress(page)).toHaveText(String(sendIndex));
  await expect(page.getByTestId('stop-function')).toHaveText('playground:http/client.send');
  await expect(page.getByTestId('recorded')).toContainText('"status": 200');
  // Go back to just before it: it is now the what-if target.
  await page.getByTestId('bp-chip').getByRole('button').click();
  await page.getByTestId('rewind-to-input').fill(String(sendIndex - 1));
  await page.getByTestId('rewind-to').click();
  await expect(progress(page)).toHaveText(String(sendIndex - 1));
  // Pick it in the list (it is also the default: the next host call not yet replayed).
  await page.locator(`[data-testid=replay-row][data-index="${sendIndex}"]`).getByTitle('Use this index as the target').click();
  await expect(page.getByTestId('whatif-target')).toHaveAttribute('data-index', String(sendIndex));
  const textarea = page.getByTestId('whatif-response');
  await expect(textarea).toHaveValue(/"status": 200/);

  // Nonsense is refused with a notice from the engine.
  await textarea.fill('{"maybe": 1}');
  await page.getByTestId('whatif-override').click();
  await expect(page.getByTestId('whatif-notice')).toContainText('"ok"');
  await expect(page.getByTestId('override-chip')).toHaveCount(0);

  // What if the payment was declined?
  await textarea.fill(JSON.stringify({ ok: { status: 402, headers: [], body: '{"status":"declined"}' } }));
  await page.getByTestId('whatif-override').click();
  await expect(page.getByTestId('override-chip')).toHaveCount(1);
  await expect(page.getByTestId('override-chip')).toHaveAttribute('data-index', String(sendIndex));
  await expect(page.getByTestId('whatif-notice')).toHaveCount(0);
  await expect(progress(page)).toHaveText(String(sendIndex - 1));

  // Continue: the guest takes the declined path, so no "paid" line, and the completion differs.
  await page.getByTestId('continue').click();
  const banner = page.getByTestId('ended-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-divergence', 'true');
  // The first thing that differs: the recorded "paid …" write, where the declined guest ends its invocation instead.
  await expect(banner).toContainText(
    /diverged at oplog index \d+: the oplog recorded a write to stdout, but the guest made the end of the invocation/,
  );
  await expect(page.getByTestId('divergence')).toContainText('diverged at oplog index');
  // The declined guest never printed the recorded "paid …" line.
  await expect(page.getByTestId('replay-output')).not.toContainText('paid');
  await expect(page.getByTestId('override-chip')).toHaveCount(1);
  await page.screenshot({ path: 'e2e/screenshots/replay-whatif.png' });

  // Keep as a fork: a new worker opens.
  await page.getByTestId('keep-fork').click();
  await expect(page).toHaveURL(new RegExp(`/workers/${component}/cart-whatif-[a-z0-9]+$`));
  const forkName = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const fork = await request.get(`/api/workers/${component}/${forkName}`);
  expect(fork.status()).toBe(200);
});

test('replay against another version: divergence names the index and the result', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = `e2e-versions-${Date.now().toString(36)}`;
  const source = readFileSync('examples/counter/counter.js', 'utf8');
  const wit = readFileSync('examples/counter/counter.wit', 'utf8');
  await build(request, component, source, wit);
  expect((await request.post('/api/workers', { data: { component, name: 'w', version: 1 } })).status()).toBe(201);
  for (const n of [3, 4]) await invoke(request, component, 'w', 'demo:counter/api.{add}', [n]);
  expect(source).toContain('total += n;');
  await build(request, component, source.replace('total += n;', 'total += 2 * n;'), wit);

  await page.goto(`/workers/${component}/w/replay`);
  const select = page.getByTestId('replay-version');
  await expect(select).toHaveValue('1');
  await expect(select.locator('option')).toHaveCount(2);
  // Against its own version the history replays to the end.
  await page.getByTestId('continue').click();
  await expect(page.getByTestId('ended-banner')).toHaveAttribute('data-divergence', 'false');

  await select.selectOption('2');
  await expect(page.getByTestId('version-mismatch')).toContainText('code of v2');
  await expect(progress(page)).toHaveText('0');
  await expect(page.getByTestId('ended-banner')).toHaveCount(0);
  await page.getByTestId('continue').click();
  const banner = page.getByTestId('ended-banner');
  await expect(banner).toHaveAttribute('data-divergence', 'true');
  await expect(banner).toContainText(/diverged at oplog index \d+/);
  await expect(banner).toContainText(/recorded the invocation returning \d+, but the guest made it return \d+/);
  await expect(page.getByTestId('divergence')).toBeVisible();
});
