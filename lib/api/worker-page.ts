// What the worker page's server render hands the client: the worker, its
// component's versions and the newest page of its oplog, read the way the
// routes read them (GET …/{c}/{n}, GET /api/components/{c}, GET …/oplog), so
// the first rows are in the HTML instead of behind the browser's scripts and
// three requests (bench/ui-history.ts: ~1.2 s of a cold open at 100,000 entries).

import { WorkerStore } from '../store/worker-store';
import { workerId } from './respond';
import { oplogStore, runtime } from './server';
import { FIRST_PAGE, type WorkerPageData } from './worker-page-data';

/** A busy or restarting runtime must not hold the page: the client then reads the same over the API. */
const WAIT_MS = 1500;

/**
 * The page's data, or null when anything is missing or slow (no such worker,
 * the runtime down): the client then loads it itself and shows any error as
 * the API words it. An unknown worker never starts the runtime.
 */
export async function workerPageData(component: string, name: string): Promise<WorkerPageData | null> {
  const id = workerId(component, name);
  const store = oplogStore();
  if (!new WorkerStore(store.db).exists(id)) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), WAIT_MS)));
  try {
    const meta = await Promise.race([Promise.all([runtime().api.getWorker(id), runtime().api.componentVersions(component)]), late]);
    if (!meta) return null;
    // Read after the metadata: the entries are at least as new as it, and the live stream resumes after the last one.
    const entries = store.query(id, { reverse: true, limit: FIRST_PAGE }).reverse();
    // As the API sends them (JSON), so the first render and the later reads agree.
    return JSON.parse(JSON.stringify({ worker: meta[0], versions: meta[1], entries, hasOlder: (entries[0]?.index ?? 1) > 1 }));
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
