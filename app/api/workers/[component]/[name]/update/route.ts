import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import type { Unchecked, UpdateRequest, WorkerBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';
import { isUpdateMode, UPDATE_MODES_TEXT } from '@/lib/oplog/entry';

export const dynamic = 'force-dynamic';

/**
 * Updates the worker to another version of its component (Golem's update):
 * { version, mode?: "automatic" | "snapshot-based" }. 409 with the reason when
 * the history does not replay on the new version; the worker then stays.
 */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<Unchecked<UpdateRequest>>(req);
    if (typeof b.version !== 'number' || !Number.isInteger(b.version)) return fail('"version" must be a component version number');
    if (b.mode !== undefined && !isUpdateMode(b.mode)) return fail(`"mode" must be ${UPDATE_MODES_TEXT}`);
    const worker = await runtime().api.updateWorker(workerId(component, name), {
      version: b.version,
      mode: b.mode,
    });
    return json({ worker } satisfies WorkerBody);
  });
}
