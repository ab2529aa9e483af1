// HTTP API figures: a durable invocation of a trivial export through
// POST /api/workers/:c/:n/invoke-and-await, next to a route that does no
// engine work (GET /api/runtime's sibling, GET /api/examples is file reads),
// so the cost of the web layer shows apart from the engine's.
// Run: npm run build:runtime && node --import tsx bench/api.ts

import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pct } from './stats';

const root = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 3700);
const base = `http://127.0.0.1:${PORT}`;
const db = path.join(root, 'data', 'bench-api.db');
for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.files`]) rmSync(f, { recursive: true, force: true });

const server = spawn(process.execPath, ['scripts/start.mjs'], {
  cwd: root,
  env: { ...process.env, PORT: String(PORT), DATABASE_URL: `file:${db}` },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => server.kill('SIGTERM');
process.on('exit', stop);

const post = (p: string, body: unknown) =>
  fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json();
  });

async function measure(label: string, n: number, f: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  console.log(`${label.padEnd(58)} p50 ${pct(xs, 50).toFixed(2).padStart(6)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(6)} ms`);
}

try {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/runtime`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  const ex = (f: string) => readFileSync(path.join(root, 'examples', 'counter', f), 'utf8');
  await post('/api/components/build', { name: 'counter', kind: 'js', source: ex('counter.js'), wit: ex('counter.wit') });
  await post('/api/workers', { component: 'counter', name: 'w' });
  console.log(`Durable Playground HTTP API bench — ${new Date().toISOString()}\n`);
  await measure('durable invocation, POST .../invoke-and-await (target p50 ≤ 2, p99 ≤ 10)', 2000, () =>
    post('/api/workers/counter/w/invoke-and-await', { function: 'demo:counter/api.{add}', args: [1] }),
  );
  await measure('same with an idempotency key (one more lookup)', 1000, () =>
    post('/api/workers/counter/w/invoke-and-await', { function: 'demo:counter/api.{add}', args: [1], idempotencyKey: crypto.randomUUID() }),
  );
  await measure('web layer alone: GET /api/workers/counter/w (metadata)', 1000, () =>
    fetch(`${base}/api/workers/counter/w`).then((r) => r.json()),
  );
  await measure('web layer alone: GET /api/examples (no engine)', 1000, () => fetch(`${base}/api/examples`).then((r) => r.json()));
} finally {
  stop();
}
