import { handle, json, fail } from '@/lib/api/respond';
import type { ComponentVersionsBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ name: string }> };

export function GET(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const { name } = await ctx.params;
    const versions = await runtime().api.componentVersions(decodeURIComponent(name));
    if (versions.length === 0) return fail(`no component named ${decodeURIComponent(name)}`, 404);
    return json({ name: decodeURIComponent(name), versions } satisfies ComponentVersionsBody);
  });
}

export function DELETE(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const { name } = await ctx.params;
    await runtime().api.deleteComponent(decodeURIComponent(name));
    return json({ deleted: decodeURIComponent(name) });
  });
}
