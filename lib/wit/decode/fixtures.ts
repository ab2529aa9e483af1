// Test fixtures: build real components (JS via componentize-qjs, WAT via jco)
// so the decoder is exercised on what actual toolchains emit.

import { mkdtemp, mkdir, writeFile, rm, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function wasiDeps(): string {
  // The package's main entry is dist/api.js; the WASI WIT ships under lib/wit/builtin.
  const jco = path.resolve(path.dirname(require.resolve('@bytecodealliance/jco')), '..');
  return path.join(jco, 'lib', 'wit', 'builtin', '0.2.12');
}

async function witDir(wit: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'decode-test-'));
  await mkdir(path.join(dir, 'deps'));
  await cp(wasiDeps(), path.join(dir, 'deps'), { recursive: true });
  await writeFile(path.join(dir, 'world.wit'), wit);
  return dir;
}

export async function buildJs(wit: string, world: string, jsSource: string): Promise<Uint8Array> {
  const dir = await witDir(wit);
  try {
    const { componentize } = await import('componentize-qjs');
    const { component } = await componentize({ witPath: dir, jsSource, world, sync: true });
    return new Uint8Array(component);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Core module WAT + self-contained WIT (no deps) -> component, via jco's embed and component-new. */
export async function buildWat(wit: string, world: string, wat: string): Promise<Uint8Array> {
  const jco = await import('@bytecodealliance/jco');
  const core = await jco.parse(wat);
  const embedded = await jco.componentEmbed({ binary: core, witSource: wit, world });
  return await jco.componentNew(embedded, undefined);
}

/** Assemble text (core module or component WAT) into a binary. */
export async function assemble(wat: string): Promise<Uint8Array> {
  const jco = await import('@bytecodealliance/jco');
  return await jco.parse(wat);
}

export async function printWat(bytes: Uint8Array): Promise<string> {
  const jco = await import('@bytecodealliance/jco');
  return await jco.print(bytes);
}
