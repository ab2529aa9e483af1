// The cost of one recorded host call (issue 13). Run:
//   npm run build:runtime && node --import tsx bench/hostcalls.ts
// A component whose `ten` makes 5 wasi:random and 5 wasi:clocks calls and
// whose `none` makes none. The per-host-call cost is (ten − none) / 10, so the
// invocation's own cost (thread hop, oplog commit of the call and result)
// cancels out: durable through the engine (each call recorded in the oplog)
// against plain (the same component, the same imports, nothing recorded,
// called on this thread, the way bench/engine.ts measures plain calls).
// Environment: BENCH_N (1000 invocations per figure and round).

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import Database from 'better-sqlite3';
import { migrate } from '../lib/store/migrate';
import { Engine } from '../lib/runtime/engine';

setFlagsFromString('--experimental-wasm-extended-const');
const root = path.resolve(import.meta.dirname, '..');
const N = Number(process.env.BENCH_N ?? 1000);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

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

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = (msec: number) => `${(msec * 1000).toFixed(1)} µs`;

async function main() {
  console.log(`Recorded host call cost — node ${process.version}, ${new Date().toISOString()}, load average ${load()}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'dp-bench-hostcalls-'));
  const dbPath = path.join(dir, 'bench.db');
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  const engine = new Engine({ db, dbPath, filesDir: `${dbPath}.files`, threadEntry: path.join(root, '.runtime', 'thread.mjs') });
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

    const plain = await plainInstance(engine, 'hostcalls');
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
    console.log(`\n(${N} invocations per figure and round, 4 rounds each, interleaved; oplog entries written: ${recorded}; load average at the end ${load()})`);
  } finally {
    await engine.shutdown();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same component instantiated with plain, non-recording imports (as bench/engine.ts does). */
async function plainInstance(engine: Engine, name: string): Promise<{ api: { ten(): unknown; none(): unknown } }> {
  const loaded = await engine.components.load(name, 1);
  const { instantiate } = await import(loaded.bindingsUrl);
  const { hostImports } = await import('../lib/host');
  const ctx = {
    env: [], args: [], replaying: () => false,
    durable: (_f: string, _d: string, _r: unknown, live: () => unknown) => live(),
    log: () => {}, httpRequest: () => ({ error: 'internal-error', message: 'none' }), sleep: () => {},
  };
  return instantiate((n: string) => loaded.modules[n], hostImports(ctx as never));
}

await main();
