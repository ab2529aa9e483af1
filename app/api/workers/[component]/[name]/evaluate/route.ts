import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import type { EvaluateBody, EvaluateRequest, Unchecked } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';
import type { JsonValue } from '@/lib/values/json-value';

export const dynamic = 'force-dynamic';

/**
 * Evaluates an export on a throwaway fork of the worker as it was at `index` (rounded down to the
 * last finished invocation): { index, function, args? } → { atIndex, result }. Effects are refused.
 */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const b = await readJson<Unchecked<EvaluateRequest>>(req);
    if (!Number.isInteger(b.index) || (b.index as number) < 1) return fail('"index" must be a positive integer');
    if (typeof b.function !== 'string' || !b.function) return fail('missing "function"');
    if (b.args !== undefined && !Array.isArray(b.args)) return fail('"args" must be a JSON array');
    const { atIndex, result } = await runtime().api.evaluateAt(workerId(component, name), {
      index: b.index as number,
      function: b.function,
      args: b.args as JsonValue[] | undefined,
    });
    // Only what the API promises: the engine's reply also carries the instance's call count, an internal.
    return json({ atIndex, result } satisfies EvaluateBody);
  });
}
