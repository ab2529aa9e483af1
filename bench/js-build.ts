// What one JavaScript build costs (componentize-qjs on the counter example),
// cache off: wall time and CPU, this process's and its children's (a build
// runs in a child process of its own). The first build is shown apart: the
// toolchain's files are read from a cold disk cache then. Each
// build's source differs by a comment, as a user's edits do, so no layer can
// reuse an earlier one's result.
// Run: node --import tsx bench/js-build.ts   Environment: BENCH_N (6 builds after the first).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildFromJs } from '../lib/components/build';
import { cpuMs, cpuMsOf, loadAverage } from './machine';
import { median, ms } from './stats';

const N = Number(process.env.BENCH_N ?? 6);
const dir = path.join(import.meta.dirname, '..', 'examples', 'counter');
const source = readFileSync(path.join(dir, 'counter.js'), 'utf8');
const wit = readFileSync(path.join(dir, 'counter.wit'), 'utf8');

/** CPU of this process's children, ms (Linux /proc): those that ended (cutime + cstime) and those still running. */
function childCpuMs(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    let ms = (Number(f[13]) + Number(f[14])) * 10;
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === process.pid) ms += cpuMsOf(Number(d));
      } catch {
        // ended meanwhile
      }
    }
    return ms;
  } catch {
    return NaN;
  }
}

async function one(i: number): Promise<{ wall: number; cpu: number }> {
  const t = performance.now();
  const c = cpuMs() + childCpuMs();
  await buildFromJs(`${source}\n// build ${i} ${Date.now()}\n`, wit, 'counter');
  return { wall: performance.now() - t, cpu: cpuMs() + childCpuMs() - c };
}

console.log(`load ${loadAverage()}`);
const first = await one(0);
console.log(`first build: wall ${ms(first.wall)}, cpu ${ms(first.cpu)}`);
const rest: { wall: number; cpu: number }[] = [];
for (let i = 1; i <= N; i++) rest.push(await one(i));
console.log(
  `next ${N} builds: median wall ${ms(median(rest.map((r) => r.wall)))}, median cpu ${ms(median(rest.map((r) => r.cpu)))}  (load ${loadAverage()})`,
);
