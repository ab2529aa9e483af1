// wasi:http/outgoing-handler as a guest drives it (resource by resource),
// live and then replayed: the request is sent once, the replay gets the same
// response from the oplog without touching the network.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { DurableContext, type OplogSink } from '../lib/replay/durable-context';
import { httpImports } from '../lib/host/http';
import type { HttpRequestData, HttpResponseData } from '../lib/host/context';
import type { OplogEntry, OplogEntryBody } from '../lib/oplog/entry';

const NO_RUNTIME = {
  runtime: () => ({ error: 'no runtime in this test' }),
  suspend: (): never => {
    throw new Error('no suspension in this test');
  },
  canSuspend: false,
};
// The service runs in its own process: the guest side below blocks this one.
const SERVICE = `
  const bodies = [];
  require('node:http').createServer((req, res) => {
    if (req.method === 'GET') return res.end(JSON.stringify(bodies));
    let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { bodies.push(b); res.setHeader('content-type', 'text/plain'); res.end('ok#' + bodies.length); });
  }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
let child: ChildProcess;
const server = { authority: '', bodies: async (): Promise<string[]> => (await fetch(`http://${server.authority}/`)).json() };
before(async () => {
  child = spawn(process.execPath, ['-e', SERVICE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((res) => child.stdout!.once('data', (d) => res(String(d).trim())));
  server.authority = `127.0.0.1:${port}`;
});
after(() => child.kill());

/** A real request made synchronously, as a worker thread would block for it. */
function blockingHttp(req: HttpRequestData): HttpResponseData {
  const script = `
    const req = JSON.parse(process.argv[1]);
    fetch(req.url, { method: req.method, headers: req.headers, body: Buffer.from(req.body, 'base64') })
      .then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, headers: [...r.headers], body: Buffer.from(await r.arrayBuffer()).toString('base64') })));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(req)], { encoding: 'utf8' }));
}

class MemorySink implements OplogSink {
  entries: OplogEntry[] = [];
  add(e: OplogEntryBody) {
    this.entries.push({ ...e, index: this.entries.length + 2, timestamp: Date.now() } as OplogEntry);
  }
  commit() {}
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** What a guest does to POST a body and read the reply. */
function guestPost(ctx: DurableContext): { status: number; body: string; contentType: string } {
  const http = httpImports(ctx);
  const { Fields, OutgoingRequest, OutgoingBody } = http['wasi:http/types'];
  const headers = Fields.fromList([['content-type', enc.encode('text/plain')]]);
  const req = new OutgoingRequest(headers);
  req.setMethod({ tag: 'post' });
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority(server.authority);
  req.setPathWithQuery('/orders?id=7');
  const body = req.body();
  body.write().blockingWriteAndFlush(enc.encode('hello over wasi:http'));
  OutgoingBody.finish(body);
  const future = http['wasi:http/outgoing-handler'].handle(req);
  future.subscribe().block();
  const got = future.get() as {
    tag: string;
    val: { tag: string; val: InstanceType<(typeof http)['wasi:http/types']['IncomingResponse']> };
  };
  assert.equal(got.tag, 'ok');
  assert.equal(got.val.tag, 'ok');
  const res = got.val.val;
  const stream = res.consume().stream();
  let text = '';
  for (;;) {
    try {
      text += dec.decode(stream.blockingRead(4096n));
    } catch {
      break;
    }
  }
  return { status: res.status(), body: text, contentType: dec.decode(res.headers().get('content-type')[0]) };
}

test('a wasi:http request is sent once live and answered from the oplog on replay', async () => {
  let sent = 0;
  const services = { httpRequest: (r: HttpRequestData) => (sent++, blockingHttp(r)), sleep: () => {}, ...NO_RUNTIME };
  const sink = new MemorySink();
  const live = guestPost(new DurableContext(sink, services, [], []));
  assert.equal(live.status, 200);
  assert.match(live.body, /^ok#\d+$/);
  assert.equal(live.contentType, 'text/plain');
  assert.deepEqual(await server.bodies(), ['hello over wasi:http']);
  assert.equal(sent, 1);
  const recorded = sink.entries.filter((e) => e.kind === 'imported-function-invoked');
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]!.kind === 'imported-function-invoked' && recorded[0]!.functionName, 'wasi:http/outgoing-handler.handle');

  const replaySink = new MemorySink();
  const replayed = guestPost(new DurableContext(replaySink, services, [], [], sink.entries));
  assert.deepEqual(replayed, live);
  assert.equal(sent, 1, 'replay did not send the request again');
  assert.equal(replaySink.entries.length, 0, 'replay appended nothing');
  assert.deepEqual(await server.bodies(), ['hello over wasi:http'], 'the service saw it once');
});

test('a connection error is recorded as a wasi:http error code and replayed as one', () => {
  const services = {
    httpRequest: () => ({ error: 'connection-refused', message: 'refused' }) as HttpResponseData,
    sleep: () => {},
    ...NO_RUNTIME,
  };
  const sink = new MemorySink();
  const run = (ctx: DurableContext) => {
    const http = httpImports(ctx);
    const { Fields, OutgoingRequest } = http['wasi:http/types'];
    const req = new OutgoingRequest(new Fields());
    req.setAuthority('127.0.0.1:9');
    const f = http['wasi:http/outgoing-handler'].handle(req);
    return f.get();
  };
  const first = run(new DurableContext(sink, services, [], []));
  assert.deepEqual(first, { tag: 'ok', val: { tag: 'err', val: { tag: 'connection-refused' } } });
  const again = run(
    new DurableContext(
      new MemorySink(),
      { httpRequest: () => assert.fail('no request on replay'), sleep: () => {}, ...NO_RUNTIME },
      [],
      [],
      sink.entries,
    ),
  );
  assert.deepEqual(again, first);
});
