import { handle, json, fail, readJson } from '@/lib/api/respond';
import type { CreateWorkerRequest, Unchecked, WorkerBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';
import { listAnswer } from '@/lib/api/worker-list';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handle(async () => {
    const a = await listAnswer(new URL(req.url).searchParams);
    return 'text' in a ? new Response(a.text, { headers: { 'content-type': 'application/json' } }) : json(a.body, a.status);
  });
}

/** Create a worker: { component, name, version?, env?: {K: V} | [[K, V]], args?: string[] }. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<Unchecked<CreateWorkerRequest>>(req);
    if (typeof b.component !== 'string' || !b.component) return fail('missing "component"');
    if (typeof b.name !== 'string' || !b.name) return fail('missing "name"');
    if (b.version !== undefined && (!Number.isInteger(b.version) || (b.version as number) < 1))
      return fail('"version" must be a positive integer');
    if (b.env !== undefined && (typeof b.env !== 'object' || b.env === null)) return fail('"env" must be an object of string values');
    if (b.durable !== undefined && typeof b.durable !== 'boolean') return fail('"durable" must be true or false');
    const worker = await runtime().api.createWorker({
      component: b.component,
      name: b.name,
      version: b.version as number | undefined,
      env: b.env as Record<string, string> | undefined,
      args: b.args as string[] | undefined,
      ...(b.durable === false ? { durable: false } : {}),
    });
    return json({ worker } satisfies WorkerBody, 201);
  });
}
