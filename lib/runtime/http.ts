// Outgoing HTTP for guests, done on the runtime's event loop while the
// guest's thread waits. Only loopback and the addresses a user configures are
// reachable from this machine anyway; errors map to wasi:http error codes.

import type { HttpRequestData, HttpResponseData } from '../host/context';

const TIMEOUT_MS = 30_000;

export async function performHttp(req: HttpRequestData): Promise<HttpResponseData> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { error: 'HTTP-request-URI-invalid', message: `invalid URL ${req.url}` };
  }
  try {
    const body = req.body ? Buffer.from(req.body, 'base64') : undefined;
    const res = await fetch(url, {
      method: req.method,
      headers: req.headers,
      body: body && body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: [...res.headers.entries()], body: bytes.toString('base64') };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ECONNREFUSED') return { error: 'connection-refused', message: `connection refused by ${url.host}` };
    if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return { error: 'destination-not-found', message: `no such host ${url.hostname}` };
    if ((e as Error).name === 'TimeoutError') return { error: 'connection-timeout', message: `no answer from ${url.host} in ${TIMEOUT_MS} ms` };
    return { error: 'internal-error', message: (e as Error).message };
  }
}
