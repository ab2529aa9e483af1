// The production HTTP server: Next.js serves everything, except that an
// invocation (the hot path) is handed to its route handler directly. Going
// through Next's router costs ~3 ms a request here, more than the durable
// invocation itself; the handler is the same function app/api uses.
// Every request passes the guard first (lib/security/guard.ts); by default
// the server listens on loopback only.

import { config } from '../config';
import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import next from 'next';
import { invokeAnswer } from '../api/invoke';
import { securityConfig } from '../security/config';
import { checkRequest, isEventStream } from '../security/guard';
import { egressPolicy, egressRefusal } from '../security/egress';
import { prewarm } from './prewarm';

const cfg = securityConfig();
// A bad PLAYGROUND_HTTP_ALLOW stops the start here, not each guest request later.
egressRefusal(egressPolicy(cfg), { hostname: 'localhost', address: '127.0.0.1', port: 80, path: '/' });
// Exposed without a token of its own: one is made for this run, as Jupyter does.
if (cfg.exposed && !cfg.token) cfg.token = randomBytes(24).toString('hex');
const dir = config.root ?? process.cwd();
const app = next({ dev: false, dir, port: cfg.port });
const handle = app.getRequestHandler();
const INVOKE = /^\/api\/workers\/([^/?]+)\/([^/?]+)\/(invoke-and-await|invoke)(?:\?.*)?$/;
/** The dev server (proxy.ts) guards by itself; here the guard already ran. */
(globalThis as Record<symbol, unknown>)[Symbol.for('durable-playground.guarded')] = true;

async function fastPath(req: http.IncomingMessage, res: http.ServerResponse, m: RegExpExecArray): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  // The route's own function, fed the raw parts: no Request or Response objects to build and read back (~0.1 ms).
  const key = req.headers['idempotency-key'];
  const a = await invokeAnswer(
    m[1]!, // INVOKE's groups are not optional
    m[2]!,
    Buffer.concat(chunks).toString('utf8'),
    typeof key === 'string' ? key : null,
    m[3] === 'invoke-and-await',
  );
  const body = JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Open event streams per client address. */
const streams = new Map<string, number>();

function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const verdict = checkRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, cfg);
  if (!verdict.ok) {
    res.writeHead(verdict.status, { 'content-type': 'application/json', ...verdict.headers });
    res.end(JSON.stringify({ error: verdict.message }));
    req.resume();
    return;
  }
  if (isEventStream(req.method ?? 'GET', req.url ?? '/')) {
    const client = req.socket.remoteAddress ?? '';
    const open = streams.get(client) ?? 0;
    if (open >= cfg.maxSsePerClient) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '5' });
      res.end(
        JSON.stringify({
          error: `too many open event streams from ${client} (${open}, the limit is PLAYGROUND_MAX_SSE_PER_CLIENT=${cfg.maxSsePerClient}); close some tabs`,
        }),
      );
      return;
    }
    streams.set(client, open + 1);
    res.once('close', () => {
      const n = (streams.get(client) ?? 1) - 1;
      if (n > 0) streams.set(client, n);
      else streams.delete(client);
    });
  }
  const m = req.method === 'POST' && req.url ? INVOKE.exec(req.url) : null;
  if (!m) return void handle(req, res);
  fastPath(req, res, m).catch((e: unknown) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `internal error: ${e instanceof Error ? e.message : String(e)}` }));
  });
}

function listen(host: string, port: number): Promise<http.Server | undefined> {
  const server = http.createServer(serve);
  // Node closes an idle keep-alive socket after 5 s; a client that reuses it at
  // that moment (API clients, Playwright's request context, the bench) gets
  // ECONNRESET for a request that never arrived. Keep idle sockets longer than
  // the usual client pools do, so the server is not the side that races.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      // A machine without IPv6 still serves on 127.0.0.1.
      if (host === '::1' && (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT')) resolve(undefined);
      else reject(e);
    });
    server.listen(port, host, () => resolve(server));
  });
}

await app.prepare();
const [first, ...rest] = cfg.host ? [cfg.host] : ['127.0.0.1', '::1'];
const main = (await listen(first, cfg.port))!;
const port = (main.address() as AddressInfo).port;
for (const h of rest) await listen(h, port);
// The runtime (forked later) reaches the demo services on this port.
Object.assign(process.env, { PORT: String(port) }); // the runtime child and the demo-service egress rule need the real port
cfg.port = port;
if (cfg.exposed) {
  console.log(`Durable Playground: listening on ${cfg.host}:${port}, exposed to the network; every request needs the access token.`);
  console.log(`Durable Playground: http://${os.hostname()}:${port}/?token=${cfg.token}`);
} else {
  console.log(`Durable Playground: http://localhost:${port}`);
}
void prewarm(port, cfg.token);
