import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import type { RevertRequest, Unchecked, WorkerBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Revert: { toIndex } or { lastInvocations } — Golem's semantics, recorded as a revert entry. */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<Unchecked<RevertRequest>>(req);
    if ((b.toIndex === undefined) === (b.lastInvocations === undefined)) return fail('give exactly one of "toIndex" or "lastInvocations"');
    const worker = await runtime().api.revert(workerId(component, name), {
      toIndex: b.toIndex as number | undefined,
      lastInvocations: b.lastInvocations as number | undefined,
    });
    return json({ worker } satisfies WorkerBody);
  });
}
