// Builds a component from JavaScript (componentize-qjs) or WAT (jco's parse,
// embed and component-new), resolving WASI imports against the WIT packages
// that jco ships. Errors carry the line and column of the user's source.

import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { UserError } from './errors';
import { projectRoot } from '../store/migrate';
import { componentizeInChild } from './qjs-run';
import { componentFromWat, JcoError } from './jco-run';

const require = createRequire(import.meta.url);

/** WASI WIT packages offered to guests at build time (any 0.2.x resolves to these). */
export const WASI_VERSION = '0.2.12';

export function wasiWitDir(): string {
  // The package's main is dist/api.js; its WIT folder sits beside dist/.
  const jco = path.resolve(path.dirname(require.resolve('@bytecodealliance/jco')), '..');
  return path.join(jco, 'lib', 'wit', 'builtin', WASI_VERSION);
}

/** Our WIT uses one WASI version; users may write any 0.2.x. */
export function normalizeWasiVersions(wit: string): string {
  return wit
    .replace(/(wasi:[a-z-]+\/[a-z-]+(?:\.\{[^}]*\})?)@0\.2\.\d+/g, (m, p: string) => `${p}@${WASI_VERSION}`)
    .replace(/(wasi:[a-z-]+\/[a-z-]+)@0\.2\.\d+/g, `$1@${WASI_VERSION}`);
}

/** Our own WIT packages (wit/ at the project root), offered beside WASI. */
export function hostWitDir(): string {
  return path.join(projectRoot(), 'wit');
}

/** Every WIT package a guest may import: name → package.wit text. */
export function hostWitPackages(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const base of [wasiWitDir(), hostWitDir()]) {
    for (const d of readdirSync(base, { withFileTypes: true })) {
      // Golem's packages name WASI 0.2.3; every 0.2.x resolves to the one copy we ship.
      if (d.isDirectory())
        out.push({ name: d.name, text: normalizeWasiVersions(readFileSync(path.join(base, d.name, 'package.wit'), 'utf8')) });
    }
  }
  return out;
}

/**
 * componentize-qjs pre-initializes the guest (Wizer) in a wasmtime linker that
 * first defines every import as a trap, with each resource a fresh host type,
 * then lets wasmtime-wasi's own WASI 0.2 definitions replace those it knows. An
 * interface outside WASI that `use`s a WASI resource (golem:api 1.3/1.5's
 * `get-promise-result.subscribe -> pollable`, golem:rpc's
 * `future-invoke-result.subscribe`, golem:durability's
 * `lazy-initialized-pollable`) then gets a trap-stub `pollable` that is
 * not wasi:io's, and linking fails with "mismatched resource types".
 *
 * So JS builds see those interfaces use the pollable of a stand-in package,
 * `wasj:io/poll@0.2.3` (unknown to wasmtime-wasi, so stubbed consistently),
 * and the built component is renamed byte for byte to `wasi:io/poll@0.2.3`
 * (same length: no offsets move). The component then imports wasi:io/poll
 * twice, at 0.2.12 (WASI's own uses) and 0.2.3 (Golem's), which any WASI 0.2
 * host, Golem included, satisfies with its one wasi:io/poll.
 */
const QJS_POLL = { standIn: 'wasj:io/poll@0.2.3', real: 'wasi:io/poll@0.2.3' } as const;
const QJS_POLL_PACKAGE = {
  name: 'wasj-io',
  text: `package wasj:io@0.2.3;
interface poll {
  resource pollable { ready: func() -> bool; block: func(); }
  poll: func(in: list<borrow<pollable>>) -> list<u32>;
}
`,
};

export function linkableForQjs(p: { name: string; text: string }): { name: string; text: string } {
  if (p.name === 'wasi-keyvalue') return { name: p.name, text: qjsKeyvalue(p.text) };
  if (!/^golem-(rpc|api-1\.[35]|durability)/.test(p.name)) return p;
  const text = p.text.replace(/use wasi:io\/poll@[0-9.]+\.\{pollable\}/g, `use ${QJS_POLL.standIn}.{pollable}`);
  return { name: p.name, text: p.name === 'golem-api-1.5' ? withoutFunctions(text, 'oplog', ['enrich-oplog-entries']) : text };
}

/**
 * componentize-qjs imports every function of an interface a world pulls in,
 * used or not. golem:durability uses golem:api/oplog's types, and the host
 * does not offer oplog's `enrich-oplog-entries` (an oplog processor plugin's
 * job): JS builds see that interface without it.
 */
function withoutFunctions(text: string, iface: string, functions: string[]): string {
  return text
    .split(/\n(?=interface |world )/)
    .map((chunk) => {
      if (!chunk.startsWith(`interface ${iface} {`)) return chunk;
      return functions.reduce((c, f) => c.replace(new RegExp(`\\n\\s*${f}: func\\([^;]*;`), ''), chunk);
    })
    .join('\n');
}

/** The stand-in's name, wherever the build wrote it, becomes wasi:io's. */
export function renameQjsPoll(component: Uint8Array): Uint8Array {
  const buf = Buffer.from(component);
  const from = Buffer.from(QJS_POLL.standIn);
  const to = Buffer.from(QJS_POLL.real);
  for (let i = buf.indexOf(from); i >= 0; i = buf.indexOf(from, i + from.length)) to.copy(buf, i);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * wasi:keyvalue for componentize-qjs: `types` without the two stream-based
 * methods (they use wasi:io's resources), so JS guests link its sync ones.
 */
function qjsKeyvalue(text: string): string {
  return text
    .replace(/^.*use wasi:io\/streams.*$/m, '')
    .replace(/^.*-async: func\(\).*$/gm, '')
    .replace(/^.*type (outgoing-value-body-async|incoming-value-async-body) = .*$/gm, '');
}

async function witFolder(wit: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dp-wit-'));
  await mkdir(path.join(dir, 'deps'));
  for (const p of [...hostWitPackages().map(linkableForQjs), QJS_POLL_PACKAGE]) {
    await mkdir(path.join(dir, 'deps', p.name));
    await writeFile(path.join(dir, 'deps', p.name, 'package.wit'), p.text);
  }
  await writeFile(path.join(dir, 'world.wit'), normalizeWasiVersions(wit));
  return dir;
}

export async function buildFromJs(source: string, wit: string, world: string | undefined): Promise<Uint8Array> {
  const dir = await witFolder(wit);
  try {
    const normalized = source.replace(/(["'])wasi:([a-z-]+\/[a-z-]+)@0\.2\.\d+\1/g, `$1wasi:$2@${WASI_VERSION}$1`);
    return renameQjsPoll(await componentizeInChild(dir, normalized, world, jsBuildError));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function jsBuildError(e: unknown): UserError {
  const msg = String(e instanceof Error ? e.message : e).trim();
  const at = /user\.js:(\d+):(\d+)/.exec(msg);
  const reason = /Error: ([^\n]*)/.exec(msg)?.[1] ?? msg.replace(/^:\s*/, '');
  if (at)
    return new UserError(`JavaScript error at line ${at[1]}, column ${at[2]}: ${reason}`, 400, {
      file: 'js',
      line: Number(at[1]),
      column: Number(at[2]),
    });
  if (/WIT|wit/.test(msg)) return new UserError(`WIT error: ${msg.replace(/^.*?: (?=[^:]*$)/, '')}`, 400);
  return new UserError(`build failed: ${reason}`, 400);
}

export async function buildFromWat(wat: string, wit: string, world: string | undefined): Promise<Uint8Array> {
  try {
    return await componentFromWat(wat, witWithWasi(wit), world);
  } catch (e) {
    if (e instanceof JcoError && e.stage === 'parse') throw watError(e);
    throw new UserError(`could not make a component from this module and WIT: ${cleanToolError(e)}`);
  }
}

/**
 * The user's WIT followed by the WASI packages as nested `package x { ... }`
 * blocks: jco's embed cannot read a WIT folder from disk (its WASI filesystem
 * has no preopens), but it resolves nested packages in one source.
 */
function witWithWasi(wit: string): string {
  const nested = hostWitPackages().map((p) => p.text.replace(/^\s*package\s+([^;]+);/m, 'package $1 {') + '\n}\n');
  return `${normalizeWasiVersions(wit)}\n${nested.join('\n')}`;
}

function watError(e: unknown): UserError {
  const msg = String(e instanceof Error ? e.message : e);
  const pos = /line: (\d+), col: (\d+)/.exec(msg);
  const kind = /Custom\("([^"]*)"\)/.exec(msg)?.[1] ?? /kind: ([A-Za-z]+)/.exec(msg)?.[1] ?? msg;
  if (pos) {
    // wast reports a 0-based line and column.
    const line = Number(pos[1]) + 1;
    const column = Number(pos[2]) + 1;
    return new UserError(`WAT error at line ${line}, column ${column}: ${kind}`, 400, { file: 'wat', line, column });
  }
  return new UserError(`WAT error: ${kind}`);
}

export function cleanToolError(e: unknown): string {
  return String(e instanceof Error ? e.message : e)
    .split('\n')
    .filter((l) => l.trim() && !/^\s*(Stack backtrace|\d+:)/.test(l))
    .slice(0, 6)
    .join('; ');
}
