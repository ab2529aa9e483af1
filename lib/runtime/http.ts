// Outgoing HTTP for guests, done on the runtime's event loop while the
// guest's thread waits. The request on the wire is exactly the guest's:
// its method, path, headers and body, plus only what HTTP/1.1 framing needs
// (Host from the authority, Content-Length for a body); no defaults of
// fetch, no decompression of the response. The destination is checked
// against the egress policy on the resolved address; redirects are never
// followed (the guest gets the 3xx and decides).

import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';
import type { HttpRequestData, HttpResponseData } from '../host/context';
import { egressRefusal, type EgressPolicy } from '../security/egress';

const TIMEOUT_MS = 30_000;
/** A guest cannot make the runtime buffer an unbounded response. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

class Denied extends Error {
  readonly code = 'EDENIED';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

export async function performHttp(req: HttpRequestData, policy: EgressPolicy): Promise<HttpResponseData> {
  try {
    return await send(req, policy);
  } catch (e) {
    // A bad allow list, say: the guest gets an error, the runtime goes on.
    return { error: 'internal-error', message: (e as Error).message };
  }
}

async function send(req: HttpRequestData, policy: EgressPolicy): Promise<HttpResponseData> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { error: 'HTTP-request-URI-invalid', message: `invalid URL ${req.url}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { error: 'HTTP-protocol-error', message: `unsupported scheme ${url.protocol}` };
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const path = `${url.pathname}${url.search}`;
  if (net.isIP(hostname)) {
    const why = egressRefusal(policy, { hostname, address: hostname, port, path });
    if (why) return { error: 'HTTP-request-denied', message: why };
  }
  // Called for names only (Node connects to literal addresses directly, checked above).
  const lookup = (name: string, options: dns.LookupOptions, cb: LookupCallback) => {
    dns.lookup(name, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '');
      const ok = addresses.filter((a) => !egressRefusal(policy, { hostname: name, address: a.address, port, path }));
      if (ok.length === 0)
        return cb(new Denied(egressRefusal(policy, { hostname: name, address: addresses[0]?.address ?? '', port, path })), '');
      if (options.all) cb(null, ok);
      else cb(null, ok[0]!.address, ok[0]!.family); // ok is not empty (above)
    });
  };
  const body = Buffer.from(req.body ?? '', 'base64');
  const lists: Record<string, string[]> = { host: [url.host] };
  for (const [k, v] of req.headers) {
    // Header values travel as bytes: Node writes header strings as latin1.
    (lists[k.toLowerCase()] ??= []).push(Buffer.from(v, 'utf8').toString('latin1'));
  }
  const headers = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  return new Promise<HttpResponseData>((resolve) => {
    let done = false;
    // eslint-disable-next-line prefer-const -- finish() can run (request error) before the timer is set
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: HttpResponseData) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    let request: http.ClientRequest;
    try {
      request = (url.protocol === 'https:' ? https : http).request({
        host: hostname,
        port,
        path,
        method: req.method,
        headers,
        setHost: false,
        agent: false,
        lookup,
        ...(url.protocol === 'https:' && !net.isIP(hostname) ? { servername: hostname } : {}),
      });
      request.removeHeader('connection');
    } catch (e) {
      return finish({ error: 'internal-error', message: `the request cannot be sent: ${(e as Error).message}` });
    }
    timer = setTimeout(() => {
      finish({ error: 'connection-timeout', message: `no answer from ${url.host} in ${TIMEOUT_MS} ms` });
      request.destroy();
    }, TIMEOUT_MS);
    request.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof Denied || e.code === 'EDENIED') return finish({ error: 'HTTP-request-denied', message: e.message });
      if (e.code === 'ECONNREFUSED') return finish({ error: 'connection-refused', message: `connection refused by ${url.host}` });
      if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
        return finish({ error: 'destination-not-found', message: `no such host ${url.hostname}` });
      finish({ error: 'internal-error', message: e.message });
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          finish({ error: 'HTTP-response-body-size', message: `the response body exceeds ${MAX_RESPONSE_BYTES} bytes` });
          request.destroy();
        } else chunks.push(c);
      });
      res.on('error', (e) => finish({ error: 'HTTP-protocol-error', message: e.message }));
      res.on('end', () => {
        const raw = res.rawHeaders;
        const out: [string, string][] = [];
        for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!.toLowerCase(), Buffer.from(raw[i + 1] ?? '', 'latin1').toString('utf8')]);
        finish({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('base64') });
      });
    });
    // Node adds Content-Length (0 for an empty POST, as any client must) unless the guest set one.
    request.end(body.length > 0 ? body : undefined);
  });
}
