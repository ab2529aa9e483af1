import { fail, handle } from '@/lib/api/respond';
import { runtimeEventStream } from '@/lib/api/sse';
import { storedWorker, type WorkerParams } from '@/lib/api/worker-read';

export const dynamic = 'force-dynamic';

/** SSE of one worker: `entries` (from ?from=N or Last-Event-ID, else only new ones), `status`, `recovery`, `runtime`. */
export function GET(req: Request, ctx: WorkerParams) {
  return handle(async () => {
    const { id, store } = await storedWorker(ctx);
    const q = new URL(req.url).searchParams.get('from');
    const last = req.headers.get('last-event-id');
    const from = last ? Number(last) + 1 : q ? Number(q) : store.length(id) + 1;
    if (!Number.isInteger(from) || from < 1) return fail('"from" must be a positive integer');
    return runtimeEventStream(req, { workerId: id, from });
  });
}
