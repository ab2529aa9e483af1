// How long a registration holds the engine's main thread, the thread that
// answers every worker's host calls (a host call waits that long). Run:
//   npm run build:runtime && node --import tsx bench/register-stall.ts
// Registers WAT and JavaScript components, each with bytes never seen before
// (no build cache), and prints per registration the event loop's longest
// delay while it ran (perf_hooks, 1 ms resolution) and its wall time.
// Environment: BENCH_N (3 registrations of each kind).

import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadAverage, cpuMs } from './machine';
import { makeEngine, jsExample } from '../lib/testing/harness';
import type { ComponentSource } from '../lib/components/registry';

const N = Number(process.env.BENCH_N ?? 3);
delete process.env.PLAYGROUND_BUILD_CACHE; // every build and transpile for real
const WIT = 'package bench:stall;\nworld w { export one: func() -> u32; }\n';
const wat = (n: number): ComponentSource => ({
  kind: 'wat',
  source: `(module (memory (export "memory") 1) (func (export "one") (result i32) i32.const ${n}))`,
  wit: WIT,
});
const js = (): ComponentSource => {
  const counter = jsExample('counter', 'counter');
  return { ...counter, source: `// ${randomUUID()}\n${counter.source}` };
};

const t = makeEngine();
const delay = monitorEventLoopDelay({ resolution: 1 });
console.log(`load ${loadAverage()}`);
const cpu0 = cpuMs();
for (const [kind, make] of [
  ['wat', wat],
  ['js', js],
] as const) {
  for (let i = 1; i <= N; i++) {
    delay.reset();
    delay.enable();
    const t0 = performance.now();
    await t.engine.registerComponent(`stall-${kind}-${i}`, make(i));
    const wall = performance.now() - t0;
    delay.disable();
    console.log(`${kind} #${i}: main thread held at most ${(delay.max / 1e6).toFixed(0)} ms; registration ${wall.toFixed(0)} ms`);
  }
}
console.log(`this process's CPU: ${((cpuMs() - cpu0) / 1000).toFixed(2)} s`);
await t.close();
