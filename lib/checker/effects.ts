// What the app's own demo services (payment, notify) saw from a check's
// throwaway workers, keyed by the worker named in the check runtime's header.
// In the web server's memory: the checker runs in the same process.

import { CHECK_WORKER_HEADER } from './probe';
import type { Effect } from './types';

const KEY = Symbol.for('durable-playground.check-effects');
/** Bounded: a check takes its runs' effects as they finish. */
const MAX_WORKERS = 2000;

function seen(): Map<string, Effect[]> {
  const g = globalThis as unknown as Record<symbol, Map<string, Effect[]> | undefined>;
  g[KEY] ??= new Map();
  return g[KEY]!;
}

/** Called by a demo service for each request; requests without the header (users' workers) are not kept. */
export function noteEffect(req: Request, service: string, body: string): void {
  const worker = req.headers.get(CHECK_WORKER_HEADER);
  if (!worker) return;
  const m = seen();
  m.set(worker, [...(m.get(worker) ?? []), { service, body }]);
  if (m.size > MAX_WORKERS) m.delete(m.keys().next().value!);
}

export function takeEffects(workerId: string): Effect[] {
  const m = seen();
  const out = m.get(workerId) ?? [];
  m.delete(workerId);
  return out;
}
