// GET /api/workers from its query: the route and the production server's fast
// path (lib/server/fast.ts) answer with this one function. The whole list is
// JSON text the runtime made a page at a time: ten thousand workers cross its
// pipe as one string and go out as it is, never cloned, parsed or stringified
// again here.

import { errorAnswer, type Answer } from './respond';
import { runtime } from './server';
import { WORKER_STATUSES, type WorkerStatus } from '../oplog/history';

const MAX_PAGE = 1000;

/** An answer, or the whole list's body (a WorkersBody) as JSON text. */
export type ListAnswer = Answer | { status: 200; text: string };

export async function listAnswer(query: URLSearchParams): Promise<ListAnswer> {
  try {
    const bad = (error: string): Answer => ({ status: 400, body: { error } });
    const status = query.get('status') ?? undefined;
    if (status && !(WORKER_STATUSES as readonly string[]).includes(status))
      return bad(`unknown status "${status}"; one of ${WORKER_STATUSES.join(', ')}`);
    // ?deleted=true lists the deleted workers kept for replay instead of the live ones.
    const deleted = query.get('deleted') === 'true';
    const filter = { component: query.get('component') ?? undefined, status: status as WorkerStatus | undefined, deleted };
    // ?limit=N pages (newest first): { workers, next? }; pass next as ?after= for the page after.
    const limit = query.get('limit');
    const after = query.get('after') ?? undefined;
    if (limit === null) {
      if (after !== undefined) return bad('"after" needs "limit"');
      return { status: 200, text: `{"workers":${await runtime().api.listWorkersJson(filter)}}` };
    }
    if (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE)
      return bad(`"limit" must be an integer from 1 to ${MAX_PAGE}`);
    return { status: 200, body: await runtime().api.listWorkersPage({ ...filter, limit: Number(limit), after }) };
  } catch (e) {
    return errorAnswer(e);
  }
}
