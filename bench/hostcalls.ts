// The cost of one recorded host call (issue 13). Run:
//   npm run build:runtime && node --import tsx bench/hostcalls.ts
// A component whose `ten` makes 5 wasi:random and 5 wasi:clocks calls and
// whose `none` makes none. The per-host-call cost is (ten − none) / 10, so the
// invocation's own cost (thread hop, oplog commit of the call and result)
// cancels out: durable through the engine (each call recorded in the oplog)
// against plain (the same component, the same imports, nothing recorded,
// called on this thread, the way bench/engine.ts measures plain calls).
// Environment: BENCH_N (1000 invocations per figure and round).

import { mean, median } from './stats';
import { loadAverage } from './machine';
import { setFlagsFromString } from 'node:v8';
import { makeEngine, plainInstance } from '../lib/testing/harness';

setFlagsFromString('--experimental-wasm-extended-const');
const N = Number(process.env.BENCH_N ?? 1000);

const WIT = `package bench:hostcalls;

interface api {
  /// 5 random and 5 wall-clock reads: ten host calls.
  ten: func() -> u64;
  /// No host call: the invocation's own cost.
  none: func() -> u64;
}

world hostcalls {
  import wasi:clocks/wall-clock@0.2.12;
  import wasi:random/random@0.2.12;
  export api;
}
`;
const JS = `import { now } from 'wasi:clocks/wall-clock@0.2.12';
import { getRandomU64 } from 'wasi:random/random@0.2.12';
let n = 0;
export const api = {
  ten() {
    let x = 0;
    for (let i = 0; i < 5; i++) {
      x += Number(getRandomU64() % 1000);
      x += now().nanoseconds % 1000;
    }
    n += 1;
    return x;
  },
  none() {
    n += 1;
    return n;
  },
};
`;

const us = (msec: number) => `${(msec * 1000).toFixed(1)} µs`;

async function main() {
  console.log(`Recorded host call cost — node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()}\n`);
  const { engine, close } = makeEngine({}, 'dp-bench-hostcalls-');
  try {
    await engine.registerComponent('hostcalls', { kind: 'js', source: JS, wit: WIT });
    const w = engine.createWorker({ component: 'hostcalls', name: 'w' });
    const durable = async (fn: string, count = N) => {
      const xs: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await engine.invoke(w.id, { function: `api.${fn}` });
        xs.push(performance.now() - t);
      }
      return xs;
    };
    await durable('ten', 100);
    await durable('none', 100); // warm-up of both paths
    // Interleave the two in rounds, so a busier moment of the machine hits both alike.
    const d = { ten: [] as number[], none: [] as number[] };
    for (let r = 0; r < 4; r++) {
      d.ten.push(median(await durable('ten')));
      d.none.push(median(await durable('none')));
    }
    const recorded = engine.store.length(w.id);

    const plain = await plainInstance<{ ten(): unknown; none(): unknown }>(engine, 'hostcalls', 1);
    const plainRun = (fn: 'ten' | 'none') => {
      const t = performance.now();
      for (let i = 0; i < N * 10; i++) plain.api[fn]();
      return (performance.now() - t) / (N * 10);
    };
    plainRun('ten');
    plainRun('none');
    const p = { ten: [] as number[], none: [] as number[] };
    for (let r = 0; r < 4; r++) {
      p.ten.push(plainRun('ten'));
      p.none.push(plainRun('none'));
    }
    const durableCall = (mean(d.ten) - mean(d.none)) / 10;
    const plainCall = (mean(p.ten) - mean(p.none)) / 10;
    const row = (name: string, value: string, note = '') => console.log(`${name.padEnd(60)} ${value.padStart(12)}   ${note}`);
    row('durable invocation with 10 host calls (p50)', us(mean(d.ten)));
    row('durable invocation with no host call (p50)', us(mean(d.none)));
    row('per recorded host call, durable', us(durableCall), 'target ≤ 10 µs');
    row('plain call with 10 host calls (mean)', us(mean(p.ten)));
    row('plain call with no host call (mean)', us(mean(p.none)));
    row('per host call, plain (not recorded)', us(plainCall), `durable costs ${(durableCall / plainCall).toFixed(0)}x`);
    console.log(
      `\n(${N} invocations per figure and round, 4 rounds each, interleaved; oplog entries written: ${recorded}; load average at the end ${loadAverage()})`,
    );
  } finally {
    await close();
  }
}

await main();
