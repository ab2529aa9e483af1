// Side by side with Restate (issue 13): the same durable counter, the same
// HTTP client, the same machine, alternating rounds. Run:
//   npm run bench:peers        (npm run build first, or scripts/start.mjs builds)
//
// - Ours: the examples/counter component through the real server
//   (`node scripts/start.mjs`, a temp database, a free port),
//   POST /api/workers/counter/<key>/invoke-and-await.
// - Restate: its npm server binary and TypeScript SDK, a virtual object
//   `counter` whose `add` reads and writes its count in Restate's state,
//   POST <ingress>/counter/<key>/add.
// Restate is installed on demand into a cache folder (BENCH_PEERS_DIR, default
// ~/.cache/durable-playground/peers), not into the project: it is a ~100 MB
// binary nobody needs to run the playground. When it cannot be installed or
// started, the bench prints why and measures ours alone.
// Environment: BENCH_ROUNDS (3), BENCH_SEQ (1000 calls per round, one key),
// BENCH_PER_KEY (200 calls per key per round, 10 keys at once), BENCH_PORT
// (ours there, Restate's four on the next ports; default: free ports).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { pct } from './stats';
import { loadAverage } from './machine';

const RESTATE_SERVER = '@restatedev/restate-server@1.7.12';
const RESTATE_SDK = '@restatedev/restate-sdk@1.17.2';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEQ = Number(process.env.BENCH_SEQ ?? 1000);
const PER_KEY = Number(process.env.BENCH_PER_KEY ?? 200);
const KEYS = 10;

const root = path.resolve(import.meta.dirname, '..');
const cacheDir = process.env.BENCH_PEERS_DIR ?? path.join(homedir(), '.cache', 'durable-playground', 'peers');
const tmp = mkdtempSync(path.join(tmpdir(), 'dp-bench-peers-'));
const children: ChildProcess[] = [];
const cleanup = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const log = (s: string) => console.log(`  [${new Date().toISOString().slice(11, 19)}] ${s}`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The i-th port of BENCH_PORT's range when given (a shared machine hands out ranges), else a free one. */
function port(i: number): Promise<number> {
  return process.env.BENCH_PORT ? Promise.resolve(Number(process.env.BENCH_PORT) + i) : freePort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

// ---- one client for both: node:http with a keep-alive agent ----

const agent = new http.Agent({ keepAlive: true, maxSockets: KEYS * 2 });
function request(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
async function post(url: string, body: unknown): Promise<unknown> {
  const r = await request(url, 'POST', JSON.stringify(body));
  if (r.status < 200 || r.status >= 300) throw new Error(`POST ${url}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.text ? JSON.parse(r.text) : null;
}
async function waitFor(what: string, limitMs: number, ok: () => Promise<boolean>, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
    try {
      if (await ok()) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${what}: not up after ${limitMs / 1000} s`);
    await pause(300);
  }
}

/** One system under test: an `add(1)` on a key, answered with the new count. */
interface Peer {
  name: string;
  add(key: string): Promise<number>;
  prepare(key: string): Promise<void>;
}

// ---- ours ----

async function startOurs(): Promise<Peer> {
  const ours = await port(0);
  const base = `http://127.0.0.1:${ours}`;
  const db = path.join(tmp, 'ours.db');
  const server = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(ours), DATABASE_URL: `file:${db}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(server);
  await waitFor('our server', 15 * 60_000, async () => (await request(`${base}/api/runtime`, 'GET')).status === 200, server);
  const ex = (f: string) => readFileSync(path.join(root, 'examples', 'counter', f), 'utf8');
  await post(`${base}/api/components/build`, { name: 'counter', kind: 'js', source: ex('counter.js'), wit: ex('counter.wit') });
  return {
    name: 'playground',
    prepare: async (key) => void (await post(`${base}/api/workers`, { component: 'counter', name: key })),
    add: async (key) => {
      const r = (await post(`${base}/api/workers/counter/${key}/invoke-and-await`, { function: 'demo:counter/api.{add}', args: [1] })) as {
        result: unknown;
      };
      return Number(r.result);
    },
  };
}

// ---- Restate ----

function installRestate(): string {
  const bin = path.join(cacheDir, 'node_modules', '@restatedev', 'restate-server-linux-x64', 'bin', 'restate-server');
  const sdk = path.join(cacheDir, 'node_modules', '@restatedev', 'restate-sdk', 'package.json');
  if (existsSync(bin) && existsSync(sdk)) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`this bench installs Restate's linux-x64 binary; this is ${process.platform}-${process.arch}`);
  log(`installing ${RESTATE_SERVER} and ${RESTATE_SDK} into ${cacheDir} (npm)...`);
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(path.join(cacheDir, 'package.json'))) writeFileSync(path.join(cacheDir, 'package.json'), '{ "private": true }\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', RESTATE_SERVER, RESTATE_SDK], {
    cwd: cacheDir,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (r.status !== 0 || !existsSync(bin))
    throw new Error(`npm install failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' / ')}`);
  return bin;
}

// The service process: the SDK's own Node server. Node 20 lacks Promise.withResolvers, which the SDK calls.
const SERVICE = `
if (!Promise.withResolvers) Promise.withResolvers = function () {
  let resolve, reject;
  const promise = new this((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};
const restate = await import(process.env.SDK_URL);
const counter = restate.object({
  name: 'counter',
  handlers: {
    add: async (ctx, n) => {
      const count = ((await ctx.get('count')) ?? 0) + n;
      ctx.set('count', count);
      return count;
    },
  },
});
restate.serve({ services: [counter], port: Number(process.env.PORT) });
`;

async function startRestate(): Promise<Peer> {
  const bin = installRestate();
  const [ingress, admin, node, svc] = [await port(1), await port(2), await port(3), await port(4)];
  const baseDir = path.join(tmp, 'restate');
  const server = spawn(bin, ['--base-dir', baseDir, '--no-logo'], {
    env: {
      ...process.env,
      RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingress}`,
      RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${admin}`,
      RESTATE_BIND_ADDRESS: `127.0.0.1:${node}`,
      RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${node}`,
      RESTATE_DISABLE_TELEMETRY: 'true',
      RESTATE_LOG_FILTER: 'error',
    },
    // Its log (an update check that fails offline, among others) would break up the table.
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.push(server);
  const serviceFile = path.join(tmp, 'restate-counter.mjs');
  writeFileSync(serviceFile, SERVICE);
  const sdkUrl = new URL(`file://${path.join(cacheDir, 'node_modules', '@restatedev', 'restate-sdk', 'dist', 'index.js')}`).href;
  const service = spawn(process.execPath, [serviceFile], {
    env: { ...process.env, PORT: String(svc), SDK_URL: sdkUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(service);
  await waitFor('restate admin', 120_000, async () => (await request(`http://127.0.0.1:${admin}/health`, 'GET')).status === 200, server);
  await waitFor(
    'restate ingress',
    120_000,
    async () => (await request(`http://127.0.0.1:${ingress}/restate/health`, 'GET')).status === 200,
    server,
  );
  await waitFor(
    'restate registration',
    120_000,
    async () => {
      const r = await request(`http://127.0.0.1:${admin}/deployments`, 'POST', JSON.stringify({ uri: `http://127.0.0.1:${svc}` }));
      return r.status >= 200 && r.status < 300;
    },
    service,
  );
  const base = `http://127.0.0.1:${ingress}`;
  // The new deployment reaches the ingress a moment after registration.
  await waitFor('restate counter', 60_000, async () => (await request(`${base}/counter/warmup/add`, 'POST', '1')).status === 200);
  return {
    name: 'restate',
    prepare: async () => {},
    add: async (key) => Number(await post(`${base}/counter/${key}/add`, 1)),
  };
}

// ---- measurement ----

interface Figures {
  lat: number[];
  rates: number[];
}

async function round(p: Peer, r: number, f: Figures): Promise<void> {
  const seqKey = `seq-${r}`;
  const keys = Array.from({ length: KEYS }, (_, i) => `tp-${r}-${i}`);
  for (const k of [seqKey, ...keys]) {
    await p.prepare(k);
    await p.add(k);
  }
  for (let i = 0; i < 50; i++) await p.add(seqKey); // warm the path
  for (let i = 0; i < SEQ; i++) {
    const t = performance.now();
    await p.add(seqKey);
    f.lat.push(performance.now() - t);
  }
  const t0 = performance.now();
  const ends = await Promise.all(
    keys.map(async (k) => {
      let last = 0;
      for (let i = 0; i < PER_KEY; i++) last = await p.add(k);
      return last;
    }),
  );
  f.rates.push((KEYS * PER_KEY) / ((performance.now() - t0) / 1000));
  // The count is durable state each call reads and writes: it must have counted every call.
  if (ends.some((c) => c !== PER_KEY + 1)) throw new Error(`${p.name}: counts ${ends.join(',')} after ${PER_KEY + 1} adds each`);
}

async function main(): Promise<void> {
  console.log(`Durable Playground vs Restate — node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()}\n`);
  const peers: Peer[] = [];
  log('starting our server (scripts/start.mjs builds first when sources changed)...');
  peers.push(await startOurs());
  try {
    log('starting Restate...');
    peers.push(await startRestate());
  } catch (e) {
    console.log(`\n  SKIPPED Restate: ${(e as Error).message}\n  (measuring ours alone)\n`);
  }
  const figs = new Map<string, Figures>(peers.map((p) => [p.name, { lat: [], rates: [] }]));
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so a busier moment of the machine hits both alike.
    const order = r % 2 === 0 ? peers : [...peers].reverse();
    for (const p of order) {
      log(`round ${r + 1}/${ROUNDS}: ${p.name} (load ${loadAverage()})`);
      await round(p, r, figs.get(p.name)!);
    }
  }
  console.log(
    `\n  ${'system'.padEnd(12)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'inv/s, 10 keys (median; each round)'.padStart(40)}`,
  );
  const sum = new Map<string, { p50: number; p99: number; rate: number }>();
  for (const p of peers) {
    const f = figs.get(p.name)!;
    const s = { p50: pct(f.lat, 50), p99: pct(f.lat, 99), rate: pct(f.rates, 50) };
    sum.set(p.name, s);
    console.log(
      `  ${p.name.padEnd(12)}${s.p50.toFixed(2).padStart(9)}${s.p99.toFixed(2).padStart(9)}${`${s.rate.toFixed(0)} (${f.rates.map((x) => x.toFixed(0)).join(', ')})`.padStart(40)}`,
    );
  }
  const a = sum.get('playground')!;
  const b = sum.get('restate');
  if (b) {
    console.log(
      `\n  ratios (Restate / playground): p50 ${(b.p50 / a.p50).toFixed(1)}x lower, p99 ${(b.p99 / a.p99).toFixed(1)}x lower, throughput ${(a.rate / b.rate).toFixed(1)}x higher   (targets: p50 ≥ 4x, throughput ≥ 4x)`,
    );
  }
  console.log(
    `\n  ${SEQ} sequential calls on one key per round, ${KEYS} keys × ${PER_KEY} calls at once, ${ROUNDS} rounds; load average at the end ${loadAverage()}`,
  );
}

try {
  await main();
} finally {
  // Remove the data folders only once the servers are gone (RocksDB writes on its way out).
  const gone = children.map((c) =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)),
  );
  cleanup();
  await Promise.race([Promise.all(gone), pause(20_000)]);
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
