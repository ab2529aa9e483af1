import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';

const tmp = mkdtempSync(path.join(tmpdir(), 'playground-migrate-'));
const dbFile = path.join(tmp, 'test.db');
const previousUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL = `file:${dbFile}`;

const { migrate, migrationsDir } = await import('./migrate');
const { databasePath, openDatabase } = await import('./db');

// sqlite_sequence: SQLite's own, for Recovery's AUTOINCREMENT id.
const EXPECTED_TABLES = [
  'BlobContainer',
  'BlobObject',
  'Component',
  'ComponentVersion',
  'KeyValue',
  'OplogEntry',
  'Recovery',
  'Worker',
  'WorkerSummary',
  '_prisma_migrations',
  'sqlite_sequence',
];

describe('migrate', () => {
  after(() => {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    rmSync(tmp, { recursive: true, force: true });
  });

  test('databasePath honours DATABASE_URL', () => {
    assert.equal(databasePath(), dbFile);
  });

  const migrationNames = () =>
    fs
      .readdirSync(migrationsDir(), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();

  /** An in-memory database migrated up to, not including, the migration named `*_<suffix>`; `rest`: that one's name and the later ones'. */
  function migratedBefore(suffix: string, opts: { foreignKeys?: boolean } = {}) {
    const dir = mkdtempSync(path.join(tmp, `before-${suffix}-`));
    const names = migrationNames();
    const at = names.findIndex((n) => n.endsWith(`_${suffix}`));
    assert.ok(at > 0, `no *_${suffix} migration`);
    for (const n of names.slice(0, at)) fs.cpSync(path.join(migrationsDir(), n), path.join(dir, n), { recursive: true });
    const db = new BetterSqlite3(':memory:');
    if (opts.foreignKeys) db.pragma('foreign_keys = ON');
    migrate(db, { migrationsDir: dir });
    return { db, rest: names.slice(at) };
  }

  test('a fresh database gets every table, recorded the way Prisma records it', () => {
    const db = openDatabase();
    try {
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((r) => r.name);
      assert.deepEqual(tables, EXPECTED_TABLES);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
      const rows = db.prepare('SELECT * FROM _prisma_migrations ORDER BY migration_name').all() as Record<string, unknown>[];
      assert.deepEqual(
        rows.map((r) => r.migration_name),
        migrationNames(),
      );
      const row = rows[0]!;
      const script = readFileSync(path.join(migrationsDir(), '20261125000000_init', 'migration.sql'));
      assert.equal(row.migration_name, '20261125000000_init');
      assert.equal(row.checksum, createHash('sha256').update(script).digest('hex'));
      assert.match(String(row.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(String(row.started_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      assert.match(String(row.finished_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      assert.equal(row.logs, null);
      assert.equal(row.rolled_back_at, null);
      assert.equal(row.applied_steps_count, 1);
    } finally {
      db.close();
    }
  });

  test('a second run applies nothing', () => {
    const db = new BetterSqlite3(dbFile);
    try {
      assert.deepEqual(migrate(db), []);
      assert.equal((db.prepare('SELECT count(*) AS n FROM _prisma_migrations').get() as { n: number }).n, migrationNames().length);
    } finally {
      db.close();
    }
  });

  test('the vocab migration keeps every row and its epoch-ms times, now typed as integers', () => {
    const { db, rest } = migratedBefore('vocab');
    try {
      const t = 1_764_480_000_123;
      db.prepare('INSERT INTO "Component" (name, createdAt) VALUES (?, ?)').run('c', t);
      db.prepare(
        `INSERT INTO "ComponentVersion" (componentName, version, sourceKind, exports, imports, size, createdAt) VALUES ('c', 1, 'js', '[]', '[]', 1, ?)`,
      ).run(t + 1);
      db.prepare(
        `INSERT INTO "Worker" (id, componentName, name, version, env, args, createdAt) VALUES ('c/w', 'c', 'w', 1, '[]', '[]', ?)`,
      ).run(t + 2);
      assert.deepEqual(migrate(db), rest);
      const read = (sql: string) => db.prepare(sql).get() as { v: number; t: string };
      assert.deepEqual(read('SELECT createdAt AS v, typeof(createdAt) AS t FROM "Component"'), { v: t, t: 'integer' });
      assert.deepEqual(read('SELECT createdAt AS v, typeof(createdAt) AS t FROM "ComponentVersion"'), { v: t + 1, t: 'integer' });
      assert.deepEqual(read('SELECT createdAt AS v, typeof(createdAt) AS t FROM "Worker"'), { v: t + 2, t: 'integer' });
      const cols = db.prepare(`SELECT type FROM pragma_table_info('Worker') WHERE name = 'createdAt'`).pluck().get();
      assert.equal(cols, 'BIGINT');
    } finally {
      db.close();
    }
  });

  test('dropping Worker.status keeps every worker, its recoveries, summary and oplog', () => {
    const { db, rest } = migratedBefore('drop_worker_status', { foreignKeys: true });
    try {
      const t = 1_764_480_000_123;
      db.prepare(
        `INSERT INTO "Worker" (id, componentName, name, version, env, args, status, createdAt, deletedAt) VALUES ('c/w', 'c', 'w', 2, '[["A","1"]]', '["x"]', 'failed', ?, NULL), ('c/gone', 'c', 'gone', 1, '[]', '[]', 'idle', ?, ?)`,
      ).run(t, t + 1, t + 2);
      db.prepare(`INSERT INTO "Recovery" (workerId, cause, afterIndex, startedAt) VALUES ('c/w', 'runtime', 3, ?)`).run(t + 3);
      db.prepare(
        `INSERT INTO "WorkerSummary" (workerId, v, length, status, error, pending, plain, facts) VALUES ('c/w', 1, 3, 'failed', 'boom', 0, 0, '{"queue":[]}')`,
      ).run();
      db.prepare(`INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload) VALUES ('c/w', 1, 'create', ?, '{}')`).run(t);
      const before = db.prepare('SELECT id, componentName, name, version, env, args, createdAt, deletedAt FROM "Worker" ORDER BY id').all();
      assert.deepEqual(migrate(db), rest);
      assert.deepEqual(
        db.prepare('SELECT id, componentName, name, version, env, args, createdAt, deletedAt FROM "Worker" ORDER BY id').all(),
        before,
      );
      const cols = db.prepare(`SELECT name FROM pragma_table_info('Worker')`).pluck().all();
      assert.ok(!cols.includes('status'), `Worker still has a status column: ${cols.join(', ')}`);
      // The table was redefined (dropped and recreated): nothing that refers to a worker went with it.
      assert.equal(db.prepare('SELECT COUNT(*) FROM "Recovery" WHERE workerId = ?').pluck().get('c/w'), 1);
      assert.equal(db.prepare('SELECT status FROM "WorkerSummary" WHERE workerId = ?').pluck().get('c/w'), 'failed');
      assert.equal(db.prepare('SELECT COUNT(*) FROM "OplogEntry"').pluck().get(), 1);
      const indexes = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Worker' AND sql IS NOT NULL ORDER BY name`)
        .pluck()
        .all();
      assert.deepEqual(indexes, ['Worker_componentName_idx', 'Worker_componentName_name_key', 'Worker_deletedAt_createdAt_id_idx']);
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    } finally {
      db.close();
    }
  });

  test('a failing migration is rolled back, recorded, and retried next time', () => {
    const dir = mkdtempSync(path.join(tmp, 'migrations-'));
    fs.mkdirSync(path.join(dir, '1_ok'));
    fs.writeFileSync(path.join(dir, '1_ok', 'migration.sql'), 'CREATE TABLE "A" ("x" INTEGER);\n');
    fs.mkdirSync(path.join(dir, '2_bad'));
    fs.writeFileSync(path.join(dir, '2_bad', 'migration.sql'), 'CREATE TABLE "B" ("y" INTEGER);\nSELECT nope FROM nowhere;\n');
    const db = new BetterSqlite3(':memory:');
    try {
      assert.throws(() => migrate(db, { migrationsDir: dir }), /migration 2_bad failed/);
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      assert.deepEqual(names, ['A', '_prisma_migrations']);
      const bad = db.prepare("SELECT * FROM _prisma_migrations WHERE migration_name = '2_bad'").get() as Record<string, unknown>;
      assert.match(String(bad.logs), /no such table/);
      assert.notEqual(bad.rolled_back_at, null);
      assert.equal(bad.finished_at, null);
      fs.writeFileSync(path.join(dir, '2_bad', 'migration.sql'), 'CREATE TABLE "B" ("y" INTEGER);\n');
      assert.deepEqual(migrate(db, { migrationsDir: dir }), ['2_bad']);
      assert.deepEqual(migrate(db, { migrationsDir: dir }), []);
    } finally {
      db.close();
    }
  });

  test("Prisma's own schema engine sees the history as applied and in sync", async () => {
    const { createSchemaEngine, readMigrationsList, NO_FILTERS } = await import('../../scripts/prisma-engine.mjs');
    const { engine, schemaFile } = await createSchemaEngine({ url: `file:${dbFile}` });
    try {
      const diagnosis = await engine.diagnoseMigrationHistory({
        migrationsList: readMigrationsList(migrationsDir()),
        optInToShadowDatabase: false,
        filters: NO_FILTERS,
      });
      assert.deepEqual(diagnosis, { editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
      const applied = await engine.applyMigrations({ migrationsList: readMigrationsList(migrationsDir()), filters: NO_FILTERS });
      assert.deepEqual(applied.appliedMigrationNames, []);
      // The database matches schema.prisma exactly (no drift).
      const diff = await engine.diff({
        from: { tag: 'schemaDatasource', files: [schemaFile], configDir: tmp }, // the adapter's database
        to: { tag: 'schemaDatamodel', files: [schemaFile] },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      });
      assert.equal(diff.exitCode, 0, diff.stdout ?? '');
    } finally {
      engine.free(); // releases its (exclusive) connection
    }
  });
});
