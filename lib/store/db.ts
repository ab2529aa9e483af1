// The SQLite database file shared by the Next.js server, the runtime process
// and Prisma Client. DATABASE_URL (`file:...`, relative to the project root)
// overrides the default <root>/data/playground.db.

import { config } from '../config';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate, projectRoot } from './migrate';

export function databasePath(): string {
  const url = config.databaseUrl;
  let file: string;
  if (url) {
    if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must be a file: URL for SQLite, got ${url}`);
    file = url.slice('file:'.length).replace(/\?.*$/, '');
    if (file.startsWith('//')) file = new URL(url).pathname; // file:///abs/path
  } else {
    file = 'data/playground.db';
  }
  const resolved = path.resolve(projectRoot(), file);
  mkdirSync(/*turbopackIgnore: true*/ path.dirname(resolved), { recursive: true });
  return resolved;
}

/**
 * How a connection that writes is set up (the server's, the runtime's, the
 * tests' and benches' engines alike). WAL with synchronous = NORMAL: a commit
 * survives any process crash; a power loss or OS crash may take back the
 * commits since the last checkpoint (README, "One writer").
 * SQLite's automatic checkpoint runs inside the commit that crosses its
 * threshold, and every invocation in flight waits for it. An invocation
 * writes ~5-6 pages: at the default 1,000 pages one commit in ~170 stalled
 * 5-8 ms; at 10,000 one in ~1,700 does, for ~30 ms, and the copying back
 * costs ~10 µs less CPU per invocation (a page rewritten by many commits is
 * copied once). The WAL file grows to ~40 MB and keeps that size.
 */
function configureWriter(db: Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 10000');
  // better-sqlite3 is built with foreign keys on by default; set here so the schema's cascades (a worker's recoveries,
  // a component's versions) do not depend on how the driver was built. migrate() turns it off around table rebuilds.
  db.pragma('foreign_keys = ON');
}

/**
 * Opens the database (`file`, else DATABASE_URL's; busy timeout 5 s): a writer
 * as configureWriter says, with pending migrations applied; or readonly.
 */
export function openDatabase(opts: { file?: string; readonly?: boolean } = {}): Database {
  const file = opts.file ?? databasePath();
  const db = new BetterSqlite3(/*turbopackIgnore: true*/ file, { readonly: opts.readonly ?? false, timeout: 5000 });
  if (!opts.readonly) {
    configureWriter(db);
    migrate(db);
  }
  return db;
}
