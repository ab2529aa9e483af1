import { eventStream } from '@/lib/api/event-stream';
import { fail } from '@/lib/api/respond';
import { getCheck, onCheck } from '@/lib/checker/service';

export const dynamic = 'force-dynamic';

/** SSE of a check: `progress` ({ status, done, total }) and each finished `run`; starts with the runs so far. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const check = getCheck(id);
  if (!check) return fail(`no check ${id}`, 404);
  return eventStream(req, (send) => {
    const unsubscribe = onCheck(id, (event, data) => send(event, data));
    for (const run of [...check.runs]) send('run', run);
    send('progress', { status: check.status, done: check.done, total: check.total, error: check.error, ms: check.ms });
    return unsubscribe;
  });
}
