// npm run test:engine: runs every lib/**/*.test.ts and test/**/*.test.ts with
// node:test + tsx, two files at a time (each file has its own database, data
// folder and runtime; TEST_CONCURRENCY=1 runs them one by one). (Node 20 does
// not expand glob patterns given to --test, and sh does not expand `**`, hence
// this script.) Built components are cached under node_modules/.cache unless
// PLAYGROUND_BUILD_CACHE says otherwise (see lib/components/build-cache.ts).
// Extra arguments are passed to node, e.g. `npm run test:engine -- --test-name-pattern=oplog`;
// arguments ending in .ts replace the file list.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
let files = args.filter((a) => a.endsWith('.ts'))
const nodeArgs = args.filter((a) => !a.endsWith('.ts'))
if (files.length === 0) {
  files = ['lib', 'test']
    .filter((dir) => existsSync(path.join(root, dir)))
    .flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts') && !f.split(path.sep).includes('node_modules'))
        .map((f) => path.join(dir, f)),
    )
    .sort()
}
if (files.length === 0) {
  console.error('test-engine: no test files found')
  process.exit(1)
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const env = { ...process.env }
env.PLAYGROUND_BUILD_CACHE ??= path.join(root, 'node_modules', '.cache', 'durable-playground', 'builds')
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...nodeArgs, ...files], {
  cwd: root,
  stdio: 'inherit',
  env,
})
process.exit(r.status ?? 1)
