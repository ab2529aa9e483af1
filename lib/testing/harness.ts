// The one set-up engine tests (test/helpers.ts) and benches (bench/*.ts)
// share: a fresh database in a throwaway folder, the bundled thread entry, a
// plain (non-recording) instance of a component, waiting on a worker's state.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase as openServerDatabase } from '../store/db';
import { Engine, type EngineOptions } from '../runtime/engine';
import type { WorkerInfo } from '../runtime/types';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const threadEntry = path.join(root, '.runtime', 'thread.mjs');

/** A source file of an example (examples/<dir>/<file>). */
export function example(dir: string, file: string): string {
  return readFileSync(path.join(root, 'examples', dir, file), 'utf8');
}

/** A shipped JavaScript example as registerComponent takes it: `examples/<dir>/<base>.js` and `.wit`. */
export function jsExample(dir: string, base: string): { kind: 'js'; source: string; wit: string } {
  return { kind: 'js', source: example(dir, `${base}.js`), wit: example(dir, `${base}.wit`) };
}

/** A database with the schema, opened as the server opens its own. */
export function openDatabase(dbPath: string): Database.Database {
  return openServerDatabase({ file: dbPath });
}

/** A fresh folder under the system's temp folder, with a database in it. */
export function freshDatabase(prefix = 'dp-test-'): { dir: string; dbPath: string; db: Database.Database } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const dbPath = path.join(dir, 'test.db');
  return { dir, dbPath, db: openDatabase(dbPath) };
}

export interface EngineHarness {
  engine: Engine;
  db: Database.Database;
  dir: string;
  dbPath: string;
  /** Shuts the engine down and removes its folder; a second call does nothing. */
  close(): Promise<void>;
}

/** An engine on `db` at `dbPath`: its files beside the database, the bundled thread entry; `opts` override the defaults. */
function engineOn(db: Database.Database, dbPath: string, opts: Partial<EngineOptions>): Engine {
  return new Engine({ db, dbPath, filesDir: `${dbPath}.files`, threadEntry, ...opts });
}

/** An engine on a fresh database; `opts` override the defaults. */
export function makeEngine(opts: Partial<EngineOptions> = {}, prefix = 'dp-test-'): EngineHarness {
  const { dir, dbPath, db } = freshDatabase(prefix);
  const engine = engineOn(db, dbPath, opts);
  let closed = false;
  return {
    engine,
    db,
    dir,
    dbPath,
    async close() {
      if (closed) return;
      closed = true;
      await engine.shutdown();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A second engine over an existing database, as after a restart of the server
 * (the first one shut down); close() shuts it down and closes its connection.
 */
export function reopenEngine(dbPath: string, opts: Partial<EngineOptions> = {}): { engine: Engine; close(): Promise<void> } {
  const db = openDatabase(dbPath);
  const engine = engineOn(db, dbPath, opts);
  return {
    engine,
    async close() {
      await engine.shutdown();
      db.close();
    },
  };
}

/** A registered component instantiated here with plain imports: nothing recorded, no thread. */
export async function plainInstance<Api>(engine: Engine, name: string, version: number): Promise<{ api: Api }> {
  const loaded = await engine.components.load(name, version);
  const { instantiate } = await import(loaded.bindingsUrl);
  const { hostImports } = await import('../host');
  const ctx = {
    env: [],
    args: [],
    replaying: () => false,
    durable: (_f: string, _d: string, _r: unknown, live: () => unknown) => live(),
    log: () => {},
    httpRequest: () => ({ error: 'internal-error', message: 'none' }),
    sleep: () => {},
  };
  return instantiate((n: string) => loaded.modules[n], hostImports(ctx as never));
}

/** Polls the worker until `ok` holds; throws with its last state after `ms`. */
export async function waitForWorker(
  engine: Engine,
  what: string,
  id: string,
  ok: (w: WorkerInfo) => boolean,
  ms: number,
): Promise<WorkerInfo> {
  const end = Date.now() + ms;
  for (;;) {
    const w = engine.getWorker(id);
    if (ok(w)) return w;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(w)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
