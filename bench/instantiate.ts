// The floor of a durable sleep or wake (issue 13): each costs one fresh
// instance of the component in a worker thread (the guest unwound when it
// suspended). This measures one instantiation of a small JS component, one
// after another in a thread with the pool's heap limits, with stand-in host
// imports (the host's own import object adds ~0.2 ms): CPU of that thread
// (Linux /proc) and of the whole process (V8's GC and compiler helpers too).
// Beside it, the same bindings with jco's JSPI probe throwing into its
// try-and-catch as before the fallback in lib/components/bindings-patch.ts,
// and in a thread with V8's default heap sizing (as before threads.ts set an
// initial old space), alternating rounds. BENCH_KEEP instances stay alive
// meanwhile, as workers sharing a thread hold theirs (GC then costs more).
// Run: npm run build:runtime && node --import tsx bench/instantiate.ts
// Environment: BENCH_N (300 instances per round), BENCH_ROUNDS (3), BENCH_KEEP (0).

import { Worker } from 'node:worker_threads';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { makeEngine } from '../lib/testing/harness';
import { THREAD_INITIAL_OLD_SPACE_MB, THREAD_LIMITS } from '../lib/runtime/pool/threads';
import { loadAverage } from './machine';
import { median } from './stats';

setFlagsFromString('--experimental-wasm-extended-const');
const N = Number(process.env.BENCH_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KEEP = Number(process.env.BENCH_KEEP ?? 0);

const WIT = `package bench:inst;

interface api {
  nap: func(ms: u32) -> u32;
}

world inst {
  import wasi:clocks/monotonic-clock@0.2.12;
  import wasi:io/poll@0.2.12;
  export api;
}
`;
const JS = `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
export const api = {
  nap(ms) {
    subscribeDuration(ms * 1000000).block();
    return ms;
  },
};
`;

// In the thread: the flag thread/main.ts sets (the TurboFan filter is the process's, set by the registry this imports), instances made one after another, CPU read around them.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const v8 = require('node:v8');
v8.setFlagsFromString('--experimental-wasm-extended-const');
const threadMs = () => {
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
};
// Any interface, any member: instantiation only looks them up.
const stand = () => new Proxy(function () {}, { get: (_, p) => (p === 'prototype' ? {} : stand()) });
const imports = new Proxy({}, { get: () => new Proxy({}, { get: () => stand() }) });
(async () => {
  const { instantiate } = await import(workerData.url);
  const one = () => instantiate((n) => workerData.modules[n], imports, (m, i) => WebAssembly.instantiate(m, i));
  for (let i = 0; i < 30; i++) await one();
  const t0 = threadMs();
  const p0 = process.cpuUsage();
  const kept = [];
  for (let i = 0; i < workerData.n; i++) {
    kept.push(await one());
    if (kept.length > workerData.keep) kept.shift();
  }
  const p = process.cpuUsage(p0);
  parentPort.postMessage({ thread: (threadMs() - t0) / workerData.n, process: (p.user + p.system) / 1000 / workerData.n });
})();
`;

function round(
  url: string,
  modules: Record<string, WebAssembly.Module>,
  defaultHeap = false,
): Promise<{ thread: number; process: number }> {
  // The flag is read when the thread's isolate is made: 0 is V8's default (no configured initial size).
  if (defaultHeap) setFlagsFromString('--initial-old-space-size=0');
  const w = new Worker(THREAD, { eval: true, workerData: { url, modules, n: N, keep: KEEP }, resourceLimits: THREAD_LIMITS });
  // Put back once the thread runs: its isolate is made on the thread, after the constructor returns.
  if (defaultHeap) w.once('online', () => setFlagsFromString(`--initial-old-space-size=${THREAD_INITIAL_OLD_SPACE_MB}`));
  return new Promise((resolve, reject) => {
    w.once('message', (m: { thread: number; process: number }) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

const h = makeEngine({ spareThreads: 0 }, 'dp-bench-inst-');
try {
  await h.engine.registerComponent('inst', { kind: 'js', source: JS, wit: WIT });
  const loaded = await h.engine.components.load('inst', 1);
  const file = fileURLToPath(loaded.bindingsUrl);
  // The try-and-catch in jco's instantiation body put back, as the probe alone left it: the throw is caught
  // there, in a ~36 KB function, which is what costs (not the throw itself).
  const text = readFileSync(file, 'utf8');
  const throwing = text.replace(
    /([\w$]+) = __dpPromisingOr\(([^;\n]+)\);/g,
    'try {\n    $1 = __dpPromising($2);\n  } catch(err) {\n    $1 = $2;\n  }',
  );
  if (throwing === text) throw new Error('the bindings have no JSPI fallback helper to compare against');
  const before = file.replace(/bindings\.mjs$/, 'bindings-throwing.mjs');
  writeFileSync(before, throwing);
  const arms = [
    { label: 'bindings as patched now', url: loaded.bindingsUrl, runs: [] as { thread: number; process: number }[] },
    { label: 'JSPI probe throwing (as before)', url: pathToFileURL(before).href, runs: [] as { thread: number; process: number }[] },
    {
      label: "V8's default thread heap (as before)",
      url: loaded.bindingsUrl,
      defaultHeap: true,
      runs: [] as { thread: number; process: number }[],
    },
  ];
  console.log(`Durable Playground instantiation bench — node ${process.version}, load average ${loadAverage()}`);
  console.log(`${N} instances per round (${KEEP} kept alive), ${ROUNDS} rounds alternating; CPU per instance (medians of rounds)\n`);
  for (let r = 0; r < ROUNDS; r++) for (const a of arms) a.runs.push(await round(a.url, loaded.modules, 'defaultHeap' in a));
  for (const a of arms) {
    const t = median(a.runs.map((x) => x.thread));
    const p = median(a.runs.map((x) => x.process));
    console.log(
      `${a.label.padEnd(36)} thread ${t.toFixed(2)} ms   process ${p.toFixed(2)} ms   (rounds: ${a.runs.map((x) => x.thread.toFixed(2)).join(' ')})`,
    );
  }
  console.log(`\nload average at the end ${loadAverage()}`);
} finally {
  await h.close();
}
