import { decodePart, handle, json, fail } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

export function GET(_req: Request, ctx: { params: Promise<{ name: string; version: string }> }) {
  return handle(async () => {
    const { name: part, version } = await ctx.params;
    const name = decodePart(part, 'component');
    const v = Number(version);
    if (!Number.isInteger(v) || v < 1) return fail(`version must be a positive integer, got "${version}"`);
    const info = await runtime().api.componentVersion(name, v);
    if (!info) return fail(`component ${name} has no version ${v}`, 404);
    return json({ component: info });
  });
}
