// listWorkers and recoverAll over many workers (issue 13). Run:
//   npm run build:runtime && node --import tsx bench/listing.ts
// BENCH_KEEP=1 keeps the database. BENCH_WORKERS (10000) workers of the counter example, each with one
// invocation in its oplog (made through SQL like the engine's own entries,
// so filling takes seconds, not a thread start per worker). Figures: the
// whole call, and the longest the event loop was blocked meanwhile (a timer
// that should tick every 1 ms measures the gaps). Each worker's summary row
// (lib/store/summary-store.ts) is copied with its oplog, as the engine would
// have written it; the last row measures rebuilding them all.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { openDatabase } from '../lib/testing/harness';
import { Engine } from '../lib/runtime/engine';
import type { WorkerInfo } from '../lib/runtime/types';
import { cpuMs, loadAverage } from './machine';

setFlagsFromString('--experimental-wasm-extended-const');
const root = path.resolve(import.meta.dirname, '..');
const WORKERS = Number(process.env.BENCH_WORKERS ?? 10_000);
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
    await engine.shutdown();
    const cols = (db.prepare("SELECT name FROM pragma_table_info('OplogEntry')").pluck().all() as string[]).filter((c) => c !== 'id');
    const wcols = db.prepare("SELECT name FROM pragma_table_info('Worker')").pluck().all() as string[];
    const scols = db.prepare("SELECT name FROM pragma_table_info('WorkerSummary')").pluck().all() as string[];
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < WORKERS - 1; i++) {
        const id = model.id.replace(/model$/, `w${i}`);
        db.prepare(
          `INSERT INTO "Worker" (${wcols.map((c) => `"${c}"`).join(',')}) SELECT ${wcols.map((c) => (c === 'id' ? '?' : c === 'name' ? '?' : c === 'createdAt' ? '?' : `"${c}"`)).join(',')} FROM "Worker" WHERE id = ?`,
        ).run(
          ...wcols.flatMap((c): (string | number)[] =>
            c === 'id' ? [id] : c === 'name' ? [`w${i}`] : c === 'createdAt' ? [Date.now() + i] : [],
          ),
          model.id,
        );
        db.prepare(
          `INSERT INTO "OplogEntry" (${cols.map((c) => `"${c}"`).join(',')}) SELECT ${cols.map((c) => (c === 'workerId' ? '?' : `"${c}"`)).join(',')} FROM "OplogEntry" WHERE workerId = ?`,
        ).run(id, model.id);
        // The summary the engine keeps beside the oplog (lib/store/summary-store.ts), copied as the oplog is.
        db.prepare(
          `INSERT INTO "WorkerSummary" (${scols.map((c) => `"${c}"`).join(',')}) SELECT ${scols.map((c) => (c === 'workerId' ? '?' : `"${c}"`)).join(',')} FROM "WorkerSummary" WHERE workerId = ?`,
        ).run(id, model.id);
      }
    })();
    db.close();
    console.log(`  filled in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    // A restart: a fresh engine over the database.
    const db2 = openDatabase(dbPath);
    const e2 = new Engine({ db: db2, dbPath, filesDir: `${dbPath}.files`, threadEntry, spareThreads: 0 });
    const rec = await timed(() => e2.recoverAll());
    row(
      'recoverAll() (a restart)',
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
    console.log(`\n(load average at the end ${loadAverage()})`);
  } finally {
    if (process.env.BENCH_KEEP) console.log(`(kept ${dbPath})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
