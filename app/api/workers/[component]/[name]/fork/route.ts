import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import type { ForkRequest, Unchecked, WorkerBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/**
 * Fork: { name, atIndex?, overrides?: [{ index, response }] } → a new worker whose oplog is a copy of
 * this one's first atIndex entries, with what-if overrides of recorded host results applied.
 */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<Unchecked<ForkRequest>>(req);
    if (typeof b.name !== 'string' || !b.name) return fail('missing "name" for the new worker');
    if (b.atIndex !== undefined && !Number.isInteger(b.atIndex)) return fail('"atIndex" must be an integer');
    if (b.overrides !== undefined && !Array.isArray(b.overrides)) return fail('"overrides" must be a list of { index, response }');
    const worker = await runtime().api.fork(workerId(component, name), {
      name: b.name,
      atIndex: b.atIndex as number | undefined,
      overrides: b.overrides as { index: number; response: unknown }[] | undefined,
    });
    return json({ worker } satisfies WorkerBody, 201);
  });
}
