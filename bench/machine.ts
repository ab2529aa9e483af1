// What the bench scripts print beside their figures: the machine's load (the
// machine is shared, a figure means little without it) and this process's CPU time.

import { loadavg } from 'node:os';

/** The 1, 5 and 15 minute load averages, e.g. "2.1 3.4 3.0". */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** This process's CPU time so far, ms (every thread of it): on a shared machine the figure that load does not inflate much. */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
