import { expect, test } from '@playwright/test';
import { shots } from './shots';

// golem:durability's batched remote write on the worker page: a guest pays two
// charges inside one write-remote-batched durable function; the first charge
// is held in flight by the demo payment service and the worker is killed
// there. Recovery finds the batch begun and not ended and (idempotence mode
// on) runs it again behind a jump: the timeline shows write begin, the jump,
// the two charges and write end, and the ledger shows the held charge twice.

test.use({ viewport: { width: 1280, height: 720 } });

const WIT = `package e2e:batch;
interface api {
  pay: func(base: string, ledger: string) -> string;
}
world batch {
  import golem:durability/durability@1.5.0;
  import playground:http/client@0.1.0;
  export api;
}`;

const JS = `
import { beginDurableFunction, endDurableFunction } from 'golem:durability/durability@1.5.0';
import { send } from 'playground:http/client@0.1.0';
const BATCHED = { tag: 'write-remote-batched', val: undefined };
export const api = {
  pay(base, ledger) {
    const begin = beginDurableFunction(BATCHED);
    const out = [];
    for (const [orderId, total] of [['a', 1], ['b', 2]]) {
      const body = JSON.stringify({ orderId, total });
      out.push(send({ method: 'POST', url: base + '/api/demo/payment?ledger=' + ledger, headers: [['content-type', 'application/json']], body }).status);
    }
    endDurableFunction(BATCHED, begin, false);
    return out.join(',');
  },
};`;

test('a batch killed while in flight runs again on recovery, and the timeline shows it', async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const component = `e2e-batch-${Date.now().toString(36)}`;
  const ledger = component;
  const build = await request.post('/api/components/build', { data: { name: component, kind: 'js', source: JS, wit: WIT } });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component, name: 'w' } })).status()).toBe(201);
  const base = `/api/workers/${component}/w`;

  // The first charge is held unanswered: the worker is inside its batch, a request in flight.
  expect((await request.post('/api/demo/payment/ledger', { data: { ledger, action: 'hold' } })).status()).toBe(200);
  const invoke = await request.post(`${base}/invoke`, { data: { function: 'e2e:batch/api.{pay}', args: [baseURL, ledger] } });
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
  const order = ['begin-remote-write', 'interrupted', 'jump', 'imported-function-invoked', 'imported-function-invoked', 'end-remote-write'];
  expect(
    kinds.filter((k) => k !== null && order.includes(k)),
    JSON.stringify(kinds),
  ).toEqual(order);
  await expect(page.locator('[data-testid=timeline-row][data-kind=begin-remote-write]')).toContainText('write begin');
  await expect(page.locator('[data-testid=timeline-row][data-kind=end-remote-write]')).toContainText('write end');
  await shots(page, 'durable-batch');
});
