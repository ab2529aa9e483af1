// The production server answers invoke and invoke-and-await itself (lib/server/main.ts feeds
// invokeAnswer the raw body): the answers and errors a client sees are the route's.

import { test, expect } from '@playwright/test';
import { counterWithWorker, rawRequest } from './fixtures';

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

// A worker's status is answered before Next too (lib/server/fast.ts), after the request guard.
test("a worker's status through the fast path: the route's body, its 404, and the guard in front", async ({ request, baseURL }) => {
  const c = `fastpath-status-${Date.now()}`;
  await counterWithWorker(request, c);
  const url = `/api/workers/${c}/w`;
  const before = (await (await request.get(url)).json()) as { worker: { id: string; oplogLength: number; status: string } };
  expect(before.worker.id).toBe(`${c}/w`);
  await request.post(`${url}/invoke-and-await`, { data: { function: 'demo:counter/api.{add}', args: [1] } });
  const after = await request.get(`${url}?any=query`);
  expect(after.status()).toBe(200);
  expect(after.headers()['content-type']).toMatch(/^application\/json/);
  const w = ((await after.json()) as typeof before).worker;
  // One invocation: its invoked and completed entries, and the worker idle again.
  expect(w.oplogLength).toBeGreaterThanOrEqual(before.worker.oplogLength + 2);
  expect(w.status).toBe('idle');
  // The list is answered there too: the same worker as its own status, its pages, its 400s.
  const listed = await request.get(`/api/workers?component=${c}`);
  expect(listed.status()).toBe(200);
  expect(listed.headers()['content-type']).toMatch(/^application\/json/);
  expect(((await listed.json()) as { workers: unknown[] }).workers).toEqual([w]);
  expect(await (await request.get(`/api/workers?component=${c}&limit=2`)).json()).toEqual({ workers: [w] });
  const sleepy = await request.get('/api/workers?status=sleepy');
  expect(sleepy.status()).toBe(400);
  expect((await sleepy.json()).error).toMatch(/unknown status "sleepy"/);
  expect((await (await request.get('/api/workers?after=x')).json()).error).toBe('"after" needs "limit"');
  const missing = await request.get(`/api/workers/${c}/nobody`);
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error).toBe(`no worker ${c}/nobody`);

  // The guard runs first: a foreign Host, a cross-origin or text/plain invocation, an oversized body.
  const port = Number(new URL(baseURL!).port);
  const raw = (method: string, p: string, headers: Record<string, string>, body?: string) => rawRequest(port, p, headers, method, body);
  const host = `localhost:${port}`;
  const rebinding = await raw('GET', url, { host: `evil.example:${port}` });
  expect(rebinding.status).toBe(403);
  expect(rebinding.body).toContain('DNS rebinding');
  const add = JSON.stringify({ function: 'demo:counter/api.{add}', args: [100] });
  const cross = await raw(
    'POST',
    `${url}/invoke-and-await`,
    { host, origin: 'http://evil.example', 'content-type': 'application/json' },
    add,
  );
  expect(cross.status).toBe(403);
  expect(cross.body).toContain('cross-origin');
  const plain = await raw('POST', `${url}/invoke-and-await`, { host, 'content-type': 'text/plain' }, add);
  expect(plain.status).toBe(415);
  expect(plain.body).toContain('application/json');
  // A malformed percent-escape in the worker's URL is the client's mistake: 400 with a message, not 500.
  // (Before the oversized request: its connection, kept alive, still waits for the body it declared.)
  const malformed = await raw('GET', '/api/workers/%E0%A4%A/x', { host });
  expect(malformed.status).toBe(400);
  expect(JSON.parse(malformed.body).error).toBe('the URL path segment "%E0%A4%A" is not valid percent-encoding');
  const malformedInvoke = await raw(
    'POST',
    `/api/workers/${c}/w%E0%A4%A/invoke-and-await`,
    { host, 'content-type': 'application/json' },
    add,
  );
  expect(malformedInvoke.status).toBe(400);
  expect(JSON.parse(malformedInvoke.body).error).toBe('the URL path segment "w%E0%A4%A" is not valid percent-encoding');
  // The same on Next's routes and pages, which otherwise fail with a bare 500.
  for (const [method, at] of [
    ['GET', '/api/components/%E0%A4%A'],
    ['DELETE', `/api/workers/${c}/w/pending/%E0%A4%A`],
    ['GET', '/components/%E0%A4%A'],
    ['GET', `/workers/${c}/%E0%A4%A/replay`],
  ] as const) {
    const r = await raw(method, at, { host });
    expect(r.status, `${method} ${at}`).toBe(400);
    expect(JSON.parse(r.body).error).toBe('the URL path segment "%E0%A4%A" is not valid percent-encoding');
  }
  const big = await raw('POST', `${url}/invoke`, { host, 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) });
  expect(big.status).toBe(413);
  expect(big.body).toContain('PLAYGROUND_MAX_BODY_MB');
  // None of the refused invocations ran: the counter holds the one add.
  expect((await (await request.post(`${url}/invoke-and-await`, { data: { function: 'demo:counter/api.{get}' } })).json()).result).toBe(1);
});
