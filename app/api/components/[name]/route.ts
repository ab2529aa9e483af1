import { decodePart, handle, json, fail } from '@/lib/api/respond';
import type { ComponentVersionsBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';
type Ctx = { params: Promise<{ name: string }> };

export function GET(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const name = decodePart((await ctx.params).name, 'component');
    const versions = await runtime().api.componentVersions(name);
    if (versions.length === 0) return fail(`no component named ${name}`, 404);
    return json({ name, versions } satisfies ComponentVersionsBody);
  });
}

export function DELETE(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const name = decodePart((await ctx.params).name, 'component');
    await runtime().api.deleteComponent(name);
    return json({ deleted: name });
  });
}
