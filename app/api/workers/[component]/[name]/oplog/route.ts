import { handle, json } from '@/lib/api/respond';
import type { OplogBody } from '@/lib/api/types';
import { readOplogQuery, storedWorker, type WorkerParams } from '@/lib/api/worker-read';

export const dynamic = 'force-dynamic';

/** Range read: ?from=&to=&limit=&kinds=a,b&text=&reverse=1 */
export function GET(req: Request, ctx: WorkerParams) {
  return handle(async () => {
    const { id, store } = await storedWorker(ctx);
    const entries = store.query(id, readOplogQuery(new URL(req.url).searchParams));
    return json({ entries, length: store.length(id) } satisfies OplogBody);
  });
}
