import { handle, json, workerId } from '@/lib/api/respond';
import type { PendingBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Invocations queued or scheduled for this worker and not started yet. */
export function GET(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json({ invocations: await runtime().api.listPending(workerId(component, name)) } satisfies PendingBody);
  });
}
