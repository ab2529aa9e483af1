// The production HTTP server: Next.js serves everything, except that an
// invocation (the hot path) is handed to its route handler directly. Going
// through Next's router costs ~3 ms a request here, more than the durable
// invocation itself; the handler is the same function app/api uses.

import { config } from '../config';
import http from 'node:http';
import next from 'next';
import { invokeRoute } from '../api/invoke';

const port = config.port;
const dir = config.root ?? process.cwd();
const app = next({ dev: false, dir, port });
const handle = app.getRequestHandler();
const INVOKE = /^\/api\/workers\/([^/?]+)\/([^/?]+)\/(invoke-and-await|invoke)(?:\?.*)?$/;
const routes = { 'invoke-and-await': invokeRoute(true), invoke: invokeRoute(false) };

async function fastPath(req: http.IncomingMessage, res: http.ServerResponse, m: RegExpExecArray): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
    method: 'POST',
    headers: req.headers as Record<string, string>,
    body: Buffer.concat(chunks),
  });
  const response = await routes[m[3] as keyof typeof routes](request, { params: Promise.resolve({ component: m[1], name: m[2] }) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

await app.prepare();
http
  .createServer((req, res) => {
    const m = req.method === 'POST' && req.url ? INVOKE.exec(req.url) : null;
    if (!m) return void handle(req, res);
    fastPath(req, res, m).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `internal error: ${e instanceof Error ? e.message : String(e)}` }));
    });
  })
  .listen(port, () => console.log(`Durable Playground: http://localhost:${port}`));
