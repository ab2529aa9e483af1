import { decodePart, handle, json, workerId } from '@/lib/api/respond';
import type { CancelPendingBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Cancels a queued or scheduled invocation (409 once it has started). */
export function DELETE(_req: Request, ctx: { params: Promise<{ component: string; name: string; key: string }> }) {
  return handle(async () => {
    const { component, name, key } = await ctx.params;
    return json({
      cancelled: await runtime().api.cancelPending(workerId(component, name), decodePart(key, 'idempotency key')),
    } satisfies CancelPendingBody);
  });
}
