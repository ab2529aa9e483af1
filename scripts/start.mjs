// npm start: builds when needed, then serves the app (Next.js behind lib/server/main.ts).
//   PORT (default 3000; 0 picks a free one), HOST (default loopback only; see README "Security"),
//   DATABASE_URL (see lib/store/db.ts).
// A build is needed when .next/BUILD_ID or the runtime bundle is missing, or any
// source file is newer than the last build.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: invalid PORT ${process.env.PORT}`);
  process.exit(1);
}

const SOURCE_DIRS = ['app', 'components', 'lib', 'public', 'prisma', 'scripts'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json'];
const SKIP = new Set(['node_modules', '.next', '.runtime', 'data']);

function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function buildReason() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet';
  if (
    !existsSync(path.join(root, '.runtime', 'server.mjs')) ||
    (!existsSync(path.join(root, '.runtime', 'runtime.mjs')) && existsSync(path.join(root, 'lib/runtime/process/main.ts')))
  ) {
    return 'runtime bundle missing';
  }
  const built = statSync(buildId).mtimeMs;
  const sources = Math.max(
    ...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))),
    ...SOURCE_FILES.map((f) => (existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0)),
  );
  return sources > built ? 'sources changed since the last build' : null;
}

// Offline-friendly: no telemetry calls from the build or the server.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const reason = buildReason();
if (reason) {
  console.log(`start: building (${reason})...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error('start: build failed');
    process.exit(r.status || 1);
  }
}

// Next.js behind a small custom server with a fast path for invocations (lib/server/main.ts).
const args = [path.join(root, '.runtime', 'server.mjs')];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: String(port) } });

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
