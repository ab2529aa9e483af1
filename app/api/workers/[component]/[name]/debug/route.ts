import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import type { DebugAnswer } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/**
 * Opens a replay debugger session on the worker: { sessionId, state }, stopped before the first
 * entry. { version } replays the history against another version of the component.
 */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<{ version?: unknown }>(req);
    if (b.version !== undefined && !Number.isInteger(b.version)) return fail('"version" must be an integer');
    return json(
      (await runtime().api.startDebug(workerId(component, name), { version: b.version as number | undefined })) satisfies DebugAnswer,
      201,
    );
  });
}
