import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Fork: { name, atIndex? } → a new worker whose oplog is a copy of this one's first atIndex entries. */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<{ name?: unknown; atIndex?: unknown }>(req);
    if (typeof b.name !== 'string' || !b.name) return fail('missing "name" for the new worker');
    if (b.atIndex !== undefined && !Number.isInteger(b.atIndex)) return fail('"atIndex" must be an integer');
    const worker = await runtime().api.fork(workerId(component, name), { name: b.name, atIndex: b.atIndex as number | undefined });
    return json({ worker }, 201);
  });
}
