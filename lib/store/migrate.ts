// Applies Prisma migrations (prisma/migrations/<name>/migration.sql) with
// better-sqlite3, recording them in `_prisma_migrations` exactly the way Prisma's
// schema engine does (same table definition, column semantics and value
// formats), so that `prisma migrate status/deploy` and the schema engine's
// diagnoseMigrationHistory treat them as applied. We cannot use
// `prisma migrate deploy` itself: it needs the native schema-engine binary,
// which is downloaded from the network.
//
// New migrations are written with scripts/prisma-diff.mjs.

import { config } from '../config';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';

/**
 * The project root: $PLAYGROUND_ROOT, else the nearest directory at or above
 * process.cwd() containing prisma/schema.prisma, else process.cwd().
 */
export function projectRoot(): string {
  if (config.root) return path.resolve(config.root);
  const cwd = process.cwd();
  for (let dir = cwd; ;) {
    if (existsSync(/*turbopackIgnore: true*/ path.join(dir, 'prisma', 'schema.prisma'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}

export function migrationsDir(): string {
  return path.join(projectRoot(), 'prisma', 'migrations');
}

// Verbatim from Prisma's SQLite schema connector.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: string | null;
  migration_name: string;
  rolled_back_at: string | null;
}

/** Prisma's SQLite timestamp format, e.g. 2026-11-25T19:56:13.434+00:00 */
function now(): string {
  return new Date().toISOString().replace(/Z$/, '+00:00');
}

export class MigrationError extends Error {}

/**
 * Applies every migration in prisma/migrations not yet applied, in name order,
 * each in its own (IMMEDIATE) transaction, so concurrent processes opening the
 * same database do not apply a migration twice. Returns the names applied.
 *
 * Semantics follow `prisma migrate deploy`: a migration is applied when it has a
 * row with finished_at set and rolled_back_at unset; a row with neither is a
 * failed migration (left by Prisma's tooling) and blocks further migrations
 * until resolved. When a script fails here, its transaction is rolled back and a
 * row is recorded with the error in `logs` and rolled_back_at set (what
 * `prisma migrate resolve --rolled-back` would record), so it is retried next
 * time; the error is thrown.
 */
export function migrate(db: Database, opts: { migrationsDir?: string } = {}): string[] {
  const dir = opts.migrationsDir ?? migrationsDir();
  if (db.inTransaction) throw new MigrationError('migrate() must not be called inside a transaction');
  // turbopackIgnore: the folder is read at run time from the project root, not traced into the build.
  const migrations = existsSync(/*turbopackIgnore: true*/ dir)
    ? readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];
  if (migrations.length === 0) throw new MigrationError(`no migrations found in ${dir}`);

  db.exec(CREATE_MIGRATIONS_TABLE.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
  const rowsFor = db.prepare<[string], MigrationRow>(
    'SELECT id, checksum, finished_at, migration_name, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = ? ORDER BY started_at',
  );
  const isApplied = (rows: MigrationRow[]) => rows.some((r) => r.finished_at !== null && r.rolled_back_at === null);
  const failed = (rows: MigrationRow[]) => rows.some((r) => r.finished_at === null && r.rolled_back_at === null);

  const insert = db.prepare(
    'INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 0)',
  );
  const finish = db.prepare('UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?');
  const recordFailure = db.prepare(
    'INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name, logs, rolled_back_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, ?, 0)',
  );

  // A redefined table (Prisma's way of altering SQLite tables) is dropped and
  // recreated; with foreign_keys ON, the DROP would cascade-delete child rows.
  // PRAGMA foreign_keys is a no-op inside a transaction, so switch it off around
  // the migration and check the constraints before each commit instead.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  const applied: string[] = [];
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    for (const name of migrations) {
      const script = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(script).digest('hex');
      const rows = rowsFor.all(name);
      if (isApplied(rows)) {
        if (!rows.some((r) => r.checksum === checksum)) {
          console.warn(`migrate: ${name} was edited after it was applied (checksum differs); Prisma will report it as modified`);
        }
        continue;
      }
      if (failed(rows)) {
        throw new MigrationError(
          `migration ${name} failed earlier and is not resolved (see _prisma_migrations.logs); fix it, then mark it rolled back`,
        );
      }
      const id = randomUUID();
      const startedAt = now();
      let didApply = false;
      try {
        db.transaction(() => {
          if (isApplied(rowsFor.all(name))) return; // another process got there first
          insert.run(id, checksum, startedAt, name);
          db.exec(script);
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) {
            throw new MigrationError(`foreign key violations after migration: ${JSON.stringify(violations.slice(0, 5))}`);
          }
          finish.run(now(), id);
          didApply = true;
        }).immediate();
      } catch (err) {
        // Could not even start (another process holds the write lock): nothing ran, nothing to record.
        if ((err as { code?: string }).code === 'SQLITE_BUSY') throw err;
        const message = err instanceof Error ? err.message : String(err);
        recordFailure.run(id, checksum, startedAt, name, message, now());
        throw new MigrationError(`migration ${name} failed: ${message}`, { cause: err });
      }
      if (didApply) applied.push(name);
    }
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return applied;
}
