// An optional content-addressed cache of built components. A build is a pure
// function of its inputs (source, WIT, world, the host's WIT packages and the
// toolchain), so the same inputs may reuse earlier bytes instead of running
// componentize-qjs again (seconds per build). Tests and CI turn it on by
// naming a folder in PLAYGROUND_BUILD_CACHE; without it every build is real.
// Only successful builds are stored; a failed build is always re-run.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hostWitPackages, linkableForQjs } from './build';
import { config } from '../config';

const require = createRequire(import.meta.url);

let toolchain: string | undefined;

/** Versions of the build tools: a new toolchain never reads an old toolchain's bytes. */
function toolchainVersions(): string {
  if (toolchain === undefined) {
    const jcoMain = require.resolve('@bytecodealliance/jco');
    const jco = JSON.parse(readFileSync(path.join(path.dirname(jcoMain), '..', 'package.json'), 'utf8')) as { version: string };
    const qjs = JSON.parse(readFileSync(require.resolve('componentize-qjs/package.json'), 'utf8')) as { version: string };
    toolchain = `jco@${jco.version} componentize-qjs@${qjs.version}`;
  }
  return toolchain;
}

export function buildCacheKey(kind: 'js' | 'wat', source: string, wit: string, world: string | undefined): string {
  const h = createHash('sha256');
  // JS builds read the host's packages as componentize-qjs can link them.
  const host = hostWitPackages()
    .map((p) => (kind === 'js' ? linkableForQjs(p) : p))
    .map((p) => `${p.name}\n${p.text}`);
  // JSON keeps field boundaries unambiguous. `format` counts changes to what a
  // build does around the tools (2: JS builds rename a stand-in wasi:io/poll).
  h.update(JSON.stringify({ format: 2, toolchain: toolchainVersions(), kind, source, wit, world: world ?? null, host }));
  return h.digest('hex');
}

/** Runs `build` unless the cache (when enabled) holds bytes for the same inputs. */
export async function cachedBuild(
  kind: 'js' | 'wat',
  source: string,
  wit: string,
  world: string | undefined,
  build: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const dir = config.buildCache;
  if (!dir) return build();
  const file = path.join(dir, `${buildCacheKey(kind, source, wit, world)}.wasm`);
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    /* not cached yet */
  }
  const bytes = await build();
  // Write then rename: parallel test processes never read half a file.
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}
