// Loads Prisma's own schema engine (the Rust engine behind `prisma migrate`,
// compiled to WebAssembly: npm package @prisma/schema-engine-wasm) so that
// migrations can be diffed, applied and diagnosed without the native
// schema-engine binary, which `prisma` downloads from the network and which is
// not available offline. Used by scripts/prisma-diff.mjs and by the migration
// tests (to check that Prisma's own tooling recognises what lib/store/migrate.ts
// records).
//
// The engine talks to SQLite through a driver adapter (better-sqlite3).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const PROJECT_ROOT = path.resolve(process.env.PLAYGROUND_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
export const SCHEMA_PATH = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

let wasmReady;

/**
 * Instantiates the engine. The glue JS always comes from @prisma/schema-engine-wasm.
 * The .wasm preferably comes from the prisma CLI itself (node_modules/prisma/build/
 * schema_engine_bg.wasm, the exact engine build of the installed CLI, whose version is
 * not published on npm as a separate package); if that file is missing or its ABI does
 * not match the glue, the package's own .wasm is used. Both produced identical SQL
 * for our schema when checked.
 */
async function loadWasmModule() {
  wasmReady ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = await import(pathToFileURL(gluePath).href);
    const candidates = [];
    try {
      candidates.push(path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'schema_engine_bg.wasm'));
    } catch {}
    candidates.push(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    let lastError;
    for (const file of candidates.filter((f) => existsSync(f))) {
      try {
        const { instance } = await WebAssembly.instantiate(readFileSync(file), { './schema_engine_bg.js': glue });
        glue.__wbg_set_wasm(instance.exports);
        instance.exports.__wbindgen_start();
        return { glue, wasmFile: file };
      } catch (e) {
        lastError = e;
      }
    }
    throw new Error(`could not instantiate the Prisma schema engine (wasm): ${lastError}`);
  })();
  return wasmReady;
}

/**
 * Creates a schema engine bound to the SQLite database at `url` (`file:...`).
 * @param {{ url: string, schemaPath?: string, log?: (line: string) => void }} opts
 */
export async function createSchemaEngine({ url, schemaPath = SCHEMA_PATH, log }) {
  const { glue, wasmFile } = await loadWasmModule();
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  // A raw adapter factory fails: the engine calls its methods unbound.
  const adapter = bindMigrationAwareSqlAdapterFactory(singleQuotedNames(new PrismaBetterSqlite3({ url })));
  const datamodel = readFileSync(schemaPath, 'utf8');
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[path.basename(schemaPath), datamodel]] },
    (line) => log?.(String(line)),
    adapter,
  );
  return { engine, wasmFile, datamodel, schemaFile: { path: path.basename(schemaPath), content: datamodel } };
}

// Prisma's SQLite describer reads a partial index's WHERE clause with
// `name = "…"`: a double-quoted string, which the SQLite inside better-sqlite3
// (built without double-quoted string literals) takes for a column name. The
// native engine's SQLite accepts it; here that one query gets single quotes, on
// the connection `connect` makes (the only one our callers use: no shadow database).
const INDEX_SQL_BY_NAME = /(FROM sqlite_master WHERE type = 'index' AND name = )"([^"]*)"/;

function singleQuotedNames(factory) {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = (query) =>
      queryRaw({ ...query, sql: query.sql.replace(INDEX_SQL_BY_NAME, (_, head, name) => `${head}'${name.replaceAll("'", "''")}'`) });
    return adapter;
  };
  return factory;
}

/** The migrations folder in the shape the engine expects (what the CLI reads from disk). */
export function readMigrationsList(dir = MIGRATIONS_DIR) {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const migrationDirectories = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
        .map((name) => {
          const file = path.join(dir, name, 'migration.sql');
          return {
            path: name,
            migrationFile: {
              path: 'migration.sql',
              content: existsSync(file) ? { tag: 'ok', value: readFileSync(file, 'utf8') } : { tag: 'error', value: `${file} not found` },
            },
          };
        })
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
