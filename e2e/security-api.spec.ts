import { expect, test, type APIRequestContext } from '@playwright/test';
import { WHOLE_RUNTIME } from './projects';
import { rawRequest } from './fixtures';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';

// Issue 9 through the real production server (the one Playwright started with
// scripts/start.mjs on 127.0.0.1), not route handlers in-process: every
// state-changing route family refuses a foreign Origin with 403 and changes
// nothing; foreign Host names are refused; JSON routes want JSON; bodies and
// event streams are limited; exposed mode needs the token. No browser here.

const EVIL = 'http://evil.example';
const WAT = `(module
  (memory (export "memory") 1)
  (global $n (mut i32) (i32.const 0))
  (func (export "bump") (result i32) global.get $n i32.const 1 i32.add global.set $n global.get $n))`;
const WIT = 'package sec:probe;\nworld probe {\n  export bump: func() -> u32;\n}\n';
const W = '/api/workers/sec-probe/w';

async function state(request: APIRequestContext) {
  const get = async (p: string) => {
    const r = await request.get(p);
    expect(r.ok(), `GET ${p}`).toBe(true);
    return r.json();
  };
  const runtime = await get('/api/runtime');
  const components = (await get('/api/components')).components.map((c: { name: string; latestVersion?: number; version?: number }) =>
    JSON.stringify(c),
  );
  // Other tests' workers on this server may still wake or finish on their own (a sleeper of the
  // crash view): which workers exist is compared, and the status of this file's own worker.
  const all = (await get('/api/workers')).workers as { id: string; status: string }[];
  const workers = all.map((w) => w.id).sort();
  const probe = all.find((w) => w.id === 'sec-probe/w')?.status;
  const oplog = (await get(`${W}/oplog?limit=1`)).length;
  const version = (await get('/api/components/sec-probe')).versions.length;
  return { pid: runtime.pid, components, workers, probe, oplog, version };
}

test.beforeAll(async ({ request }) => {
  const built = await request.post('/api/components/build', { data: { name: 'sec-probe', kind: 'wat', source: WAT, wit: WIT } });
  expect(built.status(), await built.text()).toBe(201);
  // 409: made by an earlier attempt of this file (a retried worker runs beforeAll again on the same server).
  expect([201, 409]).toContain((await request.post('/api/workers', { data: { component: 'sec-probe', name: 'w' } })).status());
  expect((await request.post(`${W}/invoke-and-await`, { data: { function: 'bump' } })).ok()).toBe(true);
});

test(
  'a foreign Origin is refused on every state-changing route family, and nothing changes',
  { tag: WHOLE_RUNTIME },
  async ({ request }) => {
    const before = await state(request);
    expect(before.pid).toBeTruthy();
    const json = (data: unknown) => ({ headers: { origin: EVIL }, data });
    const attempts: [string, () => Promise<{ status(): number; text(): Promise<string> }>][] = [
      [
        'crash (text/plain)',
        () => request.post('/api/runtime/crash', { headers: { origin: EVIL, 'content-type': 'text/plain' }, data: 'x' }),
      ],
      ['build', () => request.post('/api/components/build', json({ name: 'evil', kind: 'wat', source: WAT, wit: WIT }))],
      [
        'upload',
        () =>
          request.post('/api/components', {
            headers: { origin: EVIL },
            multipart: { name: 'evil', file: { name: 'x.wasm', mimeType: 'application/wasm', buffer: Buffer.from([0, 97, 115, 109]) } },
          }),
      ],
      ['create', () => request.post('/api/workers', json({ component: 'sec-probe', name: 'evil' }))],
      ['invoke-and-await', () => request.post(`${W}/invoke-and-await`, json({ function: 'bump' }))],
      ['invoke', () => request.post(`${W}/invoke`, json({ function: 'bump' }))],
      ['kill', () => request.post(`${W}/kill`, json({}))],
      ['resume', () => request.post(`${W}/resume`, json({}))],
      ['delete worker', () => request.delete(W, { headers: { origin: EVIL } })],
      ['delete component', () => request.delete('/api/components/sec-probe', { headers: { origin: EVIL } })],
      ['fork', () => request.post(`${W}/fork`, json({ name: 'evil' }))],
      ['revert', () => request.post(`${W}/revert`, json({ lastInvocations: 1 }))],
      ['update', () => request.post(`${W}/update`, json({ version: 1 }))],
      ['promise completion', () => request.post(`${W}/promises/2/complete`, json({ text: 'x' }))],
      ['debug', () => request.post(`${W}/debug`, json({}))],
      ['debug session', () => request.post('/api/debug/anything', json({ type: 'step' }))],
      ['evaluate', () => request.post(`${W}/evaluate`, json({ index: 1, function: 'bump' }))],
      ['cancel pending', () => request.delete(`${W}/pending/k`, { headers: { origin: EVIL } })],
      ['referer only', () => request.post('/api/runtime/crash', { headers: { referer: `${EVIL}/page` } })],
    ];
    for (const [what, attempt] of attempts) {
      const r = await attempt();
      expect(r.status(), what).toBe(403);
      expect(await r.text(), what).toContain('cross-origin');
    }
    expect(await state(request)).toEqual(before);
  },
);

test('same-origin requests and scripts without an Origin are served', async ({ request, baseURL }) => {
  const r = await request.post(`${W}/invoke-and-await`, { headers: { origin: baseURL! }, data: { function: 'bump' } });
  expect(r.status(), await r.text()).toBe(200);
  expect((await request.post(`${W}/invoke-and-await`, { data: { function: 'bump' } })).status()).toBe(200);
});

test(
  'a foreign Host (DNS rebinding) is refused, the event streams too; text/plain to a JSON route is 415; bodies are limited',
  { tag: WHOLE_RUNTIME },
  async ({ request, baseURL }) => {
    const port = Number(new URL(baseURL!).port);
    const before = await state(request);
    for (const p of ['/', '/api/components', '/api/events', `${W}/events`]) {
      const r = await rawRequest(port, p, { host: `evil.example:${port}` });
      expect(r.status, p).toBe(403);
      expect(r.body).toContain('DNS rebinding');
    }
    expect((await rawRequest(port, '/api/runtime/crash', { host: `evil.example:${port}` }, 'POST')).status).toBe(403);
    expect((await rawRequest(port, '/api/components', { host: `localhost:${port}` })).status).toBe(200);

    const plain = await request.post('/api/workers', {
      headers: { 'content-type': 'text/plain' },
      data: JSON.stringify({ component: 'sec-probe', name: 'plain' }),
    });
    expect(plain.status()).toBe(415);
    expect(await plain.text()).toContain('application/json');
    const big = await request.post('/api/workers', {
      data: { component: 'sec-probe', name: 'big', env: { X: 'x'.repeat(5 * 1024 * 1024) } },
    });
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain('PLAYGROUND_MAX_BODY_MB');
    expect(await state(request)).toEqual(before);
  },
);

test('event streams per client are limited with 429', { tag: WHOLE_RUNTIME }, async ({ baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  const open: http.ClientRequest[] = [];
  let refused: { status: number; body: string } | undefined;
  try {
    for (let i = 0; i < 40 && !refused; i++) {
      refused = await new Promise<{ status: number; body: string } | undefined>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/api/events' }, (res) => {
          if (res.statusCode === 200) return resolve(undefined);
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
        });
        req.on('error', reject);
        open.push(req);
      });
    }
  } finally {
    for (const r of open) r.destroy();
  }
  expect(refused?.status).toBe(429);
  expect(refused?.body).toContain('PLAYGROUND_MAX_SSE_PER_CLIENT');
  expect(open.length).toBeLessThanOrEqual(17);
});

test('by default the server listens on loopback only (127.0.0.1 and ::1)', async ({ baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  const connects = (host: string) =>
    new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
  expect(await connects('127.0.0.1')).toBe(true);
  const v6 = Object.values(os.networkInterfaces())
    .flat()
    .some((a) => a?.address === '::1');
  if (v6) expect(await connects('::1')).toBe(true);
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4');
  if (external) expect(await connects(external.address)).toBe(false);
});

test.describe('exposed on the network (HOST=0.0.0.0)', () => {
  let server: ChildProcess;
  let base = '';
  let dir = '';
  const TOKEN = 'e2e-token-1234';
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dp-exposed-'));
    server = spawn(process.execPath, [path.join('.runtime', 'server.mjs')], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', PLAYGROUND_TOKEN: TOKEN, DATABASE_URL: `file:${path.join(dir, 'exposed.db')}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d) => {
        out += d;
        const m = /http:\/\/[^\s:]+:(\d+)\/\?token=(\S+)/.exec(out);
        if (m) resolve(`${m[1]}|${m[2]}`);
      });
      server.once('exit', (c) => reject(new Error(`the exposed server exited (${c}): ${out}`)));
    });
    const [port, printed] = url.split('|');
    expect(printed).toBe(TOKEN);
    base = `http://127.0.0.1:${port}`;
  });
  test.afterAll(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('without the token: 401 and nothing done; with it (bearer, or ?token= then the cookie) the app works', async ({ playwright }) => {
    const anon = await playwright.request.newContext();
    for (const [method, p] of [
      ['GET', '/'],
      ['GET', '/api/components'],
      ['POST', '/api/runtime/crash'],
      ['GET', '/api/events'],
    ] as const) {
      const r = await anon.fetch(`${base}${p}`, { method, maxRedirects: 0 });
      expect(r.status(), `${method} ${p}`).toBe(401);
      expect(await r.text()).toContain('access token');
    }
    const bearer = await playwright.request.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    const pid = (await (await bearer.get(`${base}/api/runtime`)).json()).pid;
    expect(pid).toBeTruthy();
    const built = await bearer.post(`${base}/api/components/build`, { data: { name: 'p', kind: 'wat', source: WAT, wit: WIT } });
    expect(built.status(), await built.text()).toBe(201);

    // The browser flow: the printed URL sets a cookie, later requests carry it.
    const browserLike = await playwright.request.newContext();
    const first = await browserLike.get(`${base}/?token=${TOKEN}`, { maxRedirects: 0 });
    expect(first.status()).toBe(302);
    expect(first.headers()['location']).toBe('/');
    expect(first.headers()['set-cookie']).toContain('HttpOnly');
    const page = await browserLike.get(`${base}/?token=${TOKEN}`);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(
      (await browserLike.post(`${base}/api/workers`, { headers: { origin: base }, data: { component: 'p', name: 'w' } })).status(),
    ).toBe(201);
    expect((await (await browserLike.post(`${base}/api/workers/p/w/invoke-and-await`, { data: { function: 'bump' } })).json()).result).toBe(
      1,
    );
    for (const c of [anon, bearer, browserLike]) await c.dispose();
  });
});
