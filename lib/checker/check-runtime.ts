// Checks run in a runtime process of their own, over a database of their own
// in a temporary folder: throwaway workers never show among (or slow down,
// or get SIGKILLed with) the user's workers, and closing it purges everything.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../store/migrate';
import { OplogStore } from '../store/oplog-store';
import { ComponentStore } from '../store/component-store';
import { RuntimeClient } from '../runtime/client';
import type { OplogEntry } from '../oplog/entry';
import { CHECK_PROBES_ENV, saveCheckProbes } from './probe-file';
import type { CheckProbe } from './probe';
import { configFrom } from '../config';

export class CheckRuntime {
  readonly client: RuntimeClient;
  readonly db: Database.Database;
  private readonly store: OplogStore;
  private readonly probeFile: string;
  private readonly pins: Record<string, CheckProbe> = {};

  constructor(
    runtimeEntry: string,
    env: NodeJS.ProcessEnv = process.env,
    readonly dir = mkdtempSync(path.join(tmpdir(), 'dp-check-')),
  ) {
    const dbPath = path.join(dir, 'check.db');
    this.db = new Database(dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.store = new OplogStore(this.db);
    this.probeFile = path.join(dir, 'probes.json');
    this.client = new RuntimeClient(runtimeEntry, {
      ...env,
      DATABASE_URL: `file:${dbPath}`,
      [CHECK_PROBES_ENV]: this.probeFile,
      // A run that hangs should not hold the check for a minute.
      PLAYGROUND_INVOCATION_TIMEOUT_MS: String(configFrom(env).checkInvocationTimeoutMs),
      // Sleeps never suspend (a check's invocations are that short anyway): runs answer a sleep's deadline
      // from the baseline and do not wait, so a baseline that suspended would hold a suspend entry no run has.
      PLAYGROUND_SUSPEND_AFTER_MS: String(configFrom(env).checkInvocationTimeoutMs),
    });
  }

  get filesDir(): string {
    return path.join(this.dir, 'check.db.files');
  }

  /** Copies a built component version (its row and transpiled files) from the app's store: no rebuild. */
  copyComponent(from: { db: Database.Database; filesDir: string }, name: string, version: number): void {
    if (!new ComponentStore(from.db).version(name, version)) throw new Error(`component ${name} has no version ${version}`);
    const rel = path.join(encodeURIComponent(name), String(version));
    cpSync(path.join(from.filesDir, rel), path.join(this.filesDir, rel), { recursive: true });
    new ComponentStore(this.db).copyVersionFrom(new ComponentStore(from.db), name, version);
  }

  oplog(workerId: string): OplogEntry[] {
    return this.store.slice(workerId, 1);
  }

  /** Pins a runtime-phase worker needs after the SIGKILL (the restarted runtime reads them). */
  savePins(workerId: string, probe: CheckProbe | null): void {
    if (probe) this.pins[workerId] = probe;
    else delete this.pins[workerId];
    saveCheckProbes(this.probeFile, this.pins);
  }

  async close(): Promise<void> {
    await this.client.stop();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
