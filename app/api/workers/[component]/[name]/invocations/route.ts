import { handle, json, fail, workerId } from '@/lib/api/respond';
import { oplogStore } from '@/lib/api/server';
import { emptyModel, foldEntries, INVOCATION_KINDS } from '@/lib/oplog/invocations';

export const dynamic = 'force-dynamic';

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
    if (!store.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(id)) return fail(`no worker ${id}`, 404);
    const last = store.length(id);
    const model = emptyModel();
    foldEntries(model, store.ofKinds(id, INVOCATION_KINDS, last));
    model.lastIndex = last;
    return json(model);
  });
}
