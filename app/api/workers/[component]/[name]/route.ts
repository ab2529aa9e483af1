import { handle, json, workerId } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ component: string; name: string }> };

export function GET(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json({ worker: await runtime().api.getWorker(workerId(component, name)) });
  });
}

export function DELETE(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const id = workerId(component, name);
    await runtime().api.deleteWorker(id);
    return json({ deleted: id });
  });
}
