import { handle, json, fail } from '@/lib/api/respond';
import { getCheck } from '@/lib/checker/service';
import type { CheckBody } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

/** A check's report: baseline, and one run per finished kill point. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await ctx.params;
    const c = getCheck(id);
    return c
      ? json(c satisfies CheckBody)
      : fail(`no check ${id} (checks are kept in memory: the latest 20, until the server restarts)`, 404);
  });
}
