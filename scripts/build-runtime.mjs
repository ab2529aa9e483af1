// Bundles the durable runtime's entry points with esbuild (npm run build:runtime):
//   lib/runtime/process/main.ts -> .runtime/runtime.mjs  (the runtime process)
//   lib/runtime/thread/main.ts  -> .runtime/thread.mjs   (its worker threads)
//   lib/server/main.ts          -> .runtime/server.mjs   (the production HTTP server)
// npm packages stay external (resolved from node_modules at run time); only our
// TypeScript is bundled. A missing entry is skipped with a warning.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, '.runtime');

const entries = [
  { entry: 'lib/runtime/process/main.ts', out: 'runtime.mjs' },
  { entry: 'lib/runtime/thread/main.ts', out: 'thread.mjs' },
  { entry: 'lib/server/main.ts', out: 'server.mjs' },
];

// ESM output has no `require`; bundled code that calls require() (esbuild's
// __require shim, CommonJS helpers) finds this one. esbuild renames any
// top-level `require` of our own modules, so this cannot clash. (Do not add
// __dirname/__filename here: esbuild does not rename those; use import.meta.)
const banner =
  "import { createRequire as __playgroundCreateRequire } from 'node:module';\n" +
  'const require = __playgroundCreateRequire(import.meta.url);';

const started = performance.now();
mkdirSync(outdir, { recursive: true });
let built = 0;
for (const { entry, out } of entries) {
  const file = path.join(root, entry);
  if (!existsSync(file)) {
    console.warn(`build-runtime: warning: ${entry} does not exist yet, skipping ${out}`);
    continue;
  }
  const t = performance.now();
  const options = {
    absWorkingDir: root,
    entryPoints: [file],
    outfile: path.join(outdir, out),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    bundle: true,
    packages: 'external',
    // Linked, not inline: an inline map is part of the module's source text, which
    // every worker thread keeps (~1 MB of RSS per thread, per idle resident worker).
    sourcemap: 'linked',
    banner: { js: banner },
    logLevel: 'warning',
  };
  try {
    await esbuild.build(options);
  } catch {
    // esbuild has already printed the errors.
    console.error(`build-runtime: ${entry} failed`);
    process.exit(1);
  }
  built++;
  console.log(`build-runtime: ${entry} -> .runtime/${out} (${Math.round(performance.now() - t)} ms)`);
}
console.log(`build-runtime: ${built} of ${entries.length} entries built in ${Math.round(performance.now() - started)} ms`);
