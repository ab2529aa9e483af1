import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { shots } from './shots';

// golem:durability's batched remote write on the worker page: a guest pays two
// charges inside one write-remote-batched durable function; the first charge
// is held in flight by the demo payment service and the worker is killed
// there. Recovery finds the batch begun and not ended and (idempotence mode
// on) runs it again behind a jump: the timeline shows write begin, the jump,
// the two charges and write end, and the ledger shows the held charge twice.

test.use({ viewport: { width: 1280, height: 720 } });

// The engine's batch test guest: `batch` charges orders a and b, each to its own URL.
const fixture = (f: string) => readFileSync(`test/fixtures/durability-batch/${f}`, 'utf8');

test('a batch killed while in flight runs again on recovery, and the timeline shows it', async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const component = `e2e-batch-${Date.now().toString(36)}`;
  const ledger = component;
  const build = await request.post('/api/components/build', {
    data: { name: component, kind: 'js', source: fixture('batch.js'), wit: fixture('batch.wit') },
  });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component, name: 'w' } })).status()).toBe(201);
  const base = `/api/workers/${component}/w`;

  // The first charge is held unanswered: the worker is inside its batch, a request in flight.
  expect((await request.post('/api/demo/payment/ledger', { data: { ledger, action: 'hold' } })).status()).toBe(200);
  const pay = `${baseURL}/api/demo/payment?ledger=${ledger}`;
  const invoke = await request.post(`${base}/invoke`, { data: { function: 'demo:batch/api.{batch}', args: [[pay, pay], null] } });
  expect(invoke.status(), await invoke.text()).toBe(202);
  await expect
    .poll(async () => (await (await request.get(`/api/demo/payment?ledger=${ledger}`)).json()).inFlight, { timeout: 60_000 })
    .toBe(1);
  expect((await request.post(`${base}/kill`, { data: {} })).status()).toBe(200);
  expect((await request.post(`${base}/resume`, { data: {} })).status()).toBe(200);
  await expect.poll(async () => (await (await request.get(base)).json()).worker.status, { timeout: 60_000 }).toBe('idle');
  // At least once: the held charge was made again with the rest of the batch.
  const charges = ((await (await request.get(`/api/demo/payment?ledger=${ledger}`)).json()) as { charges: { orderId: string }[] }).charges;
  expect(charges.map((c) => c.orderId)).toEqual(['a', 'a', 'b']);

  await page.goto(`/workers/${component}/w`);
  const rows = page.getByTestId('timeline-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  const kinds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  // Idempotence mode left as a guest has it by default (none given): the batch is all there is.
  const order = ['begin-remote-write', 'interrupted', 'jump', 'imported-function-invoked', 'imported-function-invoked', 'end-remote-write'];
  expect(
    kinds.filter((k) => k !== null && order.includes(k)),
    JSON.stringify(kinds),
  ).toEqual(order);
  await expect(page.locator('[data-testid=timeline-row][data-kind=begin-remote-write]')).toContainText('write begin');
  await expect(page.locator('[data-testid=timeline-row][data-kind=end-remote-write]')).toContainText('write end');
  await shots(page, 'durable-batch');
});
