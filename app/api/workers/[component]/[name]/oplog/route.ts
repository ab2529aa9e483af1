import { handle, json, fail, workerId } from '@/lib/api/respond';
import type { OplogBody } from '@/lib/api/types';
import { oplogStore } from '@/lib/api/server';
import type { OplogKind } from '@/lib/oplog/entry';
import { OPLOG_KINDS } from '@/lib/oplog/kinds';

export const dynamic = 'force-dynamic';

/** Range read: ?from=&to=&limit=&kinds=a,b&text=&reverse=1 */
export function GET(req: Request, ctx: { params: Promise<{ component: string; name: string }> }) {
  return handle(async () => {
    const { component, name } = await ctx.params;
    const id = workerId(component, name);
    const store = oplogStore();
    if (!store.db.prepare('SELECT 1 FROM "Worker" WHERE id = ?').get(id)) return fail(`no worker ${id}`, 404);
    const q = new URL(req.url).searchParams;
    const num = (k: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
      const v = q.get(k);
      if (v === null || v === '') return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`"${k}" must be an integer between ${min} and ${max}, got "${v}"`);
      return n;
    };
    let from, to, limit;
    try {
      from = num('from', 1);
      to = num('to', 1);
      limit = num('limit', 1, 10000) ?? 1000;
    } catch (e) {
      return fail((e as Error).message);
    }
    const kinds = q.get('kinds')?.split(',').filter(Boolean) as OplogKind[] | undefined;
    const unknown = kinds?.filter((k) => !OPLOG_KINDS.includes(k));
    if (unknown && unknown.length > 0) return fail(`unknown oplog kind(s): ${unknown.join(', ')}; known: ${OPLOG_KINDS.join(', ')}`);
    const entries = store.query(id, { from, to, limit, kinds, text: q.get('text') ?? undefined, reverse: q.get('reverse') === '1' });
    return json({ entries, length: store.length(id) } satisfies OplogBody);
  });
}
