import { handle, json, workerId } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';
import type { RecoveriesBody } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

/** The worker's recoveries after interruptions (kills, runtime crashes), oldest first. */
export function GET(_req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    return json((await runtime().api.workerRecoveries(workerId(component, name))) satisfies RecoveriesBody);
  });
}
