// Component versions: validated, built, transpiled once, then immutable.
// Workers of a version share its compiled core modules.

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import type { Database } from 'better-sqlite3';
import { ComponentStore, type VersionRow } from '../store/component-store';
import { buildFromJs, buildFromWat, cleanToolError, hostWitPackages, normalizeWasiVersions } from './build';
import { checkJsExports } from './js-exports';
import { cachedBuild, cachedTranspile } from './build-cache';
import { transpileInChild } from './jco-run';
import { componentSummaries, iso } from './summaries';
import { UserError } from './errors';
import { limitMemory } from './memory-limit';
import { needsBindingsPatch, patchBindings } from './bindings-patch';
import { unsupportedImports } from '../host';
import { transpileMap, unsatisfiedImports } from '../host/satisfy';
import { resolveWorld, WitError } from '../wit/parse';
import { decodeComponentExports, ComponentFormatError, type ImportedMembers } from '../wit/decode';
import type { WitFunction } from '../wit/types';

export type SourceKind = 'upload' | 'js' | 'wat';

export type ComponentSource =
  | { kind: 'upload'; bytes: Uint8Array; wit?: string; world?: string }
  | { kind: 'js'; source: string; wit: string; world?: string }
  | { kind: 'wat'; source: string; wit: string; world?: string };

export interface ComponentVersionInfo {
  name: string;
  version: number;
  sourceKind: SourceKind;
  exports: WitFunction[];
  imports: string[];
  size: number;
  buildMs: number;
  createdAt: string;
  source?: string;
  wit?: string;
  world?: string;
}

export interface ComponentSummary {
  name: string;
  latestVersion: number;
  versions: number;
  sourceKind: SourceKind;
  exports: WitFunction[];
  createdAt: string;
  workers: number;
}

export interface LoadedVersion {
  bindingsUrl: string;
  modules: Record<string, WebAssembly.Module>;
  exports: WitFunction[];
}

// componentize-qjs core modules use extended-const, behind a flag on Node 20.
setFlagsFromString('--experimental-wasm-extended-const');
// jco's instantiation body (_initGenerator, ~36 KB of bytecode) runs once per
// instance, yet turned hot in a burst of wakes: TurboFan then spent 1-2 s of
// CPU on it in every thread, again after each deoptimisation. Flags are the
// process's: set here, once, before the engine starts any thread (a string
// flag changed while another thread reads it would be a race).
setFlagsFromString('--turbo-filter=-_initGenerator');

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkName(kind: string, name: string): void {
  if (!NAME.test(name))
    throw new UserError(`invalid ${kind} name "${name}": use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit`);
}

export class ComponentRegistry {
  private readonly loaded = new Map<string, Promise<LoadedVersion>>();
  private readonly rows: ComponentStore;

  constructor(
    db: Database,
    private readonly filesDir: string,
    private readonly memoryLimitBytes: number,
    /** Runs a build (on a cache miss) when the runtime has room for it (lib/runtime/kernel.ts). */
    private readonly buildSlot: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
  ) {
    this.rows = new ComponentStore(db);
  }

  dir(name: string, version: number): string {
    return path.join(this.filesDir, encodeURIComponent(name), String(version));
  }

  /** Builds of one name go one after the other: each takes the next version number. */
  private readonly registering = new Map<string, Promise<unknown>>();

  /** Runs `work` after the registrations of `name` that came before it, and before those that come after. */
  private async inTurn<T>(name: string, work: () => Promise<T>): Promise<T> {
    const p = (this.registering.get(name) ?? Promise.resolve()).catch(() => {}).then(work);
    this.registering.set(name, p);
    try {
      return await p;
    } finally {
      if (this.registering.get(name) === p) this.registering.delete(name);
    }
  }

  /** `within` runs in the transaction that adds the version's row: a throw there leaves no version behind. */
  register(name: string, src: ComponentSource, within?: () => void): Promise<ComponentVersionInfo> {
    return this.inTurn(name, () => this.registerNow(name, src, within));
  }

  /**
   * For an import: the version of `name` whose component is exactly `src.bytes`, else a new version of them. `use`
   * runs in the transaction that adds the new version's row (a throw there leaves no version behind), or alone for
   * the one found. Found and added in turn with other registrations of `name`, so imports at once of the same bytes
   * share one version.
   */
  registerOnce(
    name: string,
    src: Extract<ComponentSource, { kind: 'upload' }>,
    use: (version: number, created: boolean) => void,
  ): Promise<{ version: number; created: boolean }> {
    return this.inTurn(name, async () => {
      const found = await this.versionWithBytes(name, src.bytes);
      if (found !== undefined) {
        use(found, false);
        return { version: found, created: false };
      }
      const v = await this.registerNow(name, src, (version) => use(version, true));
      return { version: v.version, created: true };
    });
  }

  /** The newest version holding exactly these bytes (a re-upload or a cached rebuild adds versions of the same bytes). */
  private async versionWithBytes(name: string, bytes: Uint8Array): Promise<number | undefined> {
    const wanted = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const v of this.rows.versions(name).reverse()) {
      if (v.size !== wanted.length) continue; // the row knows the size: no file read for those
      try {
        if (wanted.equals(await readFile(path.join(this.dir(name, v.version), 'component.wasm')))) return v.version;
      } catch {
        /* a version without its file: not a match */
      }
    }
    return undefined;
  }

  /** `within` runs in the transaction that adds the version's row. */
  private async registerNow(name: string, src: ComponentSource, within?: (version: number) => void): Promise<ComponentVersionInfo> {
    checkName('component', name);
    const started = performance.now();
    let bytes: Uint8Array;
    if (src.kind === 'js' || src.kind === 'wat') {
      if (!src.source?.trim()) throw new UserError(`the ${src.kind === 'js' ? 'JavaScript' : 'WAT'} source is empty`);
      if (!src.wit?.trim()) throw new UserError('a WIT world is required to build a component');
    }
    // WIT is checked first: our parser reports line and column.
    const fromWit = src.wit ? this.exportsFromWit(src.wit, src.world) : undefined;
    if (src.kind === 'js' && fromWit) checkJsExports(src.source, src.wit, fromWit.exports);
    if (src.kind === 'js')
      bytes = await cachedBuild('js', src.source, src.wit, fromWit?.world, () =>
        this.buildSlot(() => buildFromJs(src.source, src.wit, fromWit?.world)),
      );
    else if (src.kind === 'wat')
      bytes = await cachedBuild('wat', src.source, src.wit, fromWit?.world, () =>
        this.buildSlot(() => buildFromWat(src.source, src.wit, fromWit?.world)),
      );
    else bytes = src.bytes;

    const decoded = inspectBinary(bytes);
    const exports = fromWit?.exports ?? decoded.exports;
    const imports = decoded.imports;
    const unsupported = unsupportedImports(imports);
    if (unsupported.length > 0) {
      throw new UserError(`this component imports interfaces the playground does not offer: ${unsupported.join(', ')}`);
    }
    // Nothing is accepted that could not be instantiated: every function and resource, by version.
    const unsatisfied = unsatisfiedImports(decoded.importedMembers);
    if (unsatisfied.length > 0) {
      throw new UserError(`this component imports what the playground does not offer: ${unsatisfied.join('; ')}`);
    }
    if (exports.length === 0) throw new UserError('the component exports no functions to invoke');

    const version = this.rows.nextVersion(name);
    const dir = this.dir(name, version);
    await rm(dir, { recursive: true, force: true });
    try {
      await this.transpileTo(bytes, dir, imports);
      const buildMs = Math.round(performance.now() - started);
      this.rows.insertVersion(
        {
          componentName: name,
          version,
          sourceKind: src.kind,
          source: src.kind === 'upload' ? null : src.source,
          wit: src.wit ?? null,
          world: fromWit?.world ?? null,
          exports: JSON.stringify(exports),
          imports: JSON.stringify(imports),
          size: bytes.length,
          buildMs,
          createdAt: Date.now(),
        },
        within && (() => within(version)),
      );
    } catch (e) {
      // Leave nothing half-written.
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return this.getVersion(name, version)!;
  }

  private exportsFromWit(wit: string, world?: string): { exports: WitFunction[]; world: string } {
    try {
      const files = [{ path: 'world.wit', text: normalizeWasiVersions(wit) }, ...hostWitFiles()];
      const r = resolveWorld(files, world || undefined);
      return { exports: r.exports, world: r.world };
    } catch (e) {
      if (e instanceof WitError) {
        const loc = e.path === 'world.wit' ? { file: 'wit' as const, line: e.line, column: e.column } : undefined;
        throw new UserError(`WIT error at line ${e.line}, column ${e.column}: ${e.message}`, 400, loc);
      }
      throw e;
    }
  }

  private async transpileTo(bytes: Uint8Array, dir: string, imports: string[]): Promise<void> {
    const options = { name: 'component', instantiation: { tag: 'async' }, map: transpileMap(imports), emitTypescriptDeclarations: false };
    const files = await cachedTranspile(bytes, options, async () => {
      try {
        return await transpileInChild(bytes, options);
      } catch (e) {
        throw new UserError(`the component could not be prepared to run: ${cleanToolError(e)}`);
      }
    });
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'component.wasm'), bytes);
    for (const [name, content] of files) {
      if (name.endsWith('.d.ts')) continue;
      const target = name === 'component.js' ? 'bindings.mjs' : name;
      await mkdir(path.dirname(path.join(dir, target)), { recursive: true });
      await writeFile(path.join(dir, target), target === 'bindings.mjs' ? patchBindings(readDebugFlagOnce(content)) : content);
    }
  }

  list(): ComponentSummary[] {
    return componentSummaries(this.rows);
  }

  versions(name: string): ComponentVersionInfo[] {
    return this.rows.versions(name).map(toInfo);
  }

  // Versions are immutable: cache them (deleted with their component).
  private readonly versionCache = new Map<string, ComponentVersionInfo>();

  getVersion(name: string, version?: number): ComponentVersionInfo | undefined {
    if (version !== undefined) {
      const hit = this.versionCache.get(`${name}@${version}`);
      if (hit) return hit;
    }
    const info = this.readVersion(name, version);
    if (info) this.versionCache.set(`${name}@${info.version}`, info);
    return info;
  }

  private readVersion(name: string, version?: number): ComponentVersionInfo | undefined {
    const row = this.rows.version(name, version);
    return row ? toInfo(row) : undefined;
  }

  async delete(name: string): Promise<void> {
    this.rows.delete(name);
    for (const key of this.loaded.keys()) if (key.startsWith(`${name}@`)) this.loaded.delete(key);
    for (const key of this.versionCache.keys()) if (key.startsWith(`${name}@`)) this.versionCache.delete(key);
    await rm(path.join(this.filesDir, encodeURIComponent(name)), { recursive: true, force: true });
  }

  /** Compiled once per version, with the memory cap applied. */
  load(name: string, version: number): Promise<LoadedVersion> {
    const key = `${name}@${version}`;
    let p = this.loaded.get(key);
    if (!p) {
      p = this.compile(name, version);
      this.loaded.set(key, p);
      p.catch(() => this.loaded.delete(key));
    }
    return p;
  }

  private async compile(name: string, version: number): Promise<LoadedVersion> {
    const info = this.getVersion(name, version);
    if (!info) throw new UserError(`component ${name} has no version ${version}`, 404);
    const dir = this.dir(name, version);
    const modules: Record<string, WebAssembly.Module> = {};
    for (const f of await readdir(dir)) {
      if (!f.endsWith('.wasm') || f === 'component.wasm') continue;
      modules[f] = await WebAssembly.compile(
        limitMemory(await readFile(path.join(dir, f)), this.memoryLimitBytes) as Uint8Array<ArrayBuffer>,
      );
    }
    // Versions transpiled before a fix in bindings-patch.ts get it now, once.
    const bindings = path.join(dir, 'bindings.mjs');
    let text = await readFile(bindings, 'utf8');
    if (needsBindingsPatch(text)) {
      // Beside, then renamed over it: a reader at the same moment (another process's load, a check's copy) gets
      // the old file or the new one, never a cut-off one.
      const next = `${bindings}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(next, (text = patchBindings(text)));
      await rename(next, bindings);
    }
    // Threads outlive workers and cache modules by URL: a component deleted and
    // registered again under the same name and version must not get the old
    // bindings (its content names it: a timestamp can repeat within a tick).
    const stamp = createHash('sha256').update(text).digest('hex').slice(0, 16);
    return { bindingsUrl: `${pathToFileURL(bindings).href}?h=${stamp}`, modules, exports: info.exports };
  }
}

/**
 * jco's bindings look up process.env.JCO_DEBUG on every host call, and in a
 * worker thread that lookup is slow enough to be a tenth of a replay's time.
 * The flag is read once when the bindings load instead; behaviour is the same.
 */
export function readDebugFlagOnce(bindings: Uint8Array | string): string {
  const text = typeof bindings === 'string' ? bindings : new TextDecoder().decode(bindings);
  return text.replace(
    'const _debugLog = (...args) => {\n    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }',
    'const _jcoDebug = !!globalThis?.process?.env?.JCO_DEBUG;\n  const _debugLog = (...args) => {\n    if (!_jcoDebug) { return; }',
  );
}

let hostFilesCache: { path: string; text: string }[] | undefined;
function hostWitFiles(): { path: string; text: string }[] {
  hostFilesCache ??= hostWitPackages().map((p) => ({ path: `deps/${p.name}/package.wit`, text: p.text }));
  return hostFilesCache;
}

const INIT_SIGNATURE = 'shim,script,entry-path,disable-gc';

/** Checks the binary is a component and reads its imports and exports. */
export function inspectBinary(bytes: Uint8Array): { imports: string[]; exports: WitFunction[]; importedMembers: ImportedMembers[] } {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new UserError('not a WebAssembly binary: it does not start with the \\0asm magic bytes');
  }
  if (bytes[4] === 1 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0) {
    throw new UserError(
      'this is a core WebAssembly module, not a component: wrap it with `wasm-tools component new` (or build it here from WAT plus a WIT world)',
    );
  }
  try {
    const d = decodeComponentExports(bytes);
    // componentize-qjs adds its own Wizer entry point `init`: not the user's API.
    const exports = d.exports.filter(
      (f) => !(f.name === 'init' && !f.interface && f.params.map((p) => p.name).join(',') === INIT_SIGNATURE),
    );
    return { imports: d.imports, exports, importedMembers: d.importedMembers };
  } catch (e) {
    if (e instanceof ComponentFormatError) throw new UserError(`not a valid component: ${e.message}`);
    throw e;
  }
}

function toInfo(r: VersionRow): ComponentVersionInfo {
  return {
    name: r.componentName,
    version: r.version,
    sourceKind: r.sourceKind,
    exports: JSON.parse(r.exports),
    imports: JSON.parse(r.imports),
    size: r.size,
    buildMs: r.buildMs,
    createdAt: iso(r.createdAt),
    source: r.source ?? undefined,
    wit: r.wit ?? undefined,
    world: r.world ?? undefined,
  };
}
