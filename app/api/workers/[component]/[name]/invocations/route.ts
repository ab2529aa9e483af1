import { handle, json } from '@/lib/api/respond';
import type { InvocationsBody } from '@/lib/api/types';
import { storedWorker, type WorkerParams } from '@/lib/api/worker-read';
import { InvocationCache } from '@/lib/oplog/invocations-cache';
import { WorkerStore } from '@/lib/store/worker-store';

export const dynamic = 'force-dynamic';

// Each worker's model is kept and extended with what was appended since the last request.
const cache = new InvocationCache();

/**
 * The compact view of the worker's history (lib/oplog/invocations.ts): its
 * invocations as spans with their host calls, built from the entries that
 * matter to it only. `lastIndex` is the last entry of any kind, so a client
 * can go on from there with the live stream.
 */
export function GET(_req: Request, ctx: WorkerParams) {
  return handle(async () => {
    const { id, store } = await storedWorker(ctx);
    // A worker deleted and created again under the same name is another history.
    const generation = String(new WorkerStore(store.db).get(id)?.createdAt ?? '');
    return json(cache.model(store, id, generation) satisfies InvocationsBody);
  });
}
