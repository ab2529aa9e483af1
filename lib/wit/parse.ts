// A WIT (WebAssembly Interface Types) parser and resolver.
//
// It reads a user's world plus its dependency packages and produces what the
// engine needs: the exported functions with fully resolved types and the
// names of the interfaces the world imports. It is deliberately lenient where
// real-world WIT is (feature gates, keywords used as names, `async func`), and
// strict where a mistake would otherwise surface much later (unknown names,
// duplicates), reporting a file, line and column for every error.
//
// The lexer and parser live in ./syntax, name lookup and type resolution in ./resolve; this file
// assembles them and is the module's public face.

import { WitError, pkgId, type InterfaceAst, type WorldAst } from './syntax/ast';
import { Parser } from './syntax/parser';
import { TypeResolver } from './resolve/types';
import type { WitFunction } from './types';
import { printType, printFunction } from './print';

export { printType, printFunction, WitError };

export interface WitFile {
  path: string;
  text: string;
}

export interface ResolvedWorld {
  /** Package of the world, e.g. `demo:counter` or `wasi:http@0.2.12`. */
  package: string;
  world: string;
  exports: WitFunction[];
  /** Imported interfaces (explicit, via `include`, and those needed by the types of imports/exports), dependencies first. */
  imports: string[];
}

/** A parsed and name-checked set of WIT packages. */
export class WitDocument extends TypeResolver {
  constructor(files: WitFile[]) {
    if (files.length === 0) throw new WitError('no WIT files given', { path: '', line: 1, column: 1 });
    super(files.map((f) => new Parser(f.path, f.text).parseFile()));
  }

  /** The main package (that of the first file). */
  get packageName(): string {
    return pkgId(this.main);
  }
  /** World names of the main package. */
  get worlds(): string[] {
    return [...this.main.worlds.keys()];
  }
  /** Interface ids of the main package. */
  get interfaces(): string[] {
    return [...this.main.interfaces.values()].map((i) => i.id);
  }
  get packageIds(): string[] {
    return [...this.packages.keys()];
  }

  /** Resolves a world of the main package (or the only one) into exports and imports. */
  resolveWorld(worldName?: string): ResolvedWorld {
    const world = this.pickWorld(worldName);
    const exports: WitFunction[] = [];
    const importIfaces: InterfaceAst[] = [];
    const exportIfaces: InterfaceAst[] = [];
    const exportNames = new Map<string, string>();
    const visiting = new Set<WorldAst>();

    const walk = (w: WorldAst, renames: Map<string, string>) => {
      if (visiting.has(w)) throw new WitError(`world \`${w.name}\` includes itself`, w.loc);
      visiting.add(w);
      for (const path of w.useOrder) importIfaces.push(this.findInterface(w, path));
      for (const it of w.seq) {
        if (it.k === 'include') {
          walk(this.findWorld(w, it.path), it.with);
        } else if (it.k === 'iface') {
          const i = this.findInterface(w, it.path);
          (it.dir === 'import' ? importIfaces : exportIfaces).push(i);
          if (it.dir === 'export' && !exportNames.has(i.id)) {
            exportNames.set(i.id, 'interface');
            for (const f of i.funcs.values()) exports.push({ interface: i.id, ...this.funcType(i, f, false) });
          }
        } else if (it.k === 'inline') {
          const name = renames.get(it.name) ?? it.name;
          if (it.dir === 'import') {
            importIfaces.push(it.iface);
            continue;
          }
          exportIfaces.push(it.iface);
          if (exportNames.has(name)) continue;
          exportNames.set(name, 'interface');
          for (const f of it.iface.funcs.values()) exports.push({ interface: name, ...this.funcType(it.iface, f, false) });
        } else if (it.dir === 'export') {
          const name = renames.get(it.name) ?? it.name;
          if (exportNames.has(name))
            throw new WitError(`export \`${name}\` is defined twice in world \`${world.name}\` (via \`include\`)`, it.loc);
          exportNames.set(name, 'func');
          exports.push({ ...this.funcType(w, it.func, false), name });
        } else {
          // World-level function imports are not interfaces; their types still pull in `use`d interfaces (handled above).
        }
      }
      visiting.delete(w);
    };
    walk(world, new Map());

    // Imports, dependencies first; exported interfaces' dependencies are imported too (as in wit-parser).
    const ordered: string[] = [];
    const done = new Set<InterfaceAst>();
    const exported = new Set(exportIfaces);
    const visit = (i: InterfaceAst, asImport: boolean) => {
      if (done.has(i)) return;
      done.add(i);
      for (const p of i.useOrder) {
        const dep = this.findInterface(i, p);
        if (!exported.has(dep)) visit(dep, true);
      }
      if (asImport) ordered.push(i.id);
    };
    for (const i of importIfaces) visit(i, true);
    for (const i of exportIfaces)
      if (!done.has(i)) {
        visit(i, false);
      }
    return { package: pkgId(world.pkg), world: world.name, exports, imports: ordered };
  }
}

/** Parses and checks WIT files; the first file is the main package. With `opts.world` that world is checked to exist. */
export function parseWit(files: WitFile[], opts?: { world?: string }): WitDocument {
  const doc = new WitDocument(files);
  if (opts?.world) doc.resolveWorld(opts.world);
  return doc;
}

/** Exported functions and imported interfaces of a world. The first file is the user's; the rest are dependencies. */
export function resolveWorld(files: WitFile[], worldName?: string): ResolvedWorld {
  return new WitDocument(files).resolveWorld(worldName);
}
