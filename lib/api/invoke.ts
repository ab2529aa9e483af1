import { errorAnswer, json, parseJsonObject, workerId, type Answer } from './respond';
import type { InvokeRequest, Unchecked } from '@/lib/api/types';
import { runtime } from './server';
import type { JsonValue } from '../values/json-value';

type Ctx = { params: Promise<{ component: string; name: string }> };

/** Shared by invoke (enqueue) and invoke-and-await. */
export function invokeRoute(wait: boolean) {
  return async (req: Request, ctx: Ctx) => {
    const { component, name } = await ctx.params;
    const a = await invokeAnswer(component, name, await req.text(), req.headers.get('idempotency-key'), wait);
    return json(a.body, a.status);
  };
}

/**
 * One invocation from its raw parts (the route above, and the production
 * server's fast path, which skips building a Request and a Response): the
 * body checked, the runtime asked, its answer or the error a person can act on.
 */
export async function invokeAnswer(
  component: string,
  name: string,
  text: string,
  headerKey: string | null,
  wait: boolean,
): Promise<Answer> {
  try {
    const id = workerId(component, name);
    const b = parseJsonObject<Unchecked<InvokeRequest>>(text);
    const bad = (error: string): Answer => ({ status: 400, body: { error } });
    if (b.scheduleAt !== undefined && typeof b.scheduleAt !== 'string' && typeof b.scheduleAt !== 'number')
      return bad('"scheduleAt" must be an ISO time or epoch milliseconds');
    if (typeof b.function !== 'string' || !b.function) return bad('missing "function" (e.g. "demo:counter/api.{add}")');
    if (b.args !== undefined && !Array.isArray(b.args)) return bad('"args" must be a JSON array');
    if (b.wave !== undefined && typeof b.wave !== 'string') return bad('"wave" must be a string of WAVE values');
    const key = (b.idempotencyKey as string | undefined) ?? headerKey ?? undefined;
    const out = await runtime().api.invoke(id, {
      function: b.function,
      args: b.args as JsonValue[] | undefined,
      wave: b.wave as string | undefined,
      idempotencyKey: key,
      wait,
      scheduleAt: b.scheduleAt as string | number | undefined,
    });
    return { status: wait ? 200 : 202, body: out };
  } catch (e) {
    return errorAnswer(e);
  }
}
