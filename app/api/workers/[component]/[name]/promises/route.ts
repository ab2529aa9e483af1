import { handle, json, workerId } from '@/lib/api/respond';
import type { PromisesBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** The promises this worker created (golem:api/host create-promise), completed or not. */
export function GET(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json({ promises: await runtime().api.listPromises(workerId(component, name)) } satisfies PromisesBody);
  });
}
