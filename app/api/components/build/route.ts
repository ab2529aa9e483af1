import { handle, json, fail, readJson } from '@/lib/api/respond';
import type { BuildRequest, ComponentBody, Unchecked } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Build from source: { name, kind: "js" | "wat", source, wit, world? }. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<Unchecked<BuildRequest>>(req);
    if (typeof b.name !== 'string' || !b.name) return fail('missing "name"');
    if (b.kind !== 'js' && b.kind !== 'wat') return fail('"kind" must be "js" or "wat"');
    if (typeof b.source !== 'string') return fail('missing "source"');
    if (typeof b.wit !== 'string') return fail('missing "wit" (the WIT world to build against)');
    const world = typeof b.world === 'string' && b.world ? b.world : undefined;
    const component = await runtime().api.registerComponent(b.name, { kind: b.kind, source: b.source, wit: b.wit, world });
    return json({ component } satisfies ComponentBody, 201);
  });
}
