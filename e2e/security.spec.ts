import { expect, test } from '@playwright/test';
import { WHOLE_RUNTIME } from './projects';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A hostile page on another origin (a real second server, another port) tries
// what a browser sends without a preflight: no-cors fetches with text/plain
// bodies (build a component, crash the runtime) and a plain form POST. The
// playground must refuse each one and nothing may change.

test('a page from another origin cannot build or crash', { tag: WHOLE_RUNTIME }, async ({ page, request, baseURL }) => {
  const target = baseURL!;
  const evil = `
    <!doctype html><title>hostile</title>
    <form id="f" method="POST" action="${target}/api/runtime/crash" enctype="text/plain"><input name="a" value="b"></form>
    <script>
      const build = JSON.stringify({ name: 'evil-build', kind: 'wat', source: '(module (func (export "f") (result i32) i32.const 1))', wit: 'package e:v;\\nworld w { export f: func() -> u32; }' });
      window.attack = () => Promise.all([
        fetch('${target}/api/components/build', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: build }),
        fetch('${target}/api/runtime/crash', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      ]).then(() => 'sent');
    </script>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(evil));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const pid = (await (await request.get('/api/runtime')).json()).pid;
    const components = (await (await request.get('/api/components')).json()).components.length;
    expect(pid).toBeTruthy();

    await page.goto(origin);
    const statuses = new Map<string, number>();
    page.on('response', (r) => statuses.set(new URL(r.url()).pathname, r.status()));
    expect(await page.evaluate(() => (window as unknown as { attack(): Promise<string> }).attack())).toBe('sent');
    await expect.poll(() => statuses.size).toBe(2);
    expect(statuses.get('/api/components/build')).toBe(403);
    expect(statuses.get('/api/runtime/crash')).toBe(403);

    const [formResponse] = await Promise.all([
      page.waitForResponse(`${target}/api/runtime/crash`),
      page.locator('#f').evaluate((f: HTMLFormElement) => f.submit()),
    ]);
    expect(formResponse.status()).toBe(403);
    await expect(page.locator('body')).toContainText('cross-origin POST refused');

    // Nothing happened: same runtime process, no new component.
    expect((await (await request.get('/api/runtime')).json()).pid).toBe(pid);
    const after = (await (await request.get('/api/components')).json()).components as { name: string }[];
    expect(after.length).toBe(components);
    expect(after.map((c) => c.name)).not.toContain('evil-build');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
