import { handle, json, fail, readJson } from '@/lib/api/respond';
import type { CreateWorkerRequest, Unchecked, WorkerBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';
import type { WorkerStatus } from '@/lib/runtime/types';

export const dynamic = 'force-dynamic';

const MAX_PAGE = 1000;
const STATUSES = ['running', 'idle', 'suspended', 'interrupted', 'retrying', 'failed', 'exited'];

export function GET(req: Request) {
  return handle(async () => {
    const url = new URL(req.url);
    const status = url.searchParams.get('status') ?? undefined;
    if (status && !STATUSES.includes(status)) return fail(`unknown status "${status}"; one of ${STATUSES.join(', ')}`);
    // ?deleted=true lists the deleted workers kept for replay instead of the live ones.
    const deleted = url.searchParams.get('deleted') === 'true';
    const filter = { component: url.searchParams.get('component') ?? undefined, status: status as WorkerStatus | undefined, deleted };
    // ?limit=N pages (newest first): { workers, next? }; pass next as ?after= for the page after.
    const limit = url.searchParams.get('limit');
    const after = url.searchParams.get('after') ?? undefined;
    if (limit === null) {
      if (after !== undefined) return fail('"after" needs "limit"');
      // A WorkersBody, made by the runtime as text: thousands of workers cross its pipe as one string, not cloned objects.
      const workers = await runtime().api.listWorkersJson(filter);
      return new Response(`{"workers":${workers}}`, { headers: { 'content-type': 'application/json' } });
    }
    if (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE)
      return fail(`"limit" must be an integer from 1 to ${MAX_PAGE}`);
    return json(await runtime().api.listWorkersPage({ ...filter, limit: Number(limit), after }));
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
