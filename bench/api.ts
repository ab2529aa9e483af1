// HTTP API figures through the real server (`node scripts/start.mjs`): a
// durable invocation of a trivial export through POST .../invoke-and-await and
// a worker's status (both answered before Next, lib/server/fast.ts), next to a
// route that goes through Next (GET /api/examples: file reads, no engine), so
// the web layer's cost shows apart from the engine's. Each row is timed with
// two clients: fetch (undici, what most scripts use) and node:http with a
// keep-alive agent (the leaner client); and the CPU each request cost the
// server and the runtime process (Linux /proc), which load inflates far less
// than latency; the runtime's split into its main thread (IPC, group commit,
// dispatch) and its other threads (the workers' threads running the guests,
// V8's and libuv's helpers). Then invocations/s over 10 workers at once.
// Run: npm run build:runtime && node --import tsx bench/api.ts   (BENCH_PORT, default 3700;
// BENCH_PER_WORKER, default 300: invocations per worker in the 10-worker rows)

import { spawn } from 'node:child_process';
import http from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pct } from './stats';
import { childrenOf, cpuMsOf, cpuSplit, loadNow, threadCpuMs } from './machine';

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

type Req = { method?: string; path: string; body?: unknown };
const fetchJson = ({ method = 'GET', path: p, body }: Req) =>
  fetch(
    base + p,
    body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  ).then(async (r) => {
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<unknown>;
  });
const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
const httpJson = ({ method = 'GET', path: p, body }: Req) =>
  new Promise<unknown>((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const r = http.request(
      { host: '127.0.0.1', port: PORT, method, path: p, agent, headers: text === undefined ? {} : { 'content-type': 'application/json' } },
      (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (out += c));
        res.on('end', () => (res.statusCode! < 400 ? resolve(JSON.parse(out)) : reject(new Error(`${p}: ${res.statusCode} ${out}`))));
      },
    );
    r.on('error', reject);
    r.end(text);
  });

/** The web server (start.mjs's child) and the runtime (its child); found once they run. */
let pids = { server: NaN, runtime: NaN };
const cpuNow = () => ({
  server: cpuMsOf(pids.server),
  runtime: cpuMsOf(pids.runtime),
  threads: threadCpuMs(pids.runtime),
  client: process.cpuUsage(),
});
const perRequest = (c0: ReturnType<typeof cpuNow>, n: number) => {
  const c1 = cpuNow();
  const client = process.cpuUsage(c0.client);
  const split = cpuSplit(new Set(), c0.threads, c1.threads, pids.runtime);
  const us = (ms: number) => ((ms * 1000) / n).toFixed(0).padStart(5);
  return (
    `CPU/req µs: server ${us(c1.server - c0.server)}, runtime ${us(c1.runtime - c0.runtime)} ` +
    `(main ${us(split.main)}, threads ${us(split.workers)}), client ${us((client.user + client.system) / 1000)}`
  );
};

async function measure(label: string, n: number, f: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await f();
  const xs: number[] = [];
  const c0 = cpuNow();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  const fig = `p50 ${pct(xs, 50).toFixed(2).padStart(6)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(6)} ms`;
  console.log(`${label.padEnd(64)} ${fig}   ${perRequest(c0, n)}   load ${loadNow()}`);
}

/** Invocations/s with 10 workers invoked at once, each by its own client loop. */
async function throughput(label: string, call: (r: Req) => Promise<unknown>, perWorker: number) {
  const one = (w: number) => call({ method: 'POST', path: `/api/workers/counter/tp-${w}/invoke-and-await`, body: ADD });
  const ws = Array.from({ length: 10 }, (_, w) => w);
  await Promise.all(ws.map(async (w) => { for (let i = 0; i < 20; i++) await one(w); })); // prettier-ignore
  const c0 = cpuNow();
  const t0 = performance.now();
  await Promise.all(ws.map(async (w) => { for (let i = 0; i < perWorker; i++) await one(w); })); // prettier-ignore
  const rate = (10 * perWorker) / ((performance.now() - t0) / 1000);
  console.log(
    `${label.padEnd(64)} ${`${rate.toFixed(0)} invocations/s`.padStart(31)}   ${perRequest(c0, 10 * perWorker)}   load ${loadNow()}`,
  );
}

const ADD = { function: 'demo:counter/api.{add}', args: [1] };

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
  const web = childrenOf(server.pid!)[0] ?? NaN;
  pids = { server: web, runtime: childrenOf(web)[0] ?? NaN };
  if (Number.isNaN(pids.runtime)) console.log('(no /proc: the CPU figures read NaN)');
  const ex = (f: string) => readFileSync(path.join(root, 'examples', 'counter', f), 'utf8');
  await fetchJson({
    method: 'POST',
    path: '/api/components/build',
    body: { name: 'counter', kind: 'js', source: ex('counter.js'), wit: ex('counter.wit') },
  });
  for (const name of ['w', ...Array.from({ length: 10 }, (_, i) => `tp-${i}`)])
    await fetchJson({ method: 'POST', path: '/api/workers', body: { component: 'counter', name } });
  console.log(`Durable Playground HTTP API bench — node ${process.version}, ${new Date().toISOString()}\n`);
  const invoke: Req = { method: 'POST', path: '/api/workers/counter/w/invoke-and-await', body: ADD };
  const status: Req = { path: '/api/workers/counter/w' };
  const examples: Req = { path: '/api/examples' };
  for (const [client, call] of [
    ['fetch', fetchJson],
    ['node:http', httpJson],
  ] as const) {
    await measure(`[${client}] durable invocation, POST .../invoke-and-await (≤ 0.8 / 4)`, 2000, () => call(invoke));
    await measure(`[${client}] same with an idempotency key (one more lookup)`, 1000, () =>
      call({ ...invoke, body: { ...ADD, idempotencyKey: crypto.randomUUID() } }),
    );
    await measure(`[${client}] worker status: GET /api/workers/counter/w`, 1000, () => call(status));
    await measure(`[${client}] through Next: GET /api/examples (no engine)`, 1000, () => call(examples));
  }
  const perWorker = Number(process.env.BENCH_PER_WORKER ?? 300);
  await throughput('[fetch] 10 workers at once (target ≥ 3,500/s)', fetchJson, perWorker);
  await throughput('[node:http] 10 workers at once', httpJson, perWorker);
} finally {
  agent.destroy();
  stop();
}
