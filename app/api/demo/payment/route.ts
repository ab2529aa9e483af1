import { json, readJson, handle } from '@/lib/api/respond';
import { noteEffect } from '@/lib/checker/effects';

export const dynamic = 'force-dynamic';

/** A stand-in payment service for the shopping-cart demo: approves totals up to 10,000. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<{ orderId?: unknown; total?: unknown }>(req);
    noteEffect(req, 'payment', JSON.stringify(b));
    const total = typeof b.total === 'number' ? b.total : NaN;
    if (!Number.isFinite(total) || total < 0) return json({ status: 'declined', reason: 'invalid total' }, 400);
    if (total > 10000) return json({ status: 'declined', reason: 'over the demo limit of 10,000' }, 402);
    return json({ status: 'approved', orderId: b.orderId, amount: Math.round(total * 100) / 100 });
  });
}
