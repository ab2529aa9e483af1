// An optional content-addressed cache of built components. A build is a pure
// function of its inputs (source, WIT, world, the host's WIT packages and the
// toolchain), so the same inputs may reuse earlier bytes instead of running
// componentize-qjs again (seconds per build). Tests and CI turn it on by
// naming a folder in PLAYGROUND_BUILD_CACHE; without it every build is real.
// Only successful builds are stored; a failed build is always re-run.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
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

/** A lock older than this is taken over even if its holder seems alive (a reused pid). */
const STALE_LOCK_MS = 10 * 60_000;
const WAIT_STEP_MS = 100;

function readCached(file: string): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    return undefined; // not cached yet
  }
}

/** Whether the process that wrote `lock` has gone (or the lock is stale) without removing it. */
function abandoned(lock: string): boolean {
  let pid: number;
  let age: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return false; // just removed: the next round sees why
  }
  if (age > STALE_LOCK_MS) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false; // created, pid not written yet
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `build` unless the cache (when enabled) holds bytes for the same inputs.
 * Test processes and the browser tests' servers share one folder: the first to
 * miss a key takes `<key>.wasm.lock` (O_EXCL) and builds; the others wait for
 * its bytes instead of running the same seconds-long build beside it. A holder
 * that dies leaves its lock behind; it is taken over.
 */
export async function cachedBuild(
  kind: 'js' | 'wat',
  source: string,
  wit: string,
  world: string | undefined,
  build: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const dir = config.buildCache;
  if (!dir) return build();
  return cachedFile(dir, `${buildCacheKey(kind, source, wit, world)}.wasm`, build);
}

/** What jco's transpile writes for a component: file names and their bytes. */
export type TranspiledFiles = [string, Uint8Array][];

export function transpileCacheKey(bytes: Uint8Array, options: unknown): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: 1, toolchain: toolchainVersions(), options }));
  h.update(bytes);
  return h.digest('hex');
}

/**
 * Runs `transpile` (jco) unless the cache (when enabled) holds its files for
 * the same component bytes and options, as `cachedBuild` does for builds: a
 * process whose components are all cached never loads jco (≈ 5 CPU s for its
 * first transpile, ≈ 0.6 s for each next one). The files are jco's own output;
 * what the registry does to them afterwards (bindings-patch) is not cached.
 */
export async function cachedTranspile(
  bytes: Uint8Array,
  options: unknown,
  transpile: () => Promise<TranspiledFiles>,
): Promise<TranspiledFiles> {
  const dir = config.buildCache;
  if (!dir) return transpile();
  return unpackFiles(await cachedFile(dir, `${transpileCacheKey(bytes, options)}.jco`, async () => packFiles(await transpile())));
}

/** Files in one blob: a 4-byte length, a JSON list of [name, size], then the bytes in that order. */
function packFiles(files: TranspiledFiles): Uint8Array {
  const head = Buffer.from(JSON.stringify(files.map(([name, b]) => [name, b.length])), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return Buffer.concat([len, head, ...files.map(([, b]) => b)]);
}

function unpackFiles(blob: Uint8Array): TranspiledFiles {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const headLen = buf.readUInt32LE(0);
  const head = JSON.parse(buf.subarray(4, 4 + headLen).toString('utf8')) as [string, number][];
  let at = 4 + headLen;
  const files: TranspiledFiles = head.map(([name, size]) => {
    const b = new Uint8Array(buf.subarray(at, at + size));
    at += size;
    return [name, b];
  });
  if (at !== buf.length) throw new Error(`build cache: a transpile entry of ${buf.length} bytes does not match its list (${at})`);
  return files;
}

/** The bytes cached under `name` in `dir`, made by `produce` (once, under a lock) when missing. */
async function cachedFile(dir: string, name: string, produce: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const file = path.join(dir, name);
  const lock = `${file}.lock`;
  mkdirSync(dir, { recursive: true });
  for (;;) {
    const hit = readCached(file);
    if (hit) return hit;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (abandoned(lock)) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      // The previous holder may have stored the bytes between the read above and the lock.
      const stored = readCached(file);
      if (stored) return stored;
      const bytes = await produce();
      // Write then rename: a reader never sees half a file.
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      return bytes;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}
