import { handle, json, fail, readJson, workerId } from './respond';
import type { InvokeRequest, Unchecked } from '@/lib/api/types';
import { runtime } from './server';
import type { JsonValue } from '../values/json-value';

type Ctx = { params: Promise<{ component: string; name: string }> };

/** Shared by invoke (enqueue) and invoke-and-await. */
export function invokeRoute(wait: boolean) {
  return (req: Request, ctx: Ctx) =>
    handle(async () => {
      const { component, name } = await ctx.params;
      const b = await readJson<Unchecked<InvokeRequest>>(req);
      if (b.scheduleAt !== undefined && typeof b.scheduleAt !== 'string' && typeof b.scheduleAt !== 'number')
        return fail('"scheduleAt" must be an ISO time or epoch milliseconds');
      if (typeof b.function !== 'string' || !b.function) return fail('missing "function" (e.g. "demo:counter/api.{add}")');
      if (b.args !== undefined && !Array.isArray(b.args)) return fail('"args" must be a JSON array');
      if (b.wave !== undefined && typeof b.wave !== 'string') return fail('"wave" must be a string of WAVE values');
      const key = (b.idempotencyKey as string | undefined) ?? req.headers.get('idempotency-key') ?? undefined;
      const out = await runtime().api.invoke(workerId(component, name), {
        function: b.function,
        args: b.args as JsonValue[] | undefined,
        wave: b.wave as string | undefined,
        idempotencyKey: key,
        wait,
        scheduleAt: b.scheduleAt as string | number | undefined,
      });
      return json(out, wait ? 200 : 202);
    });
}
