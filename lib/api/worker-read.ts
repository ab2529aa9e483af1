// What the read-only worker routes (oplog, invocations, events) share: the
// worker named by the URL, 404 when there is none, and the oplog range query.

import { UserError } from '../components/errors';
import type { OplogKind } from '../oplog/entry';
import { OPLOG_KINDS } from '../oplog/kinds';
import type { OplogQuery, OplogStore } from '../store/oplog-store';
import { WorkerStore } from '../store/worker-store';
import { BadRequest, workerId } from './respond';
import { oplogStore } from './server';

export type WorkerParams = { params: Promise<{ component: string; name: string }> };

/** The worker's id and the store to read it from; a 404 when no such worker was ever created. */
export async function storedWorker(ctx: WorkerParams): Promise<{ id: string; store: OplogStore }> {
  const { component, name } = await ctx.params;
  const id = workerId(component, name);
  const store = oplogStore();
  if (!new WorkerStore(store.db).exists(id)) throw new UserError(`no worker ${id}`, 404);
  return { id, store };
}

/** `?from=&to=&limit=&kinds=a,b&text=&reverse=1`, checked; a BadRequest names what is wrong. */
export function readOplogQuery(q: URLSearchParams): OplogQuery {
  const num = (k: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const v = q.get(k);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new BadRequest(`"${k}" must be an integer between ${min} and ${max}, got "${v}"`);
    return n;
  };
  const query: OplogQuery = {
    from: num('from', 1),
    to: num('to', 1),
    limit: num('limit', 1, 10000) ?? 1000,
    text: q.get('text') ?? undefined,
    reverse: q.get('reverse') === '1',
  };
  const kinds = q.get('kinds')?.split(',').filter(Boolean);
  const unknown = kinds?.filter((k) => !(OPLOG_KINDS as readonly string[]).includes(k));
  if (unknown && unknown.length > 0) throw new BadRequest(`unknown oplog kind(s): ${unknown.join(', ')}; known: ${OPLOG_KINDS.join(', ')}`);
  if (kinds) query.kinds = kinds as OplogKind[];
  return query;
}
