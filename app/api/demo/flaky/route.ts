import { json, fail, handle } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

/**
 * A stand-in flaky service for the flaky-service demo: answers 503 to the first
 * `failures` (default 2) requests for each `key`, then 200. Counters live in
 * this process's memory; DELETE ?key= forgets one, so a key can fail again.
 */
const KEYS = 1000;
const seen = new Map<string, number>();

function answer(req: Request): Response {
  const q = new URL(req.url).searchParams;
  const key = q.get('key') ?? '';
  const failures = q.has('failures') ? Number(q.get('failures')) : 2;
  if (!Number.isInteger(failures) || failures < 0) return fail('"failures" must be a whole number ≥ 0');
  const n = (seen.get(key) ?? 0) + 1;
  seen.delete(key); // re-insert so the map stays in least-recently-used order
  seen.set(key, n);
  if (seen.size > KEYS) seen.delete(seen.keys().next().value!);
  const headers = { 'content-type': 'text/plain; charset=utf-8', 'x-request-count': String(n) };
  if (n <= failures) return new Response(`unavailable (request ${n} for "${key}")`, { status: 503, headers });
  return new Response(`ok (request ${n} for "${key}")`, { status: 200, headers });
}

export function GET(req: Request) {
  return handle(async () => answer(req));
}

export function POST(req: Request) {
  return handle(async () => answer(req));
}

export function DELETE(req: Request) {
  return handle(async () => {
    const key = new URL(req.url).searchParams.get('key') ?? '';
    return json({ forgotten: seen.delete(key) });
  });
}
