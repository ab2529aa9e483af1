import { handle, json, workerId } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

export function POST(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json({ worker: await runtime().api.resume(workerId(component, name)) });
  });
}
