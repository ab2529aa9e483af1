import { handle, json } from '@/lib/api/respond';
import { storedWorker, type WorkerParams } from '@/lib/api/worker-read';
import { emptyModel, foldEntries, INVOCATION_KINDS } from '@/lib/oplog/invocations';

export const dynamic = 'force-dynamic';

/**
 * The compact view of the worker's history (lib/oplog/invocations.ts): its
 * invocations as spans with their host calls, built from the entries that
 * matter to it only. `lastIndex` is the last entry of any kind, so a client
 * can go on from there with the live stream.
 */
export function GET(_req: Request, ctx: WorkerParams) {
  return handle(async () => {
    const { id, store } = await storedWorker(ctx);
    const last = store.length(id);
    const model = emptyModel();
    foldEntries(model, store.ofKinds(id, INVOCATION_KINDS, last));
    model.lastIndex = last;
    return json(model);
  });
}
