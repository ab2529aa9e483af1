import { fail, handle, json, readJson, workerId } from '@/lib/api/respond';
import type { KillRequest, Unchecked, WorkerBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Terminates the worker's thread now. { recover: true } recovers it at once (Golem's simulated crash). */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<Unchecked<KillRequest>>(req);
    // Not read as false: a kill that should have recovered and did not is worse than a 400.
    if (b.recover !== undefined && typeof b.recover !== 'boolean') return fail('"recover" must be true or false');
    return json({ worker: await runtime().api.kill(workerId(component, name), { recover: b.recover === true }) } satisfies WorkerBody);
  });
}
