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

/** All CPUs' idle and total ticks so far, from /proc/stat (Linux; null elsewhere). */
function machineTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are time no one could use.
    return { idle: f[3] + (f[4] ?? 0), total: f.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** The share of the machine's CPU left idle over the next `ms` (0 to 1; 0 where it cannot be read). */
export async function idleShare(ms) {
  const a = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineTicks();
  if (!a || !b || b.total <= a.total) return 0;
  return (b.idle - a.idle) / (b.total - a.total);
}
