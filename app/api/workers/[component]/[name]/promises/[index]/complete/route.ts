import { handle, json, fail, readJson, workerId } from '@/lib/api/respond';
import type { CompletePromiseBody, CompletePromiseRequest, Unchecked } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/**
 * Completes a promise with a payload: { text } (UTF-8), { json } (serialized)
 * or { base64 } (raw bytes). A worker suspended on it wakes and goes on.
 */
export function POST(req: Request, ctx: { params: Promise<{ component: string; name: string; index: string }> }) {
  return handle(async () => {
    const { component, name, index } = await ctx.params;
    const i = Number(index);
    if (!Number.isInteger(i) || i < 1) return fail(`"${index}" is not an oplog index`);
    const b = await readJson<Unchecked<CompletePromiseRequest>>(req);
    const given = ['text', 'json', 'base64'].filter((k) => k in b);
    if (given.length !== 1) return fail('give the payload as exactly one of {"text": "..."}, {"json": ...} or {"base64": "..."}');
    let data: string;
    if ('text' in b) {
      if (typeof b.text !== 'string') return fail('"text" must be a string');
      data = Buffer.from(b.text, 'utf8').toString('base64');
    } else if ('json' in b) {
      data = Buffer.from(JSON.stringify(b.json ?? null), 'utf8').toString('base64');
    } else {
      if (typeof b.base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b.base64)) return fail('"base64" must be base64 text');
      data = b.base64;
    }
    const completed = await runtime().api.completePromise(workerId(component, name), i, data);
    return json({ completed } satisfies CompletePromiseBody);
  });
}
