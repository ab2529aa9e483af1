import { json, readJson, handle } from '@/lib/api/respond';
import { noteEffect } from '@/lib/checker/effects';

export const dynamic = 'force-dynamic';

/**
 * A stand-in notification service for the approval-workflow demo: it keeps the
 * latest notifications in memory (per process; gone on restart) so a person can
 * see which promise to complete.
 */
interface Notification {
  at: string;
  worker?: string;
  promise?: number;
  request?: string;
}

const KEEP = 100;
const received: Notification[] = [];

export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<{ worker?: unknown; promise?: unknown; request?: unknown }>(req);
    noteEffect(req, 'notify', JSON.stringify(b));
    const n: Notification = {
      at: new Date().toISOString(),
      ...(typeof b.worker === 'string' ? { worker: b.worker } : {}),
      ...(typeof b.promise === 'number' ? { promise: b.promise } : {}),
      ...(typeof b.request === 'string' ? { request: b.request } : {}),
    };
    received.push(n);
    if (received.length > KEEP) received.splice(0, received.length - KEEP);
    // The same request gets the same answer (no time in it): the durability checker compares recorded responses.
    const { at: _at, ...notified } = n;
    return json({ ok: true, notified });
  });
}

/** The latest notifications, newest first. */
export function GET() {
  return handle(async () => json({ notifications: [...received].reverse() }));
}
