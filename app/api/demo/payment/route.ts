import { json, fail, readJson, handle } from '@/lib/api/respond';
import { charge, summary } from '@/lib/demo/payments';
import type { LedgerSummary } from '@/lib/api/types';
import { noteEffect } from '@/lib/checker/effects';

export const dynamic = 'force-dynamic';

const LEDGER = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * A stand-in payment service for the shopping-cart demo: approves totals up to
 * 10,000. With `?ledger=NAME` it keeps the charges it made under that name
 * (GET shows them), honours an `Idempotency-Key` header (a key seen before is
 * answered from the earlier charge, not charged again) and can hold a request
 * in flight (POST …/payment/ledger).
 */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<{ orderId?: unknown; total?: unknown }>(req);
    noteEffect(req, 'payment', JSON.stringify(b));
    const total = typeof b.total === 'number' ? b.total : NaN;
    if (!Number.isFinite(total) || total < 0) return json({ status: 'declined', reason: 'invalid total' }, 400);
    if (total > 10000) return json({ status: 'declined', reason: 'over the demo limit of 10,000' }, 402);
    const amount = Math.round(total * 100) / 100;
    const name = new URL(req.url).searchParams.get('ledger');
    if (name === null) return json({ status: 'approved', orderId: b.orderId, amount });
    if (!LEDGER.test(name)) return fail('"ledger" must be 1-100 letters, digits, ".", "_" or "-"');
    const key = req.headers.get('idempotency-key') ?? undefined;
    const orderId = typeof b.orderId === 'string' ? b.orderId : String(b.orderId ?? '');
    const r = await charge(name, { orderId, amount, ...(key ? { idempotencyKey: key.slice(0, 200) } : {}) });
    return json({ status: 'approved', orderId: r.charge.orderId, amount: r.charge.amount, repeated: r.repeated });
  });
}

/** GET ?ledger=NAME: the charges made under that ledger. */
export function GET(req: Request) {
  return handle(async () => {
    const name = new URL(req.url).searchParams.get('ledger');
    if (!name || !LEDGER.test(name)) return fail('"ledger" must be 1-100 letters, digits, ".", "_" or "-"');
    return json(summary(name) satisfies LedgerSummary);
  });
}
