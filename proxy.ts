// `next dev` (and any server other than lib/server/main.ts) gets the same
// request guard as `npm start`. The production server guards every request
// itself before Next sees it, so this returns at once there.

import { NextResponse, type NextRequest } from 'next/server';
import { securityConfig } from './lib/security/config';
import { checkRequest } from './lib/security/guard';

export function proxy(request: NextRequest) {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for('durable-playground.guarded')]) return NextResponse.next();
  const cfg = securityConfig();
  if (cfg.exposed && !cfg.token) {
    return NextResponse.json(
      { error: 'the dev server listens beyond loopback: set PLAYGROUND_TOKEN (or use npm start, which makes one)' },
      { status: 403 },
    );
  }
  const url = new URL(request.url);
  const verdict = checkRequest(
    { method: request.method, url: `${url.pathname}${url.search}`, headers: Object.fromEntries(request.headers) },
    cfg,
  );
  if (verdict.ok) return NextResponse.next();
  return NextResponse.json({ error: verdict.message }, { status: verdict.status, headers: verdict.headers });
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
