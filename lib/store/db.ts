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

/** Opens the database (WAL, busy_timeout 5 s, foreign keys on); applies pending migrations unless readonly. */
export function openDatabase(opts: { readonly?: boolean } = {}): Database {
  const file = databasePath();
  const db = new BetterSqlite3(/*turbopackIgnore: true*/ file, { readonly: opts.readonly ?? false, timeout: 5000 });
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    migrate(db);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}
