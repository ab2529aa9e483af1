import { json, fail, readJson, handle } from '@/lib/api/respond';
import { ledger, summary } from '@/lib/demo/payments';
import type { LedgerSummary } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

/**
 * `{ ledger, action: "hold" }`: the ledger's next payment request is charged,
 * then held unanswered (up to 20 s, or until another request arrives), so a
 * caller can be killed while its request is in flight. `"reset"` forgets the
 * ledger's charges.
 */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<{ ledger?: unknown; action?: unknown }>(req);
    if (typeof b.ledger !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(b.ledger))
      return fail('"ledger" must be 1-100 letters, digits, ".", "_" or "-"');
    const l = ledger(b.ledger);
    if (b.action === 'hold') l.holdNext = true;
    else if (b.action === 'reset') {
      for (const r of l.releases.splice(0)) r();
      l.charges = [];
      l.deduplicated = 0;
      l.holdNext = false;
    } else return fail('"action" must be "hold" or "reset"');
    return json(summary(b.ledger) satisfies LedgerSummary);
  });
}
