// GET /api/workers/:component/:name from its raw parts: the route and the
// production server's fast path (lib/server/fast.ts) answer with this one function.

import type { WorkerBody } from './types';
import { errorAnswer, workerId, type Answer } from './respond';
import { runtime } from './server';

export async function workerAnswer(component: string, name: string): Promise<Answer> {
  try {
    // Decoded first: a malformed escape is a 400 without asking the runtime.
    const id = workerId(component, name);
    return { status: 200, body: { worker: await runtime().api.getWorker(id) } satisfies WorkerBody };
  } catch (e) {
    return errorAnswer(e);
  }
}
