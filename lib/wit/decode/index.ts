// Decoder of the type information in a WebAssembly component binary
// (component model binary format, layer 1, version 0x0d).
//
// It recovers the full signatures of everything a component exports, without
// any WIT source: it walks the component's sections and tracks the component-
// level index spaces (types, funcs, instances, components), evaluating nested
// component definitions when they are instantiated ("abstract interpretation"
// of the component: core wasm is skipped entirely). Exported instance and
// function types are then resolved structurally into the engine's WitType model.
//
// Files: model (internal types), spaces (index spaces, names, aliases), types (type definitions),
// sections (the section walk), convert (to WitType); this file is the public entry.

import type { WitFunction } from '../types';
import { ComponentFormatError } from './reader';
import { Decoder } from './sections';
import { toFunction, UnsupportedType } from './convert';
import { type FuncT, TOTAL_TYPE_NODE_LIMIT } from './model';

export { ComponentFormatError } from './reader';
export type { ComponentFormatErrorKind } from './reader';

// ---------------------------------------------------------------------------
// Public API

export interface SkippedFunction {
  interface?: string;
  name: string;
  /** Why the function can't be represented, e.g. `uses stream`. */
  reason: string;
}

export interface DecodedComponent {
  /** Functions of exported interface instances and world-level functions, in export order. */
  exports: WitFunction[];
  /** Names of imported instances (interfaces), e.g. `wasi:cli/environment@0.2.12`. */
  imports: string[];
  /** Exported functions whose types the engine's WIT model can't express (stream, future, error-context). */
  skipped: SkippedFunction[];
  /** What the component takes from each imported instance, and world-level imported functions. */
  importedMembers: ImportedMembers[];
}

/** Names as the component model spells them: `get-promise`, `[method]get-promise-result.get`. */
export interface ImportedMembers {
  /** Instance name, e.g. `golem:api/host@1.3.0`; undefined for world-level functions. */
  interface?: string;
  functions: string[];
  /** Resources this interface defines (not those it `use`s from another). */
  resources: string[];
}

/**
 * Decode the exported function signatures (and imported interface names) of a
 * component binary. Throws ComponentFormatError for anything that is not a
 * well-formed component.
 */
export function decodeComponentExports(bytes: Uint8Array): DecodedComponent {
  const d = new Decoder(bytes);
  const root = d.evalComponent(0, bytes.length, undefined);
  const exports: WitFunction[] = [];
  const skipped: SkippedFunction[] = [];
  let totalNodes = 0;
  const add = (iface: string | undefined, name: string, f: FuncT) => {
    const budget = { nodes: 0 };
    try {
      exports.push(toFunction(iface, name, f, budget));
    } catch (e) {
      if (!(e instanceof UnsupportedType)) throw e;
      skipped.push(iface === undefined ? { name, reason: `uses ${e.message}` } : { interface: iface, name, reason: `uses ${e.message}` });
    } finally {
      totalNodes += budget.nodes;
      if (totalNodes > TOTAL_TYPE_NODE_LIMIT) {
        throw new ComponentFormatError('malformed', 'component is too complex to decode (exported types are too large)');
      }
    }
  };
  for (const [name, item] of root.exports) {
    if (item.sort === 'instance') {
      for (const [fname, fitem] of item.exports) if (fitem.sort === 'func') add(name, fname, fitem.f);
    } else if (item.sort === 'func') {
      add(undefined, name, item.f);
    }
  }
  const imports: string[] = [];
  const importedMembers: ImportedMembers[] = [];
  const world: ImportedMembers = { functions: [], resources: [] };
  // A resource another imported interface defined (a WIT `use`) is not this one's to provide.
  const seen = new Set<number>();
  for (const [name, item] of root.imports) {
    if (item.sort === 'instance') {
      imports.push(name);
      const m: ImportedMembers = { interface: name, functions: [], resources: [] };
      for (const [member, it] of item.exports) {
        if (it.sort === 'func') m.functions.push(member);
        else if (it.sort === 'type' && it.t.k === 'resource' && !seen.has(it.t.res.id)) {
          seen.add(it.t.res.id);
          m.resources.push(member);
        }
      }
      importedMembers.push(m);
    } else if (item.sort === 'func') world.functions.push(name);
  }
  if (world.functions.length > 0) importedMembers.push(world);
  return { exports, imports, skipped, importedMembers };
}
