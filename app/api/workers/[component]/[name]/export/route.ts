import { handle, workerId } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** The worker as one file: its component version (bytes and metadata), its oplog, its metadata (lib/runtime/share.ts). */
export function GET(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const file = await runtime().api.exportWorker(workerId(component, name));
    const filename = `${file.component.name}-${file.worker.name}.history.json`.replace(/[^A-Za-z0-9._-]/g, '_');
    return new Response(JSON.stringify(file), {
      headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${filename}"` },
    });
  });
}
