// The production HTTP server: Next.js serves everything, except the hot JSON
// API (invocations, a worker's status), answered by the routes' own functions
// before Next (./fast.ts): Next's request path costs more CPU than the durable
// invocation itself.
// Every request passes the guard first (lib/security/guard.ts); by default
// the server listens on loopback only.

import { config } from '../config';
import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import next from 'next';
import { securityConfig } from '../security/config';
import { checkRequest, isEventStream } from '../security/guard';
import { egressPolicy, egressRefusal } from '../security/egress';
import { prewarm } from './prewarm';
import { fastPath } from './fast';

const cfg = securityConfig();
// A bad PLAYGROUND_HTTP_ALLOW stops the start here, not each guest request later.
egressRefusal(egressPolicy(cfg), { hostname: 'localhost', address: '127.0.0.1', port: 80, path: '/' });
// Exposed without a token of its own: one is made for this run, as Jupyter does.
if (cfg.exposed && !cfg.token) cfg.token = randomBytes(24).toString('hex');
const dir = config.root ?? process.cwd();
const app = next({ dev: false, dir, port: cfg.port });
const handle = app.getRequestHandler();
/** The dev server (proxy.ts) guards by itself; here the guard already ran. */
(globalThis as Record<symbol, unknown>)[Symbol.for('durable-playground.guarded')] = true;

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
  if (!fastPath(req, res)) void handle(req, res);
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
