// The worker page's first data, one shape for both ways it arrives: read by the
// server render (worker-page.ts) or, when that could not, by the browser over
// the same routes (loadWorkerPage below).

import type { ComponentVersionInfo } from '../components/registry';
import type { OplogEntry } from '../oplog/entry';
import type { WorkerInfo } from '../runtime/types';
import { componentsClient, workerClient } from './client';

/** The newest entries the page starts with; the live stream goes on after the last one. */
export const FIRST_PAGE = 500;

export interface WorkerPageData {
  worker: WorkerInfo;
  versions: ComponentVersionInfo[];
  entries: OplogEntry[];
  hasOlder: boolean;
}

/** In the browser: the metadata, the component's versions and the newest page (ascending). */
export async function loadWorkerPage(component: string, name: string): Promise<WorkerPageData> {
  const [w, oplog, comp] = await Promise.all([
    workerClient(component, name).get(),
    workerClient(component, name).oplog({ reverse: true, limit: FIRST_PAGE }),
    componentsClient.versions(component),
  ]);
  const entries = oplog.entries.reverse();
  return { worker: w.worker, versions: comp.versions, entries, hasOlder: (entries[0]?.index ?? 1) > 1 };
}
