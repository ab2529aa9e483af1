import { handle, json, workerId } from '@/lib/api/respond';
import type { DeleteWorkerBody } from '@/lib/api/types';
import { workerAnswer } from '@/lib/api/worker-status';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ component: string; name: string }> };

export async function GET(_req: Request, ctx: Ctx) {
  const { component, name } = await ctx.params;
  const a = await workerAnswer(component, name);
  return json(a.body, a.status);
}

/** Deletes the worker, keeping its oplog for replay; ?purge=true (or deleting it again) removes it for good. */
export function DELETE(req: Request, ctx: Ctx) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const id = workerId(component, name);
    const purge = new URL(req.url).searchParams.get('purge') === 'true';
    await runtime().api.deleteWorker(id, { purge });
    return json({ deleted: id, kept: !purge } satisfies DeleteWorkerBody);
  });
}
