// Runs after `npm install` / `npm ci` (package.json "postinstall").
//  1. Makes sure better-sqlite3's native binding loads (npm normally built it
//     already: prebuild download, or node-gyp from source when offline). Only if
//     it does not load do we run `npm rebuild better-sqlite3`.
//  2. Runs `prisma generate` (generator output lib/db/generated, gitignored).

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(path.join(root, 'package.json'))

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env })
  if (r.status !== 0) {
    console.error(`postinstall: ${cmd} ${args.join(' ')} failed (${r.error ?? `exit ${r.status}`})`)
    process.exit(r.status || 1)
  }
}

function betterSqliteWorks() {
  // In a child process: a broken binding can abort the process instead of throwing.
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], {
    cwd: root,
    stdio: 'pipe',
  })
  return r.status === 0
}

// 1. better-sqlite3
if (!betterSqliteWorks()) {
  console.log('postinstall: better-sqlite3 binding missing or broken, rebuilding (node-gyp, ~2 min)...')
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'])
  if (!betterSqliteWorks()) {
    console.error('postinstall: better-sqlite3 still does not load')
    process.exit(1)
  }
}

// 2. prisma generate
//
// `prisma generate` does not use the schema-engine binary, but it first tries
// to download it (from binaries.prisma.sh), which fails with ENOTFOUND when
// offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that
// download. We do this only when no real schema-engine binary is installed, so a
// machine that has one keeps using it. (Migrations do not need the binary
// either: see scripts/prisma-diff.mjs and lib/store/migrate.ts.)
function hasSchemaEngineBinary() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return true
  const dirs = []
  for (const pkg of ['@prisma/engines/package.json', 'prisma/package.json']) {
    try {
      dirs.push(path.dirname(require.resolve(pkg)))
    } catch {}
  }
  return dirs.some(
    (dir) => existsSync(dir) && readdirSync(dir).some((f) => /^schema-engine(-|$)/.test(f) && !/\.(wasm|gz|sha256)$/.test(f)),
  )
}

const env = { ...process.env }
if (!hasSchemaEngineBinary()) {
  // Any existing file will do; generate never executes it.
  env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url)
}
const started = Date.now()
run(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], env)
console.log(`postinstall: prisma generate done in ${Date.now() - started} ms`)
