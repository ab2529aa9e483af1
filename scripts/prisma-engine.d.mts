// Types for scripts/prisma-engine.mjs (used from TypeScript tests).
export declare const PROJECT_ROOT: string;
export declare const SCHEMA_PATH: string;
export declare const MIGRATIONS_DIR: string;
export declare const NO_FILTERS: { externalTables: string[]; externalEnums: string[] };

export interface SchemaFile {
  path: string;
  content: string;
}
export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok' | 'error'; value: string } } }[];
}
type DiffTarget =
  | { tag: 'empty' }
  | { tag: 'schemaDatasource'; files: SchemaFile[]; configDir: string }
  | { tag: 'schemaDatamodel'; files: SchemaFile[] }
  | ({ tag: 'migrations' } & MigrationList);
type Filters = typeof NO_FILTERS;

/** The subset of @prisma/schema-engine-wasm's SchemaEngine we use. */
export interface SchemaEngine {
  version(): Promise<string>;
  diff(params: { from: DiffTarget; to: DiffTarget; script: boolean; exitCode: boolean | null; filters: Filters }): Promise<{
    exitCode: number;
    stdout: string | null;
  }>;
  applyMigrations(input: { migrationsList: MigrationList; filters: Filters }): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: { migrationsList: MigrationList; optInToShadowDatabase: boolean; filters: Filters }): Promise<{
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    history: unknown;
  }>;
  free(): void;
}

export declare function createSchemaEngine(opts: {
  url: string;
  schemaPath?: string;
  log?: (line: string) => void;
}): Promise<{ engine: SchemaEngine; wasmFile: string; datamodel: string; schemaFile: SchemaFile }>;

export declare function readMigrationsList(dir?: string): MigrationList;
