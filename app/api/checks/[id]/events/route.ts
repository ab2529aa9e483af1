import { fail } from '@/lib/api/respond';
import { getCheck, onCheck } from '@/lib/checker/service';

export const dynamic = 'force-dynamic';

const enc = new TextEncoder();

/** SSE of a check: `progress` ({ status, done, total }) and each finished `run`; starts with the runs so far. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const check = getCheck(id);
  if (!check) return fail(`no check ${id}`, 404);
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (event: string, data: unknown) => open && controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const unsubscribe = onCheck(id, (event, data) => send(event, data));
      for (const run of [...check.runs]) send('run', run);
      send('progress', { status: check.status, done: check.done, total: check.total, error: check.error, ms: check.ms });
      const ping = setInterval(() => open && controller.enqueue(enc.encode(': ping\n\n')), 15000);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      req.signal.addEventListener('abort', cleanup);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' } });
}
