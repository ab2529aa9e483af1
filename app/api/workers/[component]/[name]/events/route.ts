import { fail, workerId } from '@/lib/api/respond';
import { runtimeEventStream } from '@/lib/api/sse';
import { oplogStore } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** SSE of one worker: `entries` (from ?from=N or Last-Event-ID, else only new ones), `status`, `recovery`, `runtime`. */
export async function GET(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await ctx.params;
  const id = workerId(component, name);
  const store = oplogStore();
  if (!store.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(id)) return fail(`no worker ${id}`, 404);
  const q = new URL(req.url).searchParams.get('from');
  const last = req.headers.get('last-event-id');
  const from = last ? Number(last) + 1 : q ? Number(q) : store.length(id) + 1;
  if (!Number.isInteger(from) || from < 1) return fail('"from" must be a positive integer');
  return runtimeEventStream(req, { workerId: id, from });
}
