// The write path's cost in process (issue 13): durable invocations over 10
// counter workers, then keyed invocations on one, printed as wall-clock rate
// and as CPU time per invocation (process.cpuUsage counts every thread of the
// process: the engine's and the workers'). On a shared machine the CPU figure
// is the one to compare. Run: npm run build:runtime && node --import tsx bench/write-path.ts
// Environment: BENCH_ROUNDS (3), BENCH_PER_WORKER (300), BENCH_KEYED (500).

import { setFlagsFromString } from 'node:v8';
import { example, makeEngine } from '../lib/testing/harness';
import { cpuMs, cpuSplit, loadAverage, threadCpuMs } from './machine';

setFlagsFromString('--experimental-wasm-extended-const');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PER_WORKER = Number(process.env.BENCH_PER_WORKER ?? 300);
const KEYED = Number(process.env.BENCH_KEYED ?? 500);

/** Wall ms and CPU ms of `f`. */
async function measure(f: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const c0 = cpuMs();
  const t0 = performance.now();
  await f();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

async function main() {
  console.log(`write path bench — node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()}\n`);
  // V8's and the loader's threads, apart from the engine's worker threads started later.
  const early = new Set(threadCpuMs().keys());
  const { engine, close } = makeEngine({}, 'dp-bench-write-');
  try {
    await engine.registerComponent('counter', {
      kind: 'js',
      source: example('counter', 'counter.js'),
      wit: example('counter', 'counter.wit'),
    });
    const ws = Array.from({ length: 10 }, (_, i) => engine.createWorker({ component: 'counter', name: `tp-${i}` }));
    for (const w of ws) await engine.invoke(w.id, { function: 'api.add', args: [1] });
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = threadCpuMs();
      const m = await measure(async () => {
        await Promise.all(
          ws.map(async (w) => {
            for (let i = 0; i < PER_WORKER; i++) await engine.invoke(w.id, { function: 'api.add', args: [1] });
          }),
        );
      });
      const n = ws.length * PER_WORKER;
      const split = cpuSplit(early, t0, threadCpuMs());
      const us = (ms: number) => ((ms / n) * 1000).toFixed(0).padStart(4);
      console.log(
        `round ${r + 1}: ${n} durable invocations over 10 workers  ${((n / m.wall) * 1000).toFixed(0).padStart(6)}/s wall   ${((m.cpu / n) * 1000).toFixed(0).padStart(5)} µs CPU each ` +
          `(main thread ${us(split.main)}, worker threads ${us(split.workers)}, V8 helpers ${us(split.helpers)})   (load ${loadAverage()})`,
      );
    }
    const k = await measure(async () => {
      for (let i = 0; i < KEYED; i++) await engine.invoke(ws[0]!.id, { function: 'api.add', args: [1], idempotencyKey: `k-${i}` });
    });
    console.log(
      `keyed invocation, one worker, one at a time            ${((k.wall / KEYED) * 1000).toFixed(0).padStart(6)} µs wall   ${((k.cpu / KEYED) * 1000).toFixed(0).padStart(5)} µs CPU each   (load ${loadAverage()})`,
    );
  } finally {
    await close();
  }
}

await main();
