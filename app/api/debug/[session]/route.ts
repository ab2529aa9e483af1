import { handle, json, fail, readJson } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ session: string }> };

/**
 * A debugger command: { type: "step" } | { type: "continue", toIndex?, breakpoints?: [{ index?, kind?, functionName? }] }
 * | { type: "rewind", toIndex } (rewind answers with a new sessionId)
 * | { type: "override", index, response: { ok | err: value in the oplog's encoding } } (what-if)
 * | { type: "memory", offset, length ≤ 4096, skipZero? } (hex view of the guest's linear memory; with skipZero,
 *   all-zero reads are skipped to the end of offset's 64 KiB page, in this one request).
 */
export function POST(req: Request, ctx: Ctx) {
  return handle(async () => {
    const { session } = await ctx.params;
    const b = await readJson<{ type?: unknown; toIndex?: unknown; breakpoints?: unknown; index?: unknown; response?: unknown }>(req);
    if (b.toIndex !== undefined && !(Number.isInteger(b.toIndex) && (b.toIndex as number) >= 0))
      return fail('"toIndex" must be an oplog index: an integer, 0 or more');
    if (b.breakpoints !== undefined && !Array.isArray(b.breakpoints)) return fail('"breakpoints" must be a list');
    switch (b.type) {
      case 'step':
        return json(await runtime().api.debug(session, { type: 'step' }));
      case 'continue':
        return json(
          await runtime().api.debug(session, {
            type: 'continue',
            toIndex: b.toIndex as number | undefined,
            breakpoints: b.breakpoints as never,
          }),
        );
      case 'rewind':
        if (b.toIndex === undefined) return fail('rewind needs "toIndex"');
        return json(await runtime().api.debug(session, { type: 'rewind', toIndex: b.toIndex as number }));
      case 'memory': {
        const offset = Number((b as { offset?: unknown }).offset);
        const length = Number((b as { length?: unknown }).length ?? 256);
        const skipZero = (b as { skipZero?: unknown }).skipZero ?? false;
        if (!Number.isInteger(offset) || !Number.isInteger(length)) return fail('memory needs integer "offset" and "length"');
        if (typeof skipZero !== 'boolean') return fail('"skipZero" must be true or false');
        return json(await runtime().api.debug(session, { type: 'memory', offset, length, skipZero }));
      }
      case 'override':
        if (!Number.isInteger(b.index)) return fail('override needs the "index" of a recorded host call');
        return json(await runtime().api.debug(session, { type: 'override', index: b.index as number, response: b.response }));
      default:
        return fail('"type" must be "step", "continue", "rewind", "override" or "memory"');
    }
  });
}

export function DELETE(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const { session } = await ctx.params;
    await runtime().api.stopDebug(session);
    return json({ closed: session });
  });
}
