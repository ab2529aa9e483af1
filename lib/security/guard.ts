// The request guard in front of every route: Host check (DNS rebinding),
// access token when exposed, same-origin for anything that changes state,
// content types and body sizes. Pure: the server feeds it a request's
// method, URL and headers and acts on the verdict.

import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';
import type { SecurityConfig } from './config';

export const TOKEN_COOKIE = 'playground_token';

export interface GuardRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Verdict =
  | { ok: true }
  /** Answer now: a refusal (4xx with a message) or the token's redirect. */
  | { ok: false; status: number; message: string; headers?: Record<string, string> };

const SAFE = new Set(['GET', 'HEAD']);
/** The one route that takes multipart uploads; every other API route with a body takes JSON (but PLAIN_TEXT). */
const UPLOAD = /^\/api\/components\/?$/;
/** An imported history carries its component's bytes: JSON, but as large as an upload may be. */
const IMPORT = /^\/api\/import\/?$/;
/** The workflow demo service takes a plain-text body (the workflow example posts "step N"). */
const PLAIN_TEXT = /^\/api\/demo\/workflow\/?$/;
/** Server-sent event streams (limited per client). */
const SSE = /^\/api\/(?:events|workers\/[^/]+\/[^/]+\/events)\/?$/;

const answer = (status: number, message: string, headers?: Record<string, string>): Verdict => ({ ok: false, status, message, headers });

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `example.com:3000` → `example.com`, `[::1]:3000` → `::1`. */
export function hostName(host: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (m?.[1]) return m[1].toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** The machine's own interface addresses: reaching it by IP is no rebinding. */
function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.add(a.address.toLowerCase());
  return out;
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(h: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (header(h, 'cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function isEventStream(method: string, url: string): boolean {
  return method === 'GET' && SSE.test(url.split('?')[0] ?? '');
}

export function checkRequest(req: GuardRequest, cfg: SecurityConfig): Verdict {
  const method = req.method.toUpperCase();
  const url = new URL(req.url, 'http://placeholder');
  const host = header(req.headers, 'host');
  // 1. Host: only the app's own names, so a rebinding page cannot reach it.
  if (!host) return answer(400, 'the request has no Host header');
  const name = hostName(host);
  if (!cfg.allowedHosts.includes(name) && !(net.isIP(name) && ownAddresses().has(name))) {
    return answer(
      403,
      `this server does not answer to the host name "${name}" (DNS rebinding protection); if you reach the playground by this name, add it to PLAYGROUND_ALLOWED_HOSTS`,
    );
  }
  // 2. The access token, when one is set (always when exposed on the network).
  if (cfg.token) {
    const given = url.searchParams.get('token');
    if (given !== null && SAFE.has(method)) {
      if (!sameToken(given, cfg.token)) return answer(401, 'wrong access token in ?token=; use the URL the server printed at start');
      // First visit with ?token=: keep it in a cookie and show the clean URL.
      url.searchParams.delete('token');
      return answer(302, 'token accepted', {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(cfg.token)}; Path=/; HttpOnly; SameSite=Lax`,
      });
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(header(req.headers, 'authorization') ?? '')?.[1]?.trim();
    const fromCookie = cookie(req.headers, TOKEN_COOKIE);
    if (!(bearer && sameToken(bearer, cfg.token)) && !(fromCookie && sameToken(fromCookie, cfg.token))) {
      return answer(
        401,
        'this playground needs its access token: open the URL with ?token=… that the server printed at start, or send "Authorization: Bearer <token>" (PLAYGROUND_TOKEN)',
      );
    }
  }
  // 3. A path that decodes: Next would fail on a malformed escape (`%E0%A4%A`) with a bare 500.
  const bad = url.pathname.split('/').find((segment) => !decodes(segment));
  if (bad !== undefined) return answer(400, `the URL path segment ${JSON.stringify(bad.slice(0, 80))} is not valid percent-encoding`);
  if (SAFE.has(method)) return { ok: true };
  // 4. Same origin for anything that changes state; no Origin and no Referer (curl, scripts) is served.
  const origin = header(req.headers, 'origin');
  const referer = header(req.headers, 'referer');
  const from = origin ?? referer;
  if (from !== undefined) {
    let fromHost: string | undefined;
    try {
      fromHost = from === 'null' ? undefined : new URL(from).host.toLowerCase();
    } catch {
      fromHost = undefined;
    }
    if (fromHost !== host.toLowerCase()) {
      return answer(
        403,
        `cross-origin ${method} refused: the request comes from ${origin !== undefined ? `Origin ${origin}` : `Referer ${referer}`}, not from this playground (${host}); state-changing requests must come from the playground's own pages or from a client that sends no Origin`,
      );
    }
  }
  // 5. Content type and size, for the API.
  const path = url.pathname;
  if (!path.startsWith('/api/')) return { ok: true };
  const upload = UPLOAD.test(path) && method === 'POST';
  const uploadSized = upload || (IMPORT.test(path) && method === 'POST');
  const type = (header(req.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase(); // split yields at least one part
  const lengthHeader = header(req.headers, 'content-length');
  const chunked = header(req.headers, 'transfer-encoding') !== undefined;
  const length = Number(lengthHeader ?? 0);
  if (chunked && lengthHeader === undefined) return answer(411, 'send the request body with a Content-Length header');
  const limit = uploadSized ? cfg.maxUploadBytes : cfg.maxBodyBytes;
  if (length > limit) {
    return answer(
      413,
      `request body too large: ${length} bytes, the limit is ${limit} bytes (${uploadSized ? 'PLAYGROUND_MAX_UPLOAD_MB' : 'PLAYGROUND_MAX_BODY_MB'})`,
    );
  }
  if (length > 0 || type) {
    const wanted = upload ? 'multipart/form-data' : PLAIN_TEXT.test(path) ? 'text/plain' : 'application/json';
    if (type !== wanted) {
      return answer(415, `${method} ${path} takes ${wanted}, not ${type || 'a body without Content-Type'}`);
    }
  }
  return { ok: true };
}
