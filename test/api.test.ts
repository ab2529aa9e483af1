// The HTTP layer's own checks: these answer before the runtime is involved.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.DATABASE_URL = `file:${path.join(mkdtempSync(path.join(tmpdir(), 'dp-api-')), 'api.db')}`;
process.env.PLAYGROUND_MAX_UPLOAD_MB = '1';

const upload = await import('../app/api/components/route');
const build = await import('../app/api/components/build/route');
const workers = await import('../app/api/workers/route');

test('a declared Content-Length over the limit is refused with 413 before the body is read', async () => {
  // The body is not even a form: only the header check can answer 413 here.
  const res = await upload.POST(
    new Request('http://x/api/components', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data; boundary=z', 'content-length': String(2 * 1024 * 1024) },
    }),
  );
  assert.equal(res.status, 413);
  assert.match((await res.json()).error, /upload too large: 2097152 bytes, the limit is 1048576 bytes/);
});

test('an oversized file in a form without Content-Length is refused with 413 and a message', async () => {
  const form = new FormData();
  form.set('name', 'big');
  form.set('file', new Blob([new Uint8Array(2 * 1024 * 1024)]), 'big.wasm');
  const req = new Request('http://x/api/components', { method: 'POST', body: form });
  assert.equal(req.headers.get('content-length'), null, 'this request reaches the size check on the file itself');
  const res = await upload.POST(req);
  assert.equal(res.status, 413);
  assert.match((await res.json()).error, /upload too large: 2097152 bytes, the limit is 1048576 bytes/);
});

test('an upload without a file says what is missing', async () => {
  const form = new FormData();
  form.set('name', 'nofile');
  const res = await upload.POST(new Request('http://x/api/components', { method: 'POST', body: form }));
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /missing file field "file"/);
});

test('malformed JSON and missing fields are 400 with a message', async () => {
  const bad = await build.POST(new Request('http://x', { method: 'POST', body: '{"name": ' }));
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /not valid JSON/);
  const kind = await build.POST(
    new Request('http://x', { method: 'POST', body: JSON.stringify({ name: 'a', kind: 'rust', source: '', wit: '' }) }),
  );
  assert.equal(kind.status, 400);
  assert.match((await kind.json()).error, /"kind" must be "js" or "wat"/);
  const w = await workers.POST(new Request('http://x', { method: 'POST', body: JSON.stringify({ component: 'c' }) }));
  assert.equal(w.status, 400);
  assert.match((await w.json()).error, /missing "name"/);
  const s = await workers.GET(new Request('http://x/api/workers?status=sleepy'));
  assert.equal(s.status, 400);
  assert.match((await s.json()).error, /unknown status "sleepy"/);
});

test('a malformed percent-escape in a worker URL is 400 with a message, for the routes and the fast path alike', async () => {
  const { workerAnswer } = await import('../lib/api/worker-status');
  const { invokeAnswer } = await import('../lib/api/invoke');
  const status = await workerAnswer('%E0%A4%A', 'x');
  assert.equal(status.status, 400);
  assert.equal((status.body as { error: string }).error, 'the component in the URL is not valid percent-encoding: "%E0%A4%A"');
  const invoke = await invokeAnswer('counter', 'w%ZZ', '{"function": "f"}', null, true);
  assert.equal(invoke.status, 400);
  assert.match((invoke.body as { error: string }).error, /worker name in the URL is not valid percent-encoding: "w%ZZ"/);
});

// The limit is the test runner's: on main these reached the runtime, which this file never starts.
test('kill takes "recover" only as a boolean, and the debugger an oplog index of 0 or more', { timeout: 20_000 }, async () => {
  const kill = await import('../app/api/workers/[component]/[name]/kill/route');
  const debug = await import('../app/api/debug/[session]/route');
  const params = Promise.resolve({ component: 'counter', name: 'w' });
  for (const recover of ['yes', 1, null, 'true']) {
    const r = await kill.POST(new Request('http://x', { method: 'POST', body: JSON.stringify({ recover }) }), { params });
    assert.equal(r.status, 400, `recover: ${JSON.stringify(recover)}`);
    assert.equal((await r.json()).error, '"recover" must be true or false');
  }
  const session = Promise.resolve({ session: 'no-such-session' });
  for (const cmd of [
    { type: 'rewind', toIndex: -5 },
    { type: 'continue', toIndex: -1 },
    { type: 'rewind', toIndex: 1.5 },
  ]) {
    const r = await debug.POST(new Request('http://x', { method: 'POST', body: JSON.stringify(cmd) }), { params: session });
    assert.equal(r.status, 400, JSON.stringify(cmd));
    assert.equal((await r.json()).error, '"toIndex" must be an oplog index: an integer, 0 or more');
  }
});
