import { handle, json, workerId } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Opens a replay debugger session on the worker: { sessionId, state }, stopped before the first entry. */
export function POST(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json(await runtime().api.startDebug(workerId(component, name)), 201);
  });
}
