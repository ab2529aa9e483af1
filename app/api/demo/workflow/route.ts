import { json, fail, handle } from '@/lib/api/respond';
import { noteEffect } from '@/lib/checker/effects';

export const dynamic = 'force-dynamic';

/**
 * A stand-in service for the workflow demo: it takes each step's plain-text
 * body ("step 1") and counts the requests it got, per `?key=` (default: none),
 * in this process's memory. GET ?key= shows the count and the latest bodies,
 * so a step sent twice (a kill inside the request) is seen. The answer itself
 * is the same for the same body (no count, no time in it): the durability
 * checker compares recorded responses.
 */
const KEYS = 1000;
const KEEP = 20;
/** The guard allows text/plain here (lib/security/guard.ts); the body is a step's name, not a document. */
const MAX_BODY = 4 * 1024;
const KEY = /^[A-Za-z0-9._-]{0,100}$/;

interface Seen {
  requests: number;
  latest: string[];
}
const seen = new Map<string, Seen>();

function key(req: Request): string | Response {
  const k = new URL(req.url).searchParams.get('key') ?? '';
  return KEY.test(k) ? k : fail('"key" must be up to 100 letters, digits, ".", "_" or "-"');
}

export function POST(req: Request) {
  return handle(async () => {
    const k = key(req);
    if (k instanceof Response) return k;
    if (!/^text\/plain\b/i.test(req.headers.get('content-type') ?? ''))
      return fail('the body must be plain text (content-type: text/plain)', 415);
    if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY) return fail(`the body is over ${MAX_BODY / 1024} KB`, 413);
    const body = await req.text();
    if (Buffer.byteLength(body) > MAX_BODY) return fail(`the body is over ${MAX_BODY / 1024} KB`, 413);
    noteEffect(req, 'workflow', body);
    const s = seen.get(k) ?? { requests: 0, latest: [] };
    seen.delete(k); // re-insert so the map stays in least-recently-used order
    seen.set(k, { requests: s.requests + 1, latest: [body, ...s.latest].slice(0, KEEP) });
    if (seen.size > KEYS) seen.delete(seen.keys().next().value!);
    return new Response(`received: ${body}`, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });
}

/** GET ?key=: how many requests the key got, and their latest bodies (newest first). */
export function GET(req: Request) {
  return handle(async () => {
    const k = key(req);
    if (k instanceof Response) return k;
    const s = seen.get(k) ?? { requests: 0, latest: [] };
    return json({ key: k, ...s });
  });
}
