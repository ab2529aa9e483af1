import { handle, json, fail, workerId } from '@/lib/api/respond';
import { oplogStore } from '@/lib/api/server';
import { InvocationCache } from '@/lib/oplog/invocations-cache';

export const dynamic = 'force-dynamic';

// Each worker's model is kept and extended with what was appended since the last request.
const cache = new InvocationCache();

/**
 * The compact view of the worker's history (lib/oplog/invocations.ts): its
 * invocations as spans with their host calls, built from the entries that
 * matter to it only. `lastIndex` is the last entry of any kind, so a client
 * can go on from there with the live stream.
 */
export function GET(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const id = workerId(component, name);
    const store = oplogStore();
    const row = store.db.prepare('SELECT createdAt FROM "Worker" WHERE id = ?').get(id) as { createdAt: bigint | number } | undefined;
    if (!row) return fail(`no worker ${id}`, 404);
    return json(cache.model(store, id, String(row.createdAt)));
  });
}
