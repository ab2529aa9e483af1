import { handle, json, fail, readJson } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';
import type { WorkerStatus } from '@/lib/runtime/types';

export const dynamic = 'force-dynamic';

const STATUSES = ['running', 'idle', 'suspended', 'interrupted', 'retrying', 'failed', 'exited'];

export function GET(req: Request) {
  return handle(async () => {
    const url = new URL(req.url);
    const status = url.searchParams.get('status') ?? undefined;
    if (status && !STATUSES.includes(status)) return fail(`unknown status "${status}"; one of ${STATUSES.join(', ')}`);
    // ?deleted=true lists the deleted workers kept for replay instead of the live ones.
    const deleted = url.searchParams.get('deleted') === 'true';
    const workers = await runtime().api.listWorkers({ component: url.searchParams.get('component') ?? undefined, status: status as WorkerStatus | undefined, deleted });
    return json({ workers });
  });
}

/** Create a worker: { component, name, version?, env?: {K: V} | [[K, V]], args?: string[] }. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<{ component?: unknown; name?: unknown; version?: unknown; env?: unknown; args?: unknown; durable?: unknown }>(req);
    if (typeof b.component !== 'string' || !b.component) return fail('missing "component"');
    if (typeof b.name !== 'string' || !b.name) return fail('missing "name"');
    if (b.version !== undefined && (!Number.isInteger(b.version) || (b.version as number) < 1)) return fail('"version" must be a positive integer');
    if (b.env !== undefined && (typeof b.env !== 'object' || b.env === null)) return fail('"env" must be an object of string values');
    if (b.durable !== undefined && typeof b.durable !== 'boolean') return fail('"durable" must be true or false');
    const worker = await runtime().api.createWorker({
      component: b.component, name: b.name, version: b.version as number | undefined,
      env: b.env as Record<string, string> | undefined, args: b.args as string[] | undefined,
      ...(b.durable === false ? { durable: false } : {}),
    });
    return json({ worker }, 201);
  });
}
