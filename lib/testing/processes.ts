// What tests see of the processes a component build or a jco job starts (Linux /proc).

import { readdirSync, readFileSync } from 'node:fs';

/** Processes whose parent is `parent` (this one unless told) and whose command line names `what`. A zombie (ended, not yet reaped) has none. */
export function childrenRunning(what: string, parent = process.pid): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === parent && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(what)) pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
