import { handle, json, workerId } from '@/lib/api/respond';
import type { StoresBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** The wasi:keyvalue buckets and wasi:blobstore containers this worker used, with their contents now. */
export function GET(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json((await runtime().api.workerStores(workerId(component, name))) satisfies StoresBody);
  });
}
