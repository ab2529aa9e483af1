// The production server answers invoke and invoke-and-await itself (lib/server/main.ts feeds
// invokeAnswer the raw body): the answers and errors a client sees are the route's.

import { test, expect } from '@playwright/test';
import { counterWithWorker } from './fixtures';

test('invoke through the fast path: results, queued invocations, and bad input with its message', async ({ request }) => {
  const c = `fastpath-${Date.now()}`;
  await counterWithWorker(request, c);
  const url = `/api/workers/${c}/w`;
  const add = await request.post(`${url}/invoke-and-await`, { data: { function: 'demo:counter/api.{add}', args: [2] } });
  expect(add.status(), await add.text()).toBe(200);
  expect(add.headers()['content-type']).toMatch(/^application\/json/);
  const first = (await add.json()) as { result: unknown; idempotencyKey: string };
  // The idempotency key from the header is the invocation's: sent again, the same answer, run once.
  const keyed = () =>
    request.post(`${url}/invoke-and-await`, {
      data: { function: 'demo:counter/api.{add}', args: [3] },
      headers: { 'idempotency-key': `${c}-k` },
    });
  const k1 = await (await keyed()).json();
  const k2 = await (await keyed()).json();
  expect(k1).toEqual(k2);
  expect(k1.idempotencyKey).toBe(`${c}-k`);
  const queued = await request.post(`${url}/invoke`, { data: { function: 'demo:counter/api.{get}' } });
  expect(queued.status()).toBe(202);

  const bad = (text: string) =>
    request.post(`${url}/invoke-and-await`, { data: Buffer.from(text), headers: { 'content-type': 'application/json' } });
  const notJson = await bad('{"function": ');
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error).toMatch(/not valid JSON/);
  const noFn = await bad('{"args": [1]}');
  expect(noFn.status()).toBe(400);
  expect((await noFn.json()).error).toMatch(/missing "function"/);
  const badArgs = await bad('{"function": "demo:counter/api.{add}", "args": 1}');
  expect((await badArgs.json()).error).toBe('"args" must be a JSON array');
  const unknown = await request.post(`/api/workers/${c}/nobody/invoke-and-await`, {
    data: { function: 'demo:counter/api.{add}', args: [1] },
  });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error).toMatch(/nobody/);
  // The keyed add ran once, the refused ones not at all: the counter holds 2 + 3.
  const total = await request.post(`${url}/invoke-and-await`, { data: { function: 'demo:counter/api.{get}' } });
  expect((await total.json()).result).toBe(5);
  expect(first.result).toBe(2);
});
