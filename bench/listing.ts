// listWorkers and recoverAll over many workers (issue 13). Run:
//   npm run build:runtime && node --import tsx bench/listing.ts
// BENCH_KEEP=1 keeps the database. BENCH_WORKERS (10000) workers of the counter example, each with one
// invocation in its oplog (made through SQL like the engine's own entries,
// so filling takes seconds, not a thread start per worker). Figures: the
// whole call, and the longest the event loop was blocked meanwhile (a timer
// that should tick every 1 ms measures the gaps). Each worker's summary row
// (lib/store/summary-store.ts) is copied with its oplog, as the engine would
// have written it; the last row measures rebuilding them all. With
// BENCH_PORT set, the real server (scripts/start.mjs, which builds Next when
// sources changed) serves the same database: GET /api/workers timed from a
// node:http client, while another asks a worker's status every 2 ms (the
// slowest answer shows how long the server and the runtime were blocked).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { openDatabase } from '../lib/testing/harness';
import { Engine } from '../lib/runtime/engine';
import { RuntimeClient } from '../lib/runtime/client';
import type { WorkerInfo } from '../lib/runtime/types';
import { cpuMs, loadAverage } from './machine';

setFlagsFromString('--experimental-wasm-extended-const');
const root = path.resolve(import.meta.dirname, '..');
const WORKERS = Number(process.env.BENCH_WORKERS ?? 10_000);
/** Every this many workers has an invocation scheduled (BENCH_SCHEDULED_EVERY, 10); the rest are idle. */
const SCHEDULED_EVERY = Number(process.env.BENCH_SCHEDULED_EVERY ?? 10);
const ex = (f: string) => readFileSync(path.join(root, 'examples', 'counter', f), 'utf8');
const row = (name: string, value: string, note = '') => console.log(`${name.padEnd(60)} ${value.padStart(28)}   ${note}`);

/** Runs `f`, reporting its wall time, its CPU time and the longest gap between 1 ms ticks meanwhile. */
async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; maxBlockMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  maxGap = 0;
  const t0 = performance.now();
  const c0 = cpuMs();
  const value = await f();
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  await new Promise((r) => setTimeout(r, 2));
  maxGap = Math.max(maxGap, performance.now() - last);
  clearInterval(tick);
  return { value, ms, cpuMs: cpu, maxBlockMs: maxGap };
}

const PORT = Number(process.env.BENCH_PORT ?? 0);

/** GET over a keep-alive connection: the status and the body's length. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const get = (p: string) =>
  new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const r = http.get({ host: '127.0.0.1', port: PORT, path: p, agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    r.on('error', reject);
  });

/**
 * The listing as the web server asks the runtime process for it (no Next):
 * the objects cloned over IPC (listWorkers) against the one JSON string
 * (listWorkersJson) that GET /api/workers now asks for, each made into the
 * response body as the route does; alternating rounds, medians.
 */
async function throughRuntime(dbPath: string) {
  const rt = new RuntimeClient(path.join(root, '.runtime', 'runtime.mjs'), { ...process.env, DATABASE_URL: `file:${dbPath}` });
  try {
    await rt.whenReady();
    const objects: number[] = [];
    const text: number[] = [];
    const cpu = { objects: 0, text: 0 };
    const ROUNDS = 6;
    for (let i = 0; i <= ROUNDS; i++) {
      let t = performance.now();
      let c = cpuMs();
      JSON.stringify({ workers: await rt.api.listWorkers({}) });
      if (i > 0) objects.push(performance.now() - t);
      if (i > 0) cpu.objects += cpuMs() - c;
      t = performance.now();
      c = cpuMs();
      void `{"workers":${await rt.api.listWorkersJson({})}}`.length;
      if (i > 0) text.push(performance.now() - t);
      if (i > 0) cpu.text += cpuMs() - c;
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
    const per = (ms: number) => (ms / ROUNDS).toFixed(0);
    row(
      'through the runtime process: objects over IPC, then stringified',
      `median ${med(objects)} ms`,
      `web side CPU ${per(cpu.objects)} ms a listing; load ${loadAverage()}`,
    );
    row(
      'through the runtime process: one JSON string (what the route asks)',
      `median ${med(text)} ms`,
      `web side CPU ${per(cpu.text)} ms a listing; load ${loadAverage()}`,
    );
  } finally {
    await rt.stop();
  }
}

/** The listing through the real server (web process, runtime process) over the bench's database. */
async function throughServer(dbPath: string) {
  const server = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), DATABASE_URL: `file:${dbPath}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      if (
        await get('/api/workers/counter/model').then(
          (r) => r.status === 200,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const times: number[] = [];
    let slowest = 0;
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      let listing = true;
      const probe = (async () => {
        while (listing) {
          const t = performance.now();
          await get('/api/workers/counter/model');
          if (i > 0) slowest = Math.max(slowest, performance.now() - t);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const t = performance.now();
      const r = await get('/api/workers');
      if (r.status !== 200) throw new Error(`GET /api/workers: ${r.status}`);
      if (i > 0) times.push(performance.now() - t); // the first warms the route
      bytes = r.bytes;
      listing = false;
      await probe;
    }
    times.sort((a, b) => a - b);
    row(
      'GET /api/workers through the real server, node:http',
      `median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms`,
      `${(bytes / 1e6).toFixed(1)} MB; a status asked meanwhile every 2 ms: slowest ${slowest.toFixed(0)} ms; load ${loadAverage()}`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

async function main() {
  console.log(
    `listWorkers / recoverAll over ${WORKERS.toLocaleString('en-US')} workers — node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()}\n`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'dp-bench-listing-'));
  const dbPath = path.join(dir, 'bench.db');
  const threadEntry = path.join(root, '.runtime', 'thread.mjs');
  try {
    const db = openDatabase(dbPath);
    const engine = new Engine({ db, dbPath, filesDir: `${dbPath}.files`, threadEntry, spareThreads: 0 });
    await engine.registerComponent('counter', { kind: 'js', source: ex('counter.js'), wit: ex('counter.wit') });
    // One real worker with one real invocation: its oplog rows are the pattern for the rest.
    const model = engine.createWorker({ component: 'counter', name: 'model' });
    await engine.invoke(model.id, { function: 'api.add', args: [1] });
    // And one with an invocation scheduled an hour ahead: recovery has a timer to rebuild for each copy of it.
    const later = engine.createWorker({ component: 'counter', name: 'later' });
    await engine.invoke(later.id, { function: 'api.add', args: [1], wait: false, scheduleAt: Date.now() + 3_600_000 });
    await engine.shutdown();
    const cols = (db.prepare("SELECT name FROM pragma_table_info('OplogEntry')").pluck().all() as string[]).filter((c) => c !== 'id');
    const wcols = db.prepare("SELECT name FROM pragma_table_info('Worker')").pluck().all() as string[];
    const scols = db.prepare("SELECT name FROM pragma_table_info('WorkerSummary')").pluck().all() as string[];
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < WORKERS - 2; i++) {
        const id = model.id.replace(/model$/, `w${i}`);
        const from = i % SCHEDULED_EVERY === 0 ? later.id : model.id;
        db.prepare(
          `INSERT INTO "Worker" (${wcols.map((c) => `"${c}"`).join(',')}) SELECT ${wcols.map((c) => (c === 'id' ? '?' : c === 'name' ? '?' : c === 'createdAt' ? '?' : `"${c}"`)).join(',')} FROM "Worker" WHERE id = ?`,
        ).run(
          ...wcols.flatMap((c): (string | number)[] =>
            c === 'id' ? [id] : c === 'name' ? [`w${i}`] : c === 'createdAt' ? [Date.now() + i] : [],
          ),
          from,
        );
        db.prepare(
          `INSERT INTO "OplogEntry" (${cols.map((c) => `"${c}"`).join(',')}) SELECT ${cols.map((c) => (c === 'workerId' ? '?' : `"${c}"`)).join(',')} FROM "OplogEntry" WHERE workerId = ?`,
        ).run(id, from);
        // The summary the engine keeps beside the oplog (lib/store/summary-store.ts), copied as the oplog is.
        db.prepare(
          `INSERT INTO "WorkerSummary" (${scols.map((c) => `"${c}"`).join(',')}) SELECT ${scols.map((c) => (c === 'workerId' ? '?' : `"${c}"`)).join(',')} FROM "WorkerSummary" WHERE workerId = ?`,
        ).run(id, from);
      }
    })();
    db.close();
    console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    // A restart: a fresh engine over the database.
    const db2 = openDatabase(dbPath);
    const e2 = new Engine({ db: db2, dbPath, filesDir: `${dbPath}.files`, threadEntry, spareThreads: 0 });
    const rec = await timed(() => e2.recoverAll());
    row(
      `recoverAll() (a restart; ${Math.ceil((WORKERS - 2) / SCHEDULED_EVERY) + 1} with scheduled work)`,
      `${rec.ms.toFixed(0)} ms, CPU ${rec.cpuMs.toFixed(0)} ms`,
      `longest event-loop block ${rec.maxBlockMs.toFixed(0)} ms   (targets ≤ 100 ms, ≤ 20 ms)`,
    );
    const all = await timed(() => e2.listWorkers());
    row(
      'listWorkers(), all at once',
      `${all.ms.toFixed(0)} ms, CPU ${all.cpuMs.toFixed(0)} ms`,
      `longest block ${all.maxBlockMs.toFixed(0)} ms, ${(all.value as WorkerInfo[]).length} workers`,
    );
    const list2 = await timed(() => e2.listWorkers());
    row(
      'listWorkers(), all at once, again (statuses known)',
      `${list2.ms.toFixed(0)} ms, CPU ${list2.cpuMs.toFixed(0)} ms`,
      `longest block ${list2.maxBlockMs.toFixed(0)} ms`,
    );
    const served = await timed(() => e2.listWorkersYielding());
    row(
      'listWorkersYielding(), a page at a time',
      `${served.ms.toFixed(0)} ms, CPU ${served.cpuMs.toFixed(0)} ms`,
      `longest block ${served.maxBlockMs.toFixed(0)} ms, ${served.value.length} workers`,
    );
    const text = await timed(() => e2.listWorkersJson());
    row(
      'listWorkersJson(), what GET /api/workers serves (one string)',
      `${text.ms.toFixed(0)} ms, CPU ${text.cpuMs.toFixed(0)} ms`,
      `longest block ${text.maxBlockMs.toFixed(0)} ms, ${(text.value.length / 1e6).toFixed(1)} MB of JSON`,
    );
    type Paged = (f: { limit: number; after?: string }) => { workers: WorkerInfo[]; next?: string };
    const paged = (e2 as unknown as { listWorkersPage?: Paged }).listWorkersPage?.bind(e2);
    if (paged) {
      const first = await timed(() => paged({ limit: 100 }));
      row(
        'listWorkersPage({ limit: 100 }), the first page',
        `${first.ms.toFixed(1)} ms, CPU ${first.cpuMs.toFixed(1)} ms`,
        `longest block ${first.maxBlockMs.toFixed(0)} ms`,
      );
      const seen = new Set<string>();
      const walk = await timed(async () => {
        let after: string | undefined;
        let maxPage = 0;
        for (;;) {
          const t = performance.now();
          const p = paged({ limit: 500, after });
          maxPage = Math.max(maxPage, performance.now() - t);
          for (const w of p.workers) seen.add(w.id);
          if (!p.next) return maxPage;
          after = p.next;
          await new Promise((r) => setImmediate(r));
        }
      });
      row(
        'every page of 500, one after another',
        `${walk.ms.toFixed(0)} ms, CPU ${walk.cpuMs.toFixed(0)} ms`,
        `slowest page ${(walk.value as number).toFixed(1)} ms, longest block ${walk.maxBlockMs.toFixed(0)} ms, ${seen.size} distinct`,
      );
    } else row('listWorkersPage', 'not implemented');
    await e2.shutdown();
    // The first start on a database from before the summaries: every one is derived from its oplog once.
    db2.prepare('DELETE FROM "WorkerSummary"').run();
    const e3 = new Engine({ db: db2, dbPath, filesDir: `${dbPath}.files`, threadEntry, spareThreads: 0 });
    const first = await timed(() => e3.recoverAll());
    row(
      'recoverAll() on a database without summaries (once, after the migration)',
      `${first.ms.toFixed(0)} ms, CPU ${first.cpuMs.toFixed(0)} ms`,
      `longest block ${first.maxBlockMs.toFixed(0)} ms`,
    );
    await e3.shutdown();
    db2.close();
    await throughRuntime(dbPath);
    if (PORT) await throughServer(dbPath);
    console.log(`\n(load average at the end ${loadAverage()})`);
  } finally {
    if (process.env.BENCH_KEEP) console.log(`(kept ${dbPath})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
