// CPU time (user + system, seconds) of this process's children that have
// ended, from /proc/self/stat (Linux; null elsewhere). A child's figure counts
// its whole tree (threads, and the processes it waited for), so the increase
// seen right when a child closes is what that child used. Wall time on a
// shared machine says how busy the machine was; CPU time says what a step
// costs, whatever else runs beside it.

import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times: 100 on every Linux build Node supports. */
const TICKS = 100;

export function childCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / TICKS;
  } catch {
    return null;
  }
}

/** A counter that answers, at each call, the children's CPU since its previous call. */
export function cpuMeter() {
  let last = childCpu();
  return () => {
    const now = childCpu();
    if (now === null || last === null) return null;
    const used = now - last;
    last = now;
    return used;
  };
}
