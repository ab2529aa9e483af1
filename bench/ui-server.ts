// What the two browser benches (ui.ts, ui-history.ts) share: a production
// server of their own (its own port and database, the runtime bundle built
// first), a small JSON client for its API, and headless Chromium.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';

export const root = path.resolve(import.meta.dirname, '..');
export const sleep = (t: number) => new Promise<void>((r) => setTimeout(r, t));

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** An oplog entry as the HTTP API returns it (the benches read only these fields). */
export interface Entry {
  index: number;
  kind: string;
  timestamp: number;
  idempotencyKey?: string;
  [k: string]: unknown;
}

export interface BenchServer {
  base: string;
  /** The database file the server uses (benches fill it directly). */
  dbFile: string;
  get<T>(p: string): Promise<T>;
  post<T>(p: string, body: unknown): Promise<T>;
  /** Builds the runtime, starts `scripts/start.mjs` on a fresh database; resolves with the time it took. */
  start(): Promise<number>;
  stop(): void;
}

/**
 * `retries`: how often a request that failed on the network is sent again (a
 * kept-alive socket the server closed as it was reused); only for benches
 * whose every request may repeat.
 */
export function benchServer(opts: { port: number; db: string; retries?: number }): BenchServer {
  const base = `http://127.0.0.1:${opts.port}`;
  const dbFile = path.join(root, 'data', opts.db);
  let server: ChildProcess | undefined;

  async function req<T>(method: string, p: string, body?: unknown, retries = opts.retries ?? 0): Promise<T> {
    let r: Response;
    try {
      r = await fetch(base + p, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      if (retries > 0) return req(method, p, body, retries - 1);
      throw e;
    }
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<T>;
  }

  function stop() {
    if (!server?.pid || server.exitCode !== null || server.signalCode !== null) return;
    // start.mjs runs `next start`, which runs the runtime process: end the whole group we started.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  process.on('exit', stop);
  for (const s of ['SIGINT', 'SIGTERM'] as const)
    process.on(s, () => {
      stop();
      process.exit(130);
    });

  async function start() {
    const rt = spawnSync(process.execPath, ['scripts/build-runtime.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (rt.status !== 0) throw new Error('npm run build:runtime failed');
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`, `${dbFile}.files`])
      rmSync(f, { recursive: true, force: true });
    const proc = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PORT: String(opts.port), DATABASE_URL: `file:./data/${opts.db}`, NEXT_TELEMETRY_DISABLED: '1' },
    });
    server = proc;
    const t0 = Date.now();
    for (; ; await sleep(500)) {
      if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode})`);
      try {
        if ((await fetch(`${base}/api/runtime`)).ok) return Date.now() - t0;
      } catch {
        /* not up yet */
      }
      if (Date.now() - t0 > 900_000) throw new Error('the server did not start within 15 min');
    }
  }

  return { base, dbFile, get: (p) => req('GET', p), post: (p, body) => req('POST', p, body), start, stop };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs a bench's main; a failure sets the exit code; the server stops either way. */
export function run(main: () => Promise<void>, server: BenchServer): void {
  main()
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(server.stop);
}
