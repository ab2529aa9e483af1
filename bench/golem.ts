// Golem-style figures for issue 5, printed as a table. Run:
//   npm run build:runtime && node --expose-gc --import tsx bench/golem.ts
// (or npm run build:runtime && npm run bench:golem). The Engine's threads run
// .runtime/thread.mjs, which build:runtime bundles.
//
// - Recovery of a worker with 100,000 oplog entries, without and with a
//    snapshot (golem:api/save-snapshot, load-snapshot), against a worker with
//    ~1,000 entries: with a snapshot, recovery must not grow with the history.
// - 10,000 workers asleep in a durable sleep (a wait longer than 1 s
//    suspends: no thread, no memory, a timer wakes it): no thread held, RSS
//    under 1 GB; then how late 100 sleepers come back when they all wake at
//    once among them.
//
// Each is broken down: where a suspension's and a wake's time goes (waiting
// for a start slot, the start, the live run) and its CPU (main thread, V8's
// helper threads, worker_threads), to see which lever pays.
//
// The sleepers run first, so their memory figures start from a fresh process.
// Environment: BENCH_ENTRIES (100000), BENCH_SLEEPERS (10000), BENCH_WAKERS
// (100), BENCH_KILLS (5), BENCH_IN_FLIGHT (16), PLAYGROUND_SNAPSHOT_EVERY (1000),
// BENCH_SKIP (sleepers,recovery).

import { readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadavg } from 'node:os';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import Database from 'better-sqlite3';
import type { Engine as EngineT } from '../lib/runtime/engine';
import type { EngineEvent } from '../lib/runtime/types';
import { median, pct } from './stats';
import { cpuSplit, threadCpuMs } from './machine';

setFlagsFromString('--experimental-wasm-extended-const');

// Worker threads read this when they start: set before any Engine exists.
process.env.PLAYGROUND_SNAPSHOT_EVERY ??= '1000';
const SNAPSHOT_EVERY = Number(process.env.PLAYGROUND_SNAPSHOT_EVERY);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const SLEEPERS = Number(process.env.BENCH_SLEEPERS ?? 10_000);
const WAKERS = Number(process.env.BENCH_WAKERS ?? 100);
const KILLS = Number(process.env.BENCH_KILLS ?? 5);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);

// Count worker_threads exactly: every Worker the engine makes is remembered;
// a thread that has exited reports threadId -1. (Patched before the engine loads.)
const threads = new Set<import('node:worker_threads').Worker>();
/** OS threads that existed before the first worker_thread (V8's helpers, the loader's): the CPU split tells them apart. */
let earlyThreads: ReadonlySet<number> | undefined;
{
  const wt = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const Original = wt.Worker;
  (wt as { Worker: unknown }).Worker = class CountedWorker extends Original {
    constructor(...a: ConstructorParameters<typeof Original>) {
      earlyThreads ??= new Set(threadCpuMs().keys());
      super(...a);
      threads.add(this);
    }
  };
  syncBuiltinESMExports();
}
const liveThreads = () => {
  for (const t of threads) if (t.threadId === -1) threads.delete(t);
  return threads.size;
};
const osThreads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);

const { Engine } = await import('../lib/runtime/engine');
const harness = await import('../lib/testing/harness');
const { root, threadEntry } = harness;
const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'snapshot-counter', f), 'utf8');

// ---- output ----

const row = (name: string, value: string, target = '') => console.log(`${name.padEnd(62)} ${value.padStart(18)}   ${target}`);
const section = (title: string) => console.log(`\n${title}\n${'-'.repeat(title.length)}`);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const n = (x: number) => x.toLocaleString('en-US');
const log = (s: string) => console.log(`  [${new Date().toISOString().slice(11, 19)}] ${s}`);

class BenchTimeout extends Error {}
function withTimeout<T>(p: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BenchTimeout(`timed out after ${limitMs} ms: ${what}`)), limitMs);
    }),
  ]).finally(() => clearTimeout(timer));
}
/** CPU time of the whole process (every thread: the engine's, its workers', V8's helpers). */
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
type Pool = { spawned: number; reused: number; joined: number; moved: number };
/** The pool's counters and the placement's (workers placed beside others on a thread, moved off a busy one). */
const pool = (engine: EngineT): Pool => ({ ...engine.threadStats(), ...engine.sharing() });
const poolDelta = (a: Pool, b: Pool) => ({
  spawned: b.spawned - a.spawned,
  reused: b.reused - a.reused,
  joined: b.joined - a.joined,
  moved: b.moved - a.moved,
});
const pause = (msec: number) => new Promise((r) => setTimeout(r, msec));

function gc() {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) for (let i = 0; i < 3; i++) g();
  return g !== undefined;
}

// ---- a fresh database per engine (lib/testing/harness.ts) ----

type BenchEngine = import('../lib/testing/harness').EngineHarness;
const dirs: string[] = [];
function makeEngine(opts: { idleEvictMs?: number } = {}): BenchEngine {
  const h = harness.makeEngine(opts, 'dp-bench-golem-');
  dirs.push(h.dir);
  return { ...h, close: () => withTimeout(h.close(), 60_000, 'engine shutdown') };
}
const dbBytes = (p: string) => [p, `${p}-wal`].reduce((s, f) => s + (existsSync(f) ? statSync(f).size : 0), 0);

/** Resolves with the next event `match` accepts (subscribed now, before the caller acts). */
function nextEvent<T extends EngineEvent>(engine: EngineT, match: (e: EngineEvent) => e is T, limitMs: number, what: string): Promise<T> {
  let off = () => {};
  const p = new Promise<T>((resolve) => {
    off = engine.onEvent((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
  return withTimeout(p, limitMs, what).finally(off);
}
type RecoveryEvent = Extract<EngineEvent, { type: 'recovery' }>;
const recoveryDone =
  (id: string) =>
  (e: EngineEvent): e is RecoveryEvent =>
    e.type === 'recovery' && e.workerId === id && e.phase === 'done';

// =====================================================================
// Recovery with and without a snapshot
// =====================================================================

const ADD = 'test:snap/api.{add}';
const GET = 'test:snap/api.{get}';

interface Built {
  label: string;
  id: string;
  component: string;
  total: number;
  invocations: number;
}

async function recoveryBench(): Promise<void> {
  section(`Recovery of a worker with ${n(ENTRIES)} oplog entries (snapshot every ${n(SNAPSHOT_EVERY)} entries)`);
  const b = makeEngine({ idleEvictMs: 60 * 60_000 });
  const { engine } = b;
  try {
    // The same counter without the snapshot exports: recovery replays everything.
    const plainJs = fixture('counter.js').replace(/\nexport const saveSnapshot[\s\S]*$/, '\n');
    const plainWit = fixture('counter.wit').replace(/^\s*export golem:api\/(save|load)-snapshot@[\d.]+;\n/gm, '');
    if (/Snapshot|golem:api/.test(plainJs + plainWit)) throw new Error('could not strip the snapshot exports from the fixture');
    let t = performance.now();
    await engine.registerComponent('snap', { kind: 'js', source: fixture('counter.js'), wit: fixture('counter.wit') });
    await engine.registerComponent('nosnap', { kind: 'js', source: plainJs, wit: plainWit });
    log(`built both components in ${ms(performance.now() - t)}`);

    const specs = [
      { label: 'no snapshot', component: 'nosnap', entries: ENTRIES },
      { label: 'no snapshot', component: 'nosnap', entries: 1000 },
      { label: 'snapshot', component: 'snap', entries: ENTRIES },
      { label: 'snapshot', component: 'snap', entries: 1000 },
    ];
    const snapshotsOf = { get: (id: string) => engine.store.ofKinds(id, ['snapshot']).length };
    const lastSnapshot = { get: (id: string) => engine.store.lastOf(id, ['snapshot'])?.index ?? null };
    const progress = new Map<string, number>();

    // Build every history by real invocations, the workers side by side (one thread each).
    t = performance.now();
    const ticker = setInterval(() => {
      const s = (performance.now() - t) / 1000;
      log(`building: ${[...progress].map(([id, k]) => `${id} ${n(k)}`).join(', ')} entries (${s.toFixed(0)} s)`);
    }, 15_000);
    let built: Built[];
    try {
      built = await withTimeout(
        Promise.all(
          specs.map(async (s, i): Promise<Built> => {
            const w = engine.createWorker({ component: s.component, name: `w${i}-${s.entries}` });
            let total = 0;
            let invocations = 0;
            // With snapshots, stop halfway between two: recovery then replays a
            // typical tail (SNAPSHOT_EVERY/2 entries or a few more), not an empty one.
            // A snapshot is committed just after the invocation's result: let it land.
            const done = async () => {
              if (engine.store.length(w.id) < s.entries) return false;
              if (s.component !== 'snap') return true;
              await pause(100);
              const last = lastSnapshot.get(w.id) as number | null;
              const tail = engine.store.length(w.id) - (last ?? 0);
              return last !== null && tail >= SNAPSHOT_EVERY / 2 && tail < SNAPSHOT_EVERY / 2 + 150;
            };
            do {
              for (let k = 0; k < 50; k++) {
                total = Number((await engine.invoke(w.id, { function: ADD, args: [1] })).result);
                invocations += 1;
              }
              progress.set(w.id, engine.store.length(w.id));
            } while (!(await done()));
            return { label: s.label, id: w.id, component: s.component, total, invocations };
          }),
        ),
        45 * 60_000,
        'building the histories (45 min)',
      );
    } finally {
      clearInterval(ticker);
    }
    const buildS = (performance.now() - t) / 1000;
    const allInv = built.reduce((s, w) => s + w.invocations, 0);
    row(
      'history built by invocations (all 4 workers, side by side)',
      `${buildS.toFixed(1)} s`,
      `${n(Math.round(allInv / buildS))} invocations/s`,
    );

    const results = built.map((w) => {
      const entries = engine.store.length(w.id);
      const snapshots = Number(snapshotsOf.get(w.id));
      const tail = entries - Number(lastSnapshot.get(w.id) ?? 0);
      return { w, entries, snapshots, tail, replayed: [] as number[], threadMs: [] as number[], wallMs: [] as number[] };
    });
    const killAndRecover = async (id: string, what: string) => {
      // Spare threads refill in the background; kills come at a person's pace.
      await pause(300);
      const done = nextEvent(engine, recoveryDone(id), 120_000, `recovery of ${id} after ${what}`);
      const t0 = performance.now();
      await engine.kill(id, { recover: true });
      const e = await done;
      return { wall: performance.now() - t0, thread: e.ms ?? NaN, replayed: e.replayedInvocations ?? NaN };
    };
    // Rounds over the four workers, so a busier moment of the machine hits
    // them all alike. Spare threads load the bindings of the version started
    // last: after a switch of component, one unmeasured kill warms them.
    let lastComponent = '';
    for (let k = 0; k < KILLS; k++) {
      for (const r of results) {
        if (r.w.component !== lastComponent) await killAndRecover(r.w.id, 'a warm-up kill');
        lastComponent = r.w.component;
        const m = await killAndRecover(r.w.id, `kill #${k + 1}`);
        r.wallMs.push(m.wall);
        r.threadMs.push(m.thread);
        r.replayed.push(m.replayed);
      }
    }
    for (const r of results) {
      const got = Number((await withTimeout(engine.invoke(r.w.id, { function: GET }), 60_000, `get on ${r.w.id}`)).result);
      if (got !== r.w.total) throw new Error(`${r.w.id} recovered to ${got}, expected ${r.w.total}`);
    }

    console.log();
    console.log(
      `  ${'worker'.padEnd(24)}${'entries'.padStart(9)}${'invocations'.padStart(13)}${'snapshots'.padStart(11)}${'tail'.padStart(7)}${'replayed'.padStart(10)}${'thread ms'.padStart(11)}${'wall ms'.padStart(10)}${'  (thread ms, each kill)'}`,
    );
    for (const r of results) {
      console.log(
        `  ${`${r.w.label}, ${r.w.id.split('-').at(-1)}`.padEnd(24)}${n(r.entries).padStart(9)}${n(r.w.invocations).padStart(13)}${String(r.snapshots).padStart(11)}${String(r.w.component === 'snap' ? r.tail : '-').padStart(7)}${n(median(r.replayed)).padStart(10)}${median(r.threadMs).toFixed(1).padStart(11)}${median(r.wallMs).toFixed(1).padStart(10)}  ${r.threadMs.map((x) => x.toFixed(0)).join(' ')}`,
      );
    }
    console.log(
      `  (tail: entries after the newest snapshot; thread ms: the recovery event's own figure, history read + instantiation + replay;`,
    );
    console.log(
      `   wall ms: from kill() to the 'done' event, with thread hand-over; medians of ${KILLS} kills; state checked with get after them)\n`,
    );

    const [bigNo, smallNo, bigSnap, smallSnap] = results;
    if (!bigNo || !smallNo || !bigSnap || !smallSnap) throw new Error(`expected four recovery results, got ${results.length}`);
    row(
      `recovery, ${n(bigNo.entries)} entries, no snapshot (thread / wall)`,
      `${ms(median(bigNo.threadMs))} / ${ms(median(bigNo.wallMs))}`,
      `replays ${n(median(bigNo.replayed))} invocations`,
    );
    row(
      `recovery, ${n(bigSnap.entries)} entries, snapshot (thread / wall)`,
      `${ms(median(bigSnap.threadMs))} / ${ms(median(bigSnap.wallMs))}`,
      `replays ${n(median(bigSnap.replayed))} invocations`,
    );
    row(
      `recovery, ${n(smallNo.entries)} entries, no snapshot (thread / wall)`,
      `${ms(median(smallNo.threadMs))} / ${ms(median(smallNo.wallMs))}`,
      '',
    );
    row(
      `recovery, ${n(smallSnap.entries)} entries, snapshot (thread / wall)`,
      `${ms(median(smallSnap.threadMs))} / ${ms(median(smallSnap.wallMs))}`,
      '',
    );
    const growth = median(bigSnap.threadMs) / median(smallSnap.threadMs);
    row(
      `snapshot recovery: ${n(bigSnap.entries)} / ${n(smallSnap.entries)}-entry worker (thread ms)`,
      `${growth.toFixed(2)}x`,
      `target: flat (≈1x, ≤ 2x) ${growth <= 2 ? 'OK' : 'MISSED'}`,
    );
    row(
      `no-snapshot recovery: ${n(bigNo.entries)} / ${n(smallNo.entries)}-entry worker (thread ms)`,
      `${(median(bigNo.threadMs) / median(smallNo.threadMs)).toFixed(1)}x`,
      'grows with the history',
    );
    row(`snapshot speed-up at ${n(ENTRIES)} entries (thread ms)`, `${(median(bigNo.threadMs) / median(bigSnap.threadMs)).toFixed(1)}x`, '');
    row('database size after the recovery bench', mb(dbBytes(b.dbPath)), '');
  } finally {
    await b.close();
  }
}

// =====================================================================
// 10,000 sleeping workers
// =====================================================================

const SLEEPER_JS = `
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { now } from 'wasi:clocks/wall-clock@0.2.12';
export const api = {
  nap(ms) {
    subscribeDuration(ms * 1000000).block();
    return ms;
  },
  napUntil(epochMs) {
    const t = now();
    const ms = Math.max(0, Math.round(epochMs - (Number(t.seconds) * 1000 + t.nanoseconds / 1000000)));
    subscribeDuration(ms * 1000000).block();
    return ms;
  },
};
`;
const SLEEPER_WIT = `
package bench:sleeper;

interface api {
  nap: func(ms: u32) -> u32;
  /// Sleeps until a wall-clock time (epoch ms); returns how long it slept.
  nap-until: func(epoch-ms: f64) -> u32;
}

world sleeper {
  import wasi:clocks/monotonic-clock@0.2.12;
  import wasi:clocks/wall-clock@0.2.12;
  import wasi:io/poll@0.2.12;
  export api;
}
`;
const NAP = 'bench:sleeper/api.{nap}';
const NAP_UNTIL = 'bench:sleeper/api.{nap-until}';

async function sleepersBench(): Promise<void> {
  section(`${n(SLEEPERS)} sleeping workers (nap(3,600,000): suspended, woken by a timer in an hour)`);
  const b = makeEngine();
  const { engine } = b;
  try {
    await engine.registerComponent('sleeper', { kind: 'js', source: SLEEPER_JS, wit: SLEEPER_WIT });
    await engine.components.load('sleeper', 1);
    const hasGc = gc();
    const before = process.memoryUsage();
    const threadsBefore = liveThreads();
    const osBefore = osThreads();
    const dbBefore = dbBytes(b.dbPath);
    if (!hasGc) log('no --expose-gc: memory figures are taken without a forced GC');

    // Suspension is seen as a status event; polling engine.status backs it up.
    const suspended = new Map<string, () => void>();
    // When each worker's start began and ended (recovery events): the time before is spent waiting for a start slot.
    const startedAt = new Map<string, number>();
    const readyAt = new Map<string, number>();
    const off = engine.onEvent((e) => {
      if (e.type === 'status' && e.status === 'suspended') suspended.get(e.workerId)?.();
      if (e.type === 'recovery' && e.phase === 'started' && !startedAt.has(e.workerId)) startedAt.set(e.workerId, performance.now());
      if (e.type === 'recovery' && e.phase === 'done' && !readyAt.has(e.workerId)) readyAt.set(e.workerId, performance.now());
    });
    const failures: string[] = [];
    const untilSuspended = (id: string, limitMs: number) => {
      let poll: NodeJS.Timeout | undefined;
      const p = new Promise<void>((resolve, reject) => {
        suspended.set(id, resolve);
        poll = setInterval(() => {
          try {
            const s = engine.status(id);
            if (s.status === 'suspended') resolve();
            else if (s.status === 'failed' || s.status === 'exited') reject(new Error(`${id} is ${s.status}: ${s.error ?? ''}`));
          } catch (e) {
            reject(e as Error);
          }
        }, 1000);
      });
      return withTimeout(p, limitMs, `${id} reaching 'suspended'`).finally(() => {
        clearInterval(poll);
        suspended.delete(id);
      });
    };

    const perWorker: number[] = [];
    /** Per worker: create → its start begins, start → ready (thread, instance, replay), ready → suspended. */
    const phases = { queued: [] as number[], start: [] as number[], run: [] as number[] };
    const cpuFill = process.cpuUsage();
    const threadsFill = threadCpuMs();
    const poolFill = pool(engine);
    let next = 0;
    let maxResident = 0;
    let peakRss = 0;
    let peakThreads = 0;
    // Peaks sampled every 50 ms, not after each sleeper: process.memoryUsage() (heap statistics) and a count over every
    // resident record after each one cost the runtime's main thread ~0.3 ms a sleeper, counted in the rate measured.
    const sample = () => {
      maxResident = Math.max(maxResident, engine.residentCount());
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      peakThreads = Math.max(peakThreads, liveThreads());
    };
    const sampler = setInterval(sample, 50);
    const t0 = performance.now();
    let lastLog = t0;
    const putToSleep = async (name: string, fn: string, arg: number) => {
      const t = performance.now();
      const w = engine.createWorker({ component: 'sleeper', name });
      const asleep = untilSuspended(w.id, 120_000);
      const { idempotencyKey } = await engine.invoke(w.id, { function: fn, args: [arg], wait: false });
      await asleep;
      const end = performance.now();
      perWorker.push(end - t);
      const began = startedAt.get(w.id);
      const ready = readyAt.get(w.id);
      if (began !== undefined && ready !== undefined) {
        phases.queued.push(began - t);
        phases.start.push(ready - began);
        phases.run.push(end - ready);
      }
      return { id: w.id, idempotencyKey };
    };
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < SLEEPERS && failures.length === 0) {
          const i = next++;
          try {
            await putToSleep(`s${i}`, NAP, 3_600_000);
          } catch (e) {
            failures.push(`sleeper s${i}: ${(e as Error).message}`);
          }
          if (performance.now() - lastLog > 15_000) {
            lastLog = performance.now();
            log(
              `${n(perWorker.length)} asleep, ${(perWorker.length / ((lastLog - t0) / 1000)).toFixed(0)}/s, resident ${engine.residentCount()}, threads ${liveThreads()}, RSS ${mb(process.memoryUsage().rss)}`,
            );
          }
        }
      }),
    );
    const sleepS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    sample();
    const fillCpu = cpuSeconds(process.cpuUsage(cpuFill));
    const fillSplit = cpuSplit(earlyThreads ?? new Set(), threadsFill, threadCpuMs());
    const fillPool = poolDelta(poolFill, pool(engine));
    const fillLoad = loadavg()[0] ?? NaN;
    if (failures.length > 0) throw new Error(`putting workers to sleep failed: ${failures.slice(0, 5).join('; ')}`);

    // Threads that were let go end asynchronously: give them a moment.
    const settleEnd = Date.now() + 10_000;
    while ((engine.residentCount() > 0 || liveThreads() > threadsBefore) && Date.now() < settleEnd) await pause(100);
    await pause(500);
    gc();
    const after = process.memoryUsage();
    const threadsAfter = liveThreads();
    const resident = engine.residentCount();
    const tl = performance.now();
    const listed = engine.listWorkers({ component: 'sleeper', status: 'suspended' }).length;
    const listMs = performance.now() - tl;

    row(
      `time to put ${n(SLEEPERS)} workers to sleep (${IN_FLIGHT} in flight)`,
      `${sleepS.toFixed(1)} s`,
      `${(SLEEPERS / sleepS).toFixed(0)} workers/s (target ≥ 300/s ${SLEEPERS / sleepS >= 300 ? 'OK' : 'MISSED'})`,
    );
    row(
      '  CPU seconds per 100 sleepers (process, all threads)',
      `${((fillCpu / SLEEPERS) * 100).toFixed(2)} s`,
      `threads booted ${fillPool.spawned}, reused ${fillPool.reused}, joined ${fillPool.joined}, moved ${fillPool.moved}; load ${fillLoad.toFixed(1)} at the end`,
    );
    row(
      '    of which main thread / V8 helper threads / worker_threads',
      `${((fillSplit.main / SLEEPERS) * 100).toFixed(0)} / ${((fillSplit.helpers / SLEEPERS) * 100).toFixed(0)} / ${((fillSplit.workers / SLEEPERS) * 100).toFixed(0)} ms`,
      'per 100 sleepers (Linux /proc; threads that ended meanwhile count nowhere)',
    );
    row('  create + invoke(wait:false) → suspended, per worker p50 / p99', `${ms(pct(perWorker, 50))} / ${ms(pct(perWorker, 99))}`, '');
    const p5099 = (xs: number[]) => `${ms(pct(xs, 50))} / ${ms(pct(xs, 99))}`;
    row('    create → its start begins (mostly waiting for a start slot)', p5099(phases.queued), '');
    row('    start: thread, instance, replay (→ recovered)', p5099(phases.start), '');
    row('    live: invocation → suspended', p5099(phases.run), '');
    row('  peak while filling: resident workers / worker_threads / RSS', `${maxResident} / ${peakThreads} / ${mb(peakRss)}`, '');
    row(
      'workers listed as suspended (listWorkers)',
      n(listed),
      `${listed === SLEEPERS ? 'OK' : 'MISSED'} (listWorkers took ${ms(listMs)})`,
    );
    row('engine.residentCount() with all asleep', String(resident), `target 0 ${resident === 0 ? 'OK' : 'MISSED'}`);
    row(
      'worker_threads alive (spares included) before / after',
      `${threadsBefore} / ${threadsAfter}`,
      `spare threads only (a burst's threads wait 10 s as spares, at most 16) ${threadsAfter <= threadsBefore + 16 ? 'OK' : 'MISSED'}`,
    );
    row('OS threads of the process before / after', `${osBefore} / ${osThreads()}`, '');
    row(
      `process RSS after${hasGc ? ' forced GC' : ''} (before: ${mb(before.rss)})`,
      mb(after.rss),
      `target < 1 GB ${after.rss < 1024 ** 3 ? 'OK' : 'MISSED'}`,
    );
    row('  RSS growth per sleeping worker', `${((after.rss - before.rss) / SLEEPERS / 1024).toFixed(1)} KB`, '');
    row(
      `heap used after${hasGc ? ' forced GC' : ''} (before: ${mb(before.heapUsed)})`,
      mb(after.heapUsed),
      `${((after.heapUsed - before.heapUsed) / SLEEPERS / 1024).toFixed(2)} KB per sleeper`,
    );
    row('external + array buffers', `${mb(after.external)} + ${mb(after.arrayBuffers)}`, '');
    row(
      'database size with the sleepers (SQLite + WAL)',
      mb(dbBytes(b.dbPath)),
      `${((dbBytes(b.dbPath) - dbBefore) / SLEEPERS / 1024).toFixed(1)} KB per sleeper`,
    );

    // A restart over them: a second Engine on the same database rebuilds its
    // wake-up timers from the oplogs (recoverAll) and must start no thread.
    {
      const db2 = new Database(b.dbPath);
      db2.pragma('busy_timeout = 5000');
      const engine2 = new Engine({ db: db2, dbPath: b.dbPath, filesDir: `${b.dbPath}.files`, threadEntry, spareThreads: 0 });
      try {
        const tr = performance.now();
        const recovering = await engine2.recoverAll();
        const restartMs = performance.now() - tr;
        row(
          `restart: recoverAll() over ${n(SLEEPERS)} sleepers (timers rebuilt)`,
          ms(restartMs),
          `${recovering.length} recovering, ${engine2.residentCount()} resident ${recovering.length === 0 && engine2.residentCount() === 0 ? 'OK' : 'MISSED'}`,
        );
      } finally {
        await withTimeout(engine2.shutdown(), 60_000, 'second engine shutdown');
        db2.close();
      }
    }

    // Waking: WAKERS more sleepers, all due at the same moment, among the
    // long ones. How late does each get its result (thread, replay, live end)?
    if (WAKERS > 0) {
      const perWorkerS = sleepS / SLEEPERS;
      const deadline = Date.now() + 3000 + Math.ceil(WAKERS * perWorkerS * 1000 * 2);
      next = 0;
      const wakers: { id: string; idempotencyKey: string; until: number }[] = [];
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < WAKERS && failures.length === 0) {
            const i = next++;
            try {
              if (deadline - Date.now() < 2000)
                throw new Error('too little time left before the common wake-up: the machine is slower than while filling');
              const w = await putToSleep(`wake${i}`, NAP_UNTIL, deadline);
              const until = Date.parse(engine.getWorker(w.id).suspendedUntil ?? '');
              if (!Number.isFinite(until)) throw new Error(`${w.id} is suspended with no wake-up time`);
              wakers.push({ ...w, until });
            } catch (e) {
              failures.push(`waker wake${i}: ${(e as Error).message}`);
            }
          }
        }),
      );
      if (failures.length > 0) throw new Error(`putting the wakers to sleep failed: ${failures.slice(0, 5).join('; ')}`);
      const spread = Math.max(...wakers.map((w) => w.until)) - Math.min(...wakers.map((w) => w.until));
      log(`${WAKERS} wakers asleep, all due within ${spread} ms of each other, ${((deadline - Date.now()) / 1000).toFixed(1)} s from now`);
      const late: number[] = [];
      // From here the recovery events are the wake-ups' starts.
      startedAt.clear();
      readyAt.clear();
      const cpuWake = process.cpuUsage();
      const threadsWake = threadCpuMs();
      const poolWake = pool(engine);
      await withTimeout(
        Promise.all(
          wakers.map(async (w) => {
            // Attaching by idempotency key waits for the invocation's result.
            const out = await engine.invoke(w.id, { function: NAP_UNTIL, args: [deadline], idempotencyKey: w.idempotencyKey });
            if (typeof out.result !== 'number' || out.result < 1000) throw new Error(`${w.id} answered ${JSON.stringify(out.result)}`);
            late.push(Date.now() - w.until);
          }),
        ),
        deadline - Date.now() + 300_000,
        `${WAKERS} wakers coming back`,
      );
      const wakeCpu = cpuSeconds(process.cpuUsage(cpuWake));
      const wakeSplit = cpuSplit(earlyThreads ?? new Set(), threadsWake, threadCpuMs());
      // The recovery events' times are performance.now(); the wake-up times are epoch ms.
      const epoch = Date.now() - performance.now();
      const wakeQueued = wakers.flatMap((w) => (startedAt.has(w.id) ? [startedAt.get(w.id)! + epoch - w.until] : []));
      const wakeStart = wakers.flatMap((w) =>
        startedAt.has(w.id) && readyAt.has(w.id) ? [readyAt.get(w.id)! - startedAt.get(w.id)!] : [],
      );
      const wakePool = poolDelta(poolWake, pool(engine));
      row(
        `${WAKERS} sleepers due at once, among ${n(SLEEPERS)}: late by p50/p99/max`,
        `${(pct(late, 50) / 1000).toFixed(2)} / ${(pct(late, 99) / 1000).toFixed(2)} / ${(Math.max(...late) / 1000).toFixed(2)} s`,
        `deadline → result (thread, replay, go live); target p99 ≤ 1 s ${pct(late, 99) <= 1000 ? 'OK' : 'MISSED'}`,
      );
      row(
        '  CPU seconds per 100 wakers (process, all threads)',
        `${((wakeCpu / WAKERS) * 100).toFixed(2)} s`,
        `threads booted ${wakePool.spawned}, reused ${wakePool.reused}, joined ${wakePool.joined}, moved ${wakePool.moved}; load ${(loadavg()[0] ?? NaN).toFixed(1)} at the end`,
      );
      row(
        '    of which main thread / V8 helper threads / worker_threads',
        `${((wakeSplit.main / WAKERS) * 100).toFixed(0)} / ${((wakeSplit.helpers / WAKERS) * 100).toFixed(0)} / ${((wakeSplit.workers / WAKERS) * 100).toFixed(0)} ms`,
        'per 100 wakers',
      );
      row('    due → its start begins (timer, start slot), p50 / p99', p5099(wakeQueued), '');
      row('    start: thread, instance, replay (→ recovered), p50 / p99', p5099(wakeStart), '');
      row(
        '  long sleepers still suspended; resident workers',
        `${n(engine.listWorkers({ component: 'sleeper', status: 'suspended' }).length)}; ${engine.residentCount()}`,
        'woken workers leave their threads to starts waiting in line, the last stay resident until evicted',
      );
    }
    off();
  } finally {
    await b.close();
  }
}

async function main() {
  console.log(
    `Durable Playground golem bench — node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  if (!existsSync(threadEntry)) throw new Error(`${threadEntry} is missing: run npm run build:runtime first`);
  const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
  let failed = false;
  for (const [name, part] of [
    ['sleepers', sleepersBench],
    ['recovery', recoveryBench],
  ] as const) {
    if (skip.has(name)) continue;
    try {
      await part();
    } catch (e) {
      failed = true;
      console.error(`\n${name} bench FAILED: ${e instanceof Error ? e.message : String(e)}`);
      if (!(e instanceof BenchTimeout) && e instanceof Error && e.stack) console.error(e.stack);
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  console.log(failed ? '\ndone, with failures' : '\ndone');
  process.exit(failed ? 1 : 0);
}

await main();
