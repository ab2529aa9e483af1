// Shared set-up for engine tests: a fresh database and data folder per test
// file, the bundled thread entry, and the example sources.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { migrate } from '../lib/store/migrate';
import { Engine, type EngineOptions } from '../lib/runtime/engine';
import type { EgressPolicy } from '../lib/security/egress';

export const root = path.resolve(import.meta.dirname, '..');
export const threadEntry = path.join(root, '.runtime', 'thread.mjs');

export function example(dir: string, file: string): string {
  return readFileSync(path.join(root, 'examples', dir, file), 'utf8');
}

export interface TestEngine {
  engine: Engine;
  dir: string;
  dbPath: string;
  close(): Promise<void>;
}

/**
 * The tests' HTTP services listen on 127.0.0.1, which the default egress
 * policy refuses to guests: test engines allow loopback explicitly, as a user
 * would with PLAYGROUND_HTTP_ALLOW (test/egress.test.ts checks the refusal).
 */
export const LOOPBACK_ALLOWED: EgressPolicy = { public: true, allow: ['127.0.0.0/8'] };
/** The same, for tests that run the runtime process (its policy comes from the environment). */
export const LOOPBACK_ALLOWED_ENV = { PLAYGROUND_HTTP_ALLOW: '127.0.0.0/8' };

export function makeEngine(opts: Partial<EngineOptions> = {}): TestEngine {
  const dir = mkdtempSync(path.join(tmpdir(), 'dp-test-'));
  const dbPath = path.join(dir, 'test.db');
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const engine = new Engine({ db, dbPath, filesDir: `${dbPath}.files`, threadEntry, egress: LOOPBACK_ALLOWED, ...opts });
  return {
    engine, dir, dbPath,
    async close() {
      await engine.shutdown();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A local HTTP service that records every request body it receives. */
export async function recordingServer(): Promise<{ authority: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`ok#${bodies.length}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    authority: `127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
