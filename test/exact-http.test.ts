// Exact HTTP (issue 14, bug 4): a guest's wasi:http request reaches the
// service with exactly the guest's method, path, headers and body (plus the
// Host and Content-Length that HTTP/1.1 framing needs), none of fetch's
// defaults; the response reaches the guest byte for byte, a gzip body
// undecoded. The request is sent by the runtime's own code (performHttp).

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { DurableContext, type OplogSink } from '../lib/replay/durable-context';
import { httpImports } from '../lib/host/http';
import type { HttpRequestData, HttpResponseData } from '../lib/host/context';
import type { OplogEntryBody } from '../lib/oplog/entry';
import { root } from './helpers';

// The service runs in its own process (the guest below blocks this one) and
// reports what arrived on the wire: raw header lines in order, the body.
const SERVICE = `
  const zlib = require('node:zlib');
  let seen = null;
  require('node:http').createServer((req, res) => {
    if (req.url === '/seen') return res.end(JSON.stringify(seen));
    const chunks = []; req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen = { method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('latin1') };
      res.writeHead(200, [['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip'], ['X-Reply', 'one'], ['X-Reply', 'two']]);
      res.end(zlib.gzipSync('the compressed reply'));
    });
  }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
let child: ChildProcess;
let authority = '';
before(async () => {
  child = spawn(process.execPath, ['-e', SERVICE], { stdio: ['ignore', 'pipe', 'inherit'] });
  authority = `127.0.0.1:${await new Promise<string>((res) => child.stdout!.once('data', (d) => res(String(d).trim())))}`;
});
after(() => child.kill());

/** performHttp, run synchronously as a worker thread blocks for the runtime. */
function runtimeHttp(req: HttpRequestData): HttpResponseData {
  const script = `import(${JSON.stringify(path.join(root, 'lib/runtime/http.ts'))}).then(async ({ performHttp }) =>
    process.stdout.write(JSON.stringify(await performHttp(JSON.parse(process.argv[1]), { public: false, allow: ['127.0.0.1'] }))))`;
  return JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', '-e', script, JSON.stringify(req)], { cwd: root, encoding: 'utf8' }),
  );
}

const sink: OplogSink = { add(_e: OplogEntryBody) {}, commit() {} };
const services = {
  httpRequest: runtimeHttp,
  sleep: () => {},
  canSuspend: false,
  runtime: () => ({ error: 'no runtime in this test' }),
  suspend: (): never => {
    throw new Error('no suspension in this test');
  },
};
const enc = new TextEncoder();

test('the service sees exactly the guest request; the guest gets the gzip bytes undecoded', async () => {
  const http = httpImports(new DurableContext(sink, services, [], []));
  const { Fields, OutgoingRequest, OutgoingBody } = http['wasi:http/types'];
  const headers = Fields.fromList([
    ['x-trace', enc.encode('a1')],
    ['content-type', enc.encode('application/octet-stream')],
    ['x-trace', enc.encode('b2')],
  ]);
  const req = new OutgoingRequest(headers);
  req.setMethod({ tag: 'put' });
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority(authority);
  req.setPathWithQuery('/exact/path?q=1&r=%20');
  const body = req.body();
  const sent = new Uint8Array([0, 1, 2, 200, 255, 10]);
  body.write().blockingWriteAndFlush(sent);
  OutgoingBody.finish(body);
  const future = http['wasi:http/outgoing-handler'].handle(req);
  const got = future.get() as {
    tag: string;
    val: { tag: string; val: InstanceType<(typeof http)['wasi:http/types']['IncomingResponse']> };
  };
  assert.equal(got.val.tag, 'ok', JSON.stringify(got.val.val));
  const res = got.val.val;

  const seen = (await (await fetch(`http://${authority}/seen`)).json()) as {
    method: string;
    url: string;
    rawHeaders: string[];
    body: string;
  };
  assert.equal(seen.method, 'PUT');
  assert.equal(seen.url, '/exact/path?q=1&r=%20');
  // Same-name values stay in the guest's order; only Host and the body's length are added.
  assert.deepEqual(seen.rawHeaders, [
    'host',
    authority,
    'x-trace',
    'a1',
    'x-trace',
    'b2',
    'content-type',
    'application/octet-stream',
    'Content-Length',
    '6',
  ]);
  assert.deepEqual([...Buffer.from(seen.body, 'latin1')], [...sent]);

  assert.equal(res.status(), 200);
  const dec = new TextDecoder();
  assert.deepEqual(
    res
      .headers()
      .get('content-encoding')
      .map((v) => dec.decode(v)),
    ['gzip'],
  );
  assert.deepEqual(
    res
      .headers()
      .get('x-reply')
      .map((v) => dec.decode(v)),
    ['one', 'two'],
  );
  const stream = res.consume().stream();
  const chunks: Uint8Array[] = [];
  for (;;) {
    try {
      chunks.push(stream.blockingRead(4096n));
    } catch {
      break;
    }
  }
  const bytes = Buffer.concat(chunks);
  assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'the gzip magic: the body was not decompressed');
  assert.equal(gunzipSync(bytes).toString(), 'the compressed reply');
});
