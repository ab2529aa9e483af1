// Runs after `npm install` / `npm ci` (package.json "postinstall"): makes sure
// better-sqlite3's native binding loads (npm normally built it already:
// prebuild download, or node-gyp from source when offline). Only if it does not
// load do we run `npm rebuild better-sqlite3`. (No Prisma Client is generated:
// Prisma is the schema and migration tool only, see README "Prisma".)

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`postinstall: ${cmd} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`})`);
    process.exit(r.status || 1);
  }
}

function betterSqliteWorks() {
  // In a child process: a broken binding can abort the process instead of throwing.
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], {
    cwd: root,
    stdio: 'pipe',
  });
  return r.status === 0;
}

if (!betterSqliteWorks()) {
  console.log('postinstall: better-sqlite3 binding missing or broken, rebuilding (node-gyp, ~2 min)...');
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3']);
  if (!betterSqliteWorks()) {
    console.error('postinstall: better-sqlite3 still does not load');
    process.exit(1);
  }
}
