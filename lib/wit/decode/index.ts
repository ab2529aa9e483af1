// Decoder of the type information in a WebAssembly component binary
// (component model binary format, layer 1, version 0x0d).
//
// It recovers the full signatures of everything a component exports, without
// any WIT source: it walks the component's sections and tracks the component-
// level index spaces (types, funcs, instances, components), evaluating nested
// component definitions when they are instantiated ("abstract interpretation"
// of the component: core wasm is skipped entirely). Exported instance and
// function types are then resolved structurally into the engine's WitType model.

import type { Field, Case, Param, PrimitiveKind, WitFunction, WitType } from '../types';
import { ComponentFormatError, Reader } from './reader';

export { ComponentFormatError } from './reader';
export type { ComponentFormatErrorKind } from './reader';

// ---------------------------------------------------------------------------
// Internal model

interface ResourceT {
  id: number;
  name?: string;
}

/** Value types as decoded; a superset of WitType that can also hold types the engine can't represent. */
type IType =
  | { kind: PrimitiveKind; name?: string }
  | { kind: 'list'; element: IType; name?: string }
  | { kind: 'tuple'; items: IType[]; name?: string }
  | { kind: 'option'; inner: IType; name?: string }
  | { kind: 'result'; ok?: IType; err?: IType; name?: string }
  | { kind: 'record'; fields: { name: string; type: IType }[]; name?: string }
  | { kind: 'variant'; cases: { name: string; type?: IType }[]; name?: string }
  | { kind: 'enum'; cases: string[]; name?: string }
  | { kind: 'flags'; flags: string[]; name?: string }
  | { kind: 'handle'; handle: 'own' | 'borrow'; res: ResourceT; name?: string }
  | { kind: 'unsupported'; what: string; name?: string };

interface FuncT {
  params: { name: string; type: IType }[];
  result?: IType;
}

type Exports = Map<string, Item>;

interface ComponentTypeT {
  imports: Exports;
  exports: Exports;
}

/** A component in the component index space: a definition to evaluate, or just a type. */
type ComponentRef = { kind: 'def'; start: number; end: number; parent: Scope } | { kind: 'type'; type: ComponentTypeT };

type TypeEntry =
  | { k: 'value'; t: IType }
  | { k: 'resource'; res: ResourceT }
  | { k: 'func'; f: FuncT }
  | { k: 'instance'; exports: Exports }
  | { k: 'component'; type: ComponentTypeT };

type Item =
  | { sort: 'func'; f: FuncT }
  | { sort: 'type'; t: TypeEntry }
  | { sort: 'instance'; exports: Exports }
  | { sort: 'component'; c: ComponentRef }
  | { sort: 'other' };

const SORT_CORE = 0x00,
  SORT_FUNC = 0x01,
  SORT_VALUE = 0x02,
  SORT_TYPE = 0x03,
  SORT_COMPONENT = 0x04,
  SORT_INSTANCE = 0x05;

interface Sort {
  id: number;
  core?: number;
}

/** One scope's index spaces: a component definition, a component type or an instance type. */
class Scope {
  types: TypeEntry[] = [];
  funcs: FuncT[] = [];
  instances: Exports[] = [];
  components: ComponentRef[] = [];
  imports: Exports = new Map();
  exports: Exports = new Map();
  constructor(readonly parent?: Scope) {}

  outer(count: number, r: Reader, at: number): Scope {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a walk up the scope chain starts here
    let s: Scope | undefined = this;
    for (let i = 0; i < count && s; i++) s = s.parent;
    if (!s) r.fail(`outer alias count ${count} exceeds the number of enclosing scopes`, at);
    return s;
  }
}

interface NameAttrs {
  name: string;
  versionSuffix?: string;
}

const PRIMS: Record<number, PrimitiveKind> = {
  0x7f: 'bool',
  0x7e: 's8',
  0x7d: 'u8',
  0x7c: 's16',
  0x7b: 'u16',
  0x7a: 's32',
  0x79: 'u32',
  0x78: 's64',
  0x77: 'u64',
  0x76: 'f32',
  0x75: 'f64',
  0x74: 'char',
  0x73: 'string',
};

const SUPPORTED_VERSION = 0x0d;
/** In units of ~16 bytes of parsed (non-core) section contents. */
const WORK_LIMIT = 1_000_000;
/** Max number of type nodes produced per exported function (types are DAGs and could blow up when expanded). */
const TYPE_NODE_LIMIT = 100_000;
/** Max number of type nodes produced in total. */
const TOTAL_TYPE_NODE_LIMIT = 2_000_000;

// ---------------------------------------------------------------------------
// Decoder

class Decoder {
  private nextResource = 0;
  /** Guards against runaway recursion in hostile input. */
  private depth = 0;
  /**
   * Work budget: nested components are re-evaluated at each instantiation, so
   * a hostile binary could make the work explode; real components need far less.
   */
  private work = 0;

  private spend(r: Reader, n: number): void {
    this.work += n;
    if (this.work > WORK_LIMIT) r.fail('component is too complex to decode (work limit exceeded)');
  }

  constructor(readonly bytes: Uint8Array) {}

  // ---- preamble & sections ------------------------------------------------

  checkPreamble(r: Reader): void {
    const at = r.pos;
    const b = this.bytes;
    const avail = r.end - at;
    const magic = [0x00, 0x61, 0x73, 0x6d];
    for (let i = 0; i < 4; i++) {
      if (i >= avail) {
        if (at === 0) throw new ComponentFormatError('not-wasm', 'not a WebAssembly binary: too short for the \\0asm header', 0);
        r.fail('truncated component header', at);
      }
      if (b[at + i] !== magic[i]) {
        if (at === 0) throw new ComponentFormatError('not-wasm', 'not a WebAssembly binary (bad magic bytes; expected 00 61 73 6d)', 0);
        r.fail('nested component has bad magic bytes', at);
      }
    }
    if (avail < 8) r.fail('truncated WebAssembly header', at + avail);
    // At least 8 bytes are there (above).
    const version = b[at + 4]! | (b[at + 5]! << 8);
    const layer = b[at + 6]! | (b[at + 7]! << 8);
    if (layer === 0) {
      throw new ComponentFormatError(
        'core-module',
        `this is a core WebAssembly module (version ${version}), not a component; ` +
          'wrap it into a component first (e.g. `wasm-tools component new` / jco componentNew)',
        at,
      );
    }
    if (layer !== 1) r.fail(`unknown WebAssembly layer ${layer}`, at + 6);
    if (version !== SUPPORTED_VERSION) {
      throw new ComponentFormatError(
        'unsupported-version',
        `unsupported component binary version 0x${version.toString(16)} (expected 0x${SUPPORTED_VERSION.toString(16)})`,
        at + 4,
      );
    }
    r.pos = at + 8;
  }

  /** Evaluate a component definition (its bytes [start, end)), binding imports to `args` when given. */
  evalComponent(start: number, end: number, parent: Scope | undefined, args?: Exports): Scope {
    if (++this.depth > 100) new Reader(this.bytes, start, end).fail('components nested too deeply');
    try {
      const r = new Reader(this.bytes, start, end);
      this.checkPreamble(r);
      const scope = new Scope(parent);
      while (!r.eof) {
        const idAt = r.pos;
        const id = r.byte();
        if (id > 12) r.fail(`unknown component section id ${id}`, idAt);
        const size = r.u32();
        const s = r.sub(size);
        // Core sections are skipped without looking inside; charge only what gets parsed.
        this.spend(r, id >= 5 && id <= 11 ? 1 + (size >> 4) : 1);
        switch (id) {
          case 0: // custom
          case 1: // core module
          case 2: // core instance
          case 3: // core type
          case 9: // start
          case 12: // value
            break; // core index spaces and values are not needed for signatures
          case 4:
            scope.components.push({ kind: 'def', start: s.pos, end: s.end, parent: scope });
            break;
          case 5:
            this.instanceSection(s, scope);
            break;
          case 6:
            s.vec(() => this.alias(s, scope));
            s.done('alias section');
            break;
          case 7:
            s.vec(() => scope.types.push(this.defType(s, scope)));
            s.done('type section');
            break;
          case 8:
            this.canonSection(s, scope);
            break;
          case 10:
            this.importSection(s, scope, args);
            break;
          case 11:
            this.exportSection(s, scope);
            break;
          default:
            break;
        }
      }
      return scope;
    } finally {
      this.depth--;
    }
  }

  // ---- names ---------------------------------------------------------------

  nameAttrs(r: Reader): NameAttrs {
    const at = r.pos;
    const tag = r.byte();
    if (tag === 0x00 || tag === 0x01) return { name: r.string() };
    if (tag === 0x02) {
      const name = r.string();
      let versionSuffix: string | undefined;
      r.vec(() => {
        const a = r.byte();
        if (a === 0x00 || a === 0x02)
          r.string(); // implements / external-id
        else if (a === 0x01) versionSuffix = r.string();
        else r.fail(`unknown name attribute 0x${a.toString(16)}`, r.pos - 1);
      });
      return { name, versionSuffix };
    }
    r.fail(`unknown extern name encoding 0x${tag.toString(16)}`, at);
  }

  fullName(n: NameAttrs): string {
    return n.versionSuffix ? n.name + n.versionSuffix : n.name;
  }

  // ---- sorts & index spaces -----------------------------------------------

  sort(r: Reader): Sort {
    const id = r.byte();
    if (id === SORT_CORE) return { id, core: r.byte() };
    if (id > SORT_INSTANCE) r.fail(`unknown sort 0x${id.toString(16)}`, r.pos - 1);
    return { id };
  }

  /** Look up `(sort idx)` in a scope's index spaces. */
  lookup(scope: Scope, sort: Sort, idx: number, r: Reader, at: number): Item {
    const get = <T>(arr: T[], what: string): T => {
      const item = arr[idx];
      if (item === undefined) r.fail(`${what} index ${idx} out of bounds (${arr.length} defined)`, at);
      return item;
    };
    switch (sort.id) {
      case SORT_FUNC:
        return { sort: 'func', f: get(scope.funcs, 'func') };
      case SORT_TYPE:
        return { sort: 'type', t: get(scope.types, 'type') };
      case SORT_INSTANCE:
        return { sort: 'instance', exports: get(scope.instances, 'instance') };
      case SORT_COMPONENT:
        return { sort: 'component', c: get(scope.components, 'component') };
      default:
        return { sort: 'other' };
    }
  }

  /** Append an item to the index space of its sort. */
  push(scope: Scope, item: Item): void {
    switch (item.sort) {
      case 'func':
        scope.funcs.push(item.f);
        break;
      case 'type':
        scope.types.push(item.t);
        break;
      case 'instance':
        scope.instances.push(item.exports);
        break;
      case 'component':
        scope.components.push(item.c);
        break;
      default:
        break;
    }
  }

  sortMatches(item: Item, sort: Sort): boolean {
    switch (sort.id) {
      case SORT_FUNC:
        return item.sort === 'func';
      case SORT_TYPE:
        return item.sort === 'type';
      case SORT_INSTANCE:
        return item.sort === 'instance';
      case SORT_COMPONENT:
        return item.sort === 'component';
      default:
        return true;
    }
  }

  /** A type labelled by an import/export name. */
  named(t: TypeEntry, name: string): TypeEntry {
    if (t.k === 'value') return { k: 'value', t: { ...t.t, name } };
    if (t.k === 'resource') return { k: 'resource', res: { id: t.res.id, name } };
    return t;
  }

  // ---- instance / alias / canon / import / export sections ---------------

  instanceSection(r: Reader, scope: Scope): void {
    r.vec(() => {
      const at = r.pos;
      const tag = r.byte();
      if (tag === 0x00) {
        const cidx = r.u32();
        if (cidx >= scope.components.length) r.fail(`component index ${cidx} out of bounds`, at);
        const args: Exports = new Map();
        r.vec(() => {
          const name = r.string();
          const sAt = r.pos;
          const sort = this.sort(r);
          args.set(name, this.lookup(scope, sort, r.u32(), r, sAt));
        });
        scope.instances.push(this.instantiate(scope.components[cidx]!, args)); // bounds checked above
      } else if (tag === 0x01) {
        const exports: Exports = new Map();
        r.vec(() => {
          const name = this.fullName(this.nameAttrs(r));
          const sAt = r.pos;
          const sort = this.sort(r);
          let item = this.lookup(scope, sort, r.u32(), r, sAt);
          if (item.sort === 'type') item = { sort: 'type', t: this.named(item.t, name) };
          exports.set(name, item);
        });
        scope.instances.push(exports);
      } else {
        r.fail(`unknown instance expression 0x${tag.toString(16)}`, at);
      }
    });
    r.done('instance section');
  }

  instantiate(c: ComponentRef, args: Exports): Exports {
    if (c.kind === 'type') return c.type.exports;
    return this.evalComponent(c.start, c.end, c.parent, args).exports;
  }

  alias(r: Reader, scope: Scope): void {
    const sAt = r.pos;
    const sort = this.sort(r);
    const at = r.pos;
    const tag = r.byte();
    if (tag === 0x00) {
      const i = r.u32();
      const name = r.string();
      if (sort.id === SORT_CORE) return;
      const instance = scope.instances[i];
      if (!instance) r.fail(`instance index ${i} out of bounds`, at);
      const item = instance.get(name);
      if (!item) {
        if (sort.id === SORT_VALUE) return;
        r.fail(`instance ${i} has no export named "${name}"`, at);
      }
      if (!this.sortMatches(item, sort)) r.fail(`export "${name}" of instance ${i} has sort ${item.sort}`, sAt);
      this.push(scope, item);
    } else if (tag === 0x01) {
      r.u32();
      r.string(); // core export alias: core index spaces are not tracked
    } else if (tag === 0x02) {
      const ct = r.u32();
      const idx = r.u32();
      if (sort.id === SORT_CORE) return; // core type / module outer alias
      const target = scope.outer(ct, r, at);
      this.push(scope, this.lookup(target, sort, idx, r, at));
    } else {
      r.fail(`unknown alias target 0x${tag.toString(16)}`, at);
    }
  }

  canonOpts(r: Reader): void {
    r.vec(() => {
      const at = r.pos;
      const o = r.byte();
      if (o <= 0x02 || o === 0x06) return;
      if (o === 0x03 || o === 0x04 || o === 0x05 || o === 0x07) {
        r.u32();
        return;
      }
      r.fail(`unknown canonical option 0x${o.toString(16)}`, at);
    });
  }

  canonSection(r: Reader, scope: Scope): void {
    r.vec(() => {
      const at = r.pos;
      const op = r.byte();
      switch (op) {
        case 0x00: {
          // lift
          const fAt = r.pos;
          if (r.byte() !== 0x00) r.fail('expected core func sort in canon lift', fAt);
          r.u32();
          this.canonOpts(r);
          const tAt = r.pos;
          const t = r.u32();
          const ty = scope.types[t];
          if (!ty) r.fail(`type index ${t} out of bounds`, tAt);
          if (ty.k !== 'func') r.fail(`canon lift type ${t} is not a function type`, tAt);
          scope.funcs.push(ty.f);
          break;
        }
        case 0x01: {
          // lower
          const fAt = r.pos;
          if (r.byte() !== 0x00) r.fail('expected func sort in canon lower', fAt);
          r.u32();
          this.canonOpts(r);
          break;
        }
        // one type index immediate
        case 0x02:
        case 0x03:
        case 0x04:
        case 0x07:
        case 0x0e:
        case 0x13:
        case 0x14:
        case 0x15:
        case 0x1a:
        case 0x1b:
          r.u32();
          break;
        // no immediates
        case 0x05:
        case 0x08:
        case 0x0d:
        case 0x1e:
        case 0x1f:
        case 0x22:
        case 0x23:
        case 0x24:
        case 0x25:
        case 0x26:
        case 0x28:
          break;
        case 0x09: // task.return
          this.resultList(r, scope);
          this.canonOpts(r);
          break;
        case 0x0a:
        case 0x0b: // context.get/set
          r.byte();
          r.u32();
          break;
        // one flag byte
        case 0x06:
        case 0x0c:
        case 0x29:
        case 0x2a:
        case 0x2b:
        case 0x2c:
        case 0x2d:
        case 0x42:
          r.byte();
          break;
        case 0x0f:
        case 0x10:
        case 0x16:
        case 0x17: // stream/future read/write
          r.u32();
          this.canonOpts(r);
          break;
        case 0x11:
        case 0x12:
        case 0x18:
        case 0x19: // cancel-read/write
          r.u32();
          r.byte();
          break;
        case 0x1c:
        case 0x1d: // error-context.new / debug-message
          this.canonOpts(r);
          break;
        case 0x20:
        case 0x21: // waitable-set.wait/poll
          r.byte();
          r.u32();
          break;
        case 0x27:
          r.u32();
          r.u32();
          break;
        case 0x40:
          r.byte();
          r.u32();
          break;
        case 0x41:
          r.byte();
          r.u32();
          r.u32();
          break;
        default:
          r.fail(`unknown canonical function 0x${op.toString(16)}`, at);
      }
    });
    r.done('canon section');
  }

  importSection(r: Reader, scope: Scope, args?: Exports): void {
    r.vec(() => {
      const n = this.nameAttrs(r);
      const name = this.fullName(n);
      const etAt = r.pos;
      const declared = this.externType(r, scope, name);
      let item = declared;
      const arg = args?.get(name) ?? (n.name !== name ? args?.get(n.name) : undefined);
      if (arg && arg.sort === declared.sort) item = arg;
      else if (arg && declared.sort !== 'other')
        r.fail(`instantiation argument "${name}" has sort ${arg.sort}, expected ${declared.sort}`, etAt);
      scope.imports.set(name, item);
      this.push(scope, item);
    });
    r.done('import section');
  }

  exportSection(r: Reader, scope: Scope): void {
    r.vec(() => {
      const name = this.fullName(this.nameAttrs(r));
      const sAt = r.pos;
      const sort = this.sort(r);
      let item = this.lookup(scope, sort, r.u32(), r, sAt);
      const hasType = r.byte();
      if (hasType === 0x01) {
        const ascribed = this.externType(r, scope, name);
        // The ascribed type is what importers see; for types, keep identity but take the name.
        if (ascribed.sort === item.sort && ascribed.sort !== 'type') item = ascribed;
      } else if (hasType !== 0x00) {
        r.fail('invalid optional externtype marker', r.pos - 1);
      }
      if (item.sort === 'type') item = { sort: 'type', t: this.named(item.t, name) };
      scope.exports.set(name, item);
      this.push(scope, item);
    });
    r.done('export section');
  }

  /** Decode an externtype into the item it describes (a fresh resource for `sub resource`). */
  externType(r: Reader, scope: Scope, name: string): Item {
    const at = r.pos;
    const tag = r.byte();
    const typeAt = (): TypeEntry => {
      const iAt = r.pos;
      const i = r.u32();
      const t = scope.types[i];
      if (!t) r.fail(`type index ${i} out of bounds (${scope.types.length} defined)`, iAt);
      return t;
    };
    switch (tag) {
      case 0x00:
        r.byte();
        r.u32();
        return { sort: 'other' }; // core module
      case 0x01: {
        const t = typeAt();
        if (t.k !== 'func') r.fail('func import/export refers to a non-function type', at);
        return { sort: 'func', f: t.f };
      }
      case 0x02: {
        // value
        const b = r.byte();
        if (b === 0x00) r.u32();
        else this.valType(r, scope);
        return { sort: 'other' };
      }
      case 0x03: {
        const b = r.byte();
        if (b === 0x00) return { sort: 'type', t: this.named(typeAt(), name) };
        if (b === 0x01) return { sort: 'type', t: { k: 'resource', res: { id: this.nextResource++, name } } };
        r.fail(`unknown type bound 0x${b.toString(16)}`, r.pos - 1);
      }
      // 0x04 component / 0x05 instance (older spec texts swapped them);
      // decide by the kind of the referenced type.
      case 0x04:
      case 0x05: {
        const t = typeAt();
        if (t.k === 'instance') return { sort: 'instance', exports: t.exports };
        if (t.k === 'component') return { sort: 'component', c: { kind: 'type', type: t.type } };
        r.fail('instance/component extern type refers to a wrong kind of type', at);
      }
      default:
        r.fail(`unknown extern type 0x${tag.toString(16)}`, at);
    }
  }

  // ---- types ----------------------------------------------------------------

  valType(r: Reader, scope: Scope): IType {
    const at = r.pos;
    const v = r.s33();
    if (v < 0) {
      const op = v & 0x7f;
      const p = PRIMS[op];
      if (p) return { kind: p };
      if (op === 0x64) return { kind: 'unsupported', what: 'error-context' };
      r.fail(`invalid value type 0x${op.toString(16)}`, at);
    }
    const t = scope.types[v];
    if (!t) r.fail(`type index ${v} out of bounds (${scope.types.length} defined)`, at);
    if (t.k !== 'value') r.fail(`type index ${v} is not a value type`, at);
    return t.t;
  }

  optValType(r: Reader, scope: Scope): IType | undefined {
    const at = r.pos;
    const b = r.byte();
    if (b === 0x00) return undefined;
    if (b === 0x01) return this.valType(r, scope);
    r.fail('invalid optional value type marker', at);
  }

  resultList(r: Reader, scope: Scope): IType | undefined {
    const at = r.pos;
    const b = r.byte();
    if (b === 0x00) return this.valType(r, scope);
    if (b === 0x01) {
      // `0x01 0x00` = no result; older binaries allowed a list of named results here.
      const named = r.vec(() => ({ name: r.string(), type: this.valType(r, scope) }));
      if (named.length === 0) return undefined;
      if (named.length === 1) return named[0]!.type;
      return { kind: 'tuple', items: named.map((n) => n.type) };
    }
    r.fail('invalid function result list', at);
  }

  handle(r: Reader, scope: Scope, handle: 'own' | 'borrow'): IType {
    const at = r.pos;
    const i = r.u32();
    const t = scope.types[i];
    if (!t) r.fail(`type index ${i} out of bounds`, at);
    if (t.k !== 'resource') r.fail(`${handle} of type ${i}, which is not a resource`, at);
    return { kind: 'handle', handle, res: t.res };
  }

  defType(r: Reader, scope: Scope): TypeEntry {
    const at = r.pos;
    const op = r.byte();
    switch (op) {
      case 0x40:
      case 0x43: {
        // func / async func
        const params = r.vec(() => ({ name: r.string(), type: this.valType(r, scope) }));
        const result = this.resultList(r, scope);
        return { k: 'func', f: result === undefined ? { params } : { params, result } };
      }
      case 0x41: {
        const s = this.typeScope(r, scope, true);
        return { k: 'component', type: { imports: s.imports, exports: s.exports } };
      }
      case 0x42: {
        const s = this.typeScope(r, scope, false);
        return { k: 'instance', exports: s.exports };
      }
      case 0x3f: {
        // resource (rep t) (dtor f)?
        r.byte();
        if (r.byte() === 0x01) r.u32();
        return { k: 'resource', res: { id: this.nextResource++ } };
      }
      case 0x3e: {
        // older async-dtor resource encoding
        r.byte();
        r.u32();
        if (r.byte() === 0x01) r.u32();
        return { k: 'resource', res: { id: this.nextResource++ } };
      }
      default:
        r.pos = at;
        return { k: 'value', t: this.defValType(r, scope) };
    }
  }

  defValType(r: Reader, scope: Scope): IType {
    const at = r.pos;
    const op = r.byte();
    const prim = PRIMS[op];
    if (prim) return { kind: prim };
    switch (op) {
      case 0x72:
        return { kind: 'record', fields: r.vec(() => ({ name: r.string(), type: this.valType(r, scope) })) };
      case 0x71:
        return {
          kind: 'variant',
          cases: r.vec(() => {
            const name = r.string();
            const type = this.optValType(r, scope);
            const rAt = r.pos;
            const refines = r.byte();
            if (refines === 0x01) r.u32();
            else if (refines !== 0x00) r.fail('invalid variant case terminator', rAt);
            return type ? { name, type } : { name };
          }),
        };
      case 0x70:
        return { kind: 'list', element: this.valType(r, scope) };
      case 0x67: {
        const element = this.valType(r, scope);
        r.u32();
        return { kind: 'list', element };
      }
      case 0x6f:
        return { kind: 'tuple', items: r.vec(() => this.valType(r, scope)) };
      case 0x6e:
        return { kind: 'flags', flags: r.vec(() => r.string()) };
      case 0x6d:
        return { kind: 'enum', cases: r.vec(() => r.string()) };
      case 0x6c:
        r.vec(() => this.valType(r, scope));
        return { kind: 'unsupported', what: 'union' };
      case 0x6b:
        return { kind: 'option', inner: this.valType(r, scope) };
      case 0x6a: {
        const ok = this.optValType(r, scope);
        const err = this.optValType(r, scope);
        const t: IType = { kind: 'result' };
        if (ok) t.ok = ok;
        if (err) t.err = err;
        return t;
      }
      case 0x69:
        return this.handle(r, scope, 'own');
      case 0x68:
        return this.handle(r, scope, 'borrow');
      case 0x66:
        this.optValType(r, scope);
        return { kind: 'unsupported', what: 'stream' };
      case 0x65:
        this.optValType(r, scope);
        return { kind: 'unsupported', what: 'future' };
      case 0x64:
        return { kind: 'unsupported', what: 'error-context' };
      case 0x63: {
        const k = this.valType(r, scope);
        const v = this.valType(r, scope);
        // The canonical ABI of map<k, v> is list<tuple<k, v>>.
        return { kind: 'list', element: { kind: 'tuple', items: [k, v] } };
      }
      default:
        r.fail(`unknown type constructor 0x${op.toString(16)}`, at);
    }
  }

  /** Body of a component type (0x41) or instance type (0x42), in a fresh scope. */
  typeScope(r: Reader, parent: Scope, isComponent: boolean): Scope {
    if (++this.depth > 100) r.fail('types nested too deeply');
    try {
      const scope = new Scope(parent);
      r.vec(() => {
        const at = r.pos;
        const tag = r.byte();
        switch (tag) {
          case 0x00:
            this.skipCoreType(r);
            break;
          case 0x01:
            scope.types.push(this.defType(r, scope));
            break;
          case 0x02:
            this.alias(r, scope);
            break;
          case 0x03: {
            if (!isComponent) r.fail('import declaration in an instance type', at);
            const name = this.fullName(this.nameAttrs(r));
            const item = this.externType(r, scope, name);
            scope.imports.set(name, item);
            this.push(scope, item);
            break;
          }
          case 0x04: {
            const name = this.fullName(this.nameAttrs(r));
            const item = this.externType(r, scope, name);
            scope.exports.set(name, item);
            this.push(scope, item);
            break;
          }
          default:
            r.fail(`unknown ${isComponent ? 'component' : 'instance'} type declaration 0x${tag.toString(16)}`, at);
        }
      });
      return scope;
    } finally {
      this.depth--;
    }
  }

  // ---- core types (only skipped) -------------------------------------------

  skipLeb(r: Reader): void {
    for (let i = 0; i < 10; i++) if ((r.byte() & 0x80) === 0) return;
    r.fail('integer representation too long');
  }

  skipCoreValType(r: Reader): void {
    const b = r.byte();
    if (b === 0x63 || b === 0x64) this.skipLeb(r); // (ref null? ht)
  }

  skipLimits(r: Reader): void {
    const flags = r.byte();
    this.skipLeb(r);
    if (flags & 0x01) this.skipLeb(r);
  }

  skipCoreExternType(r: Reader): void {
    const at = r.pos;
    const k = r.byte();
    switch (k) {
      case 0x00:
        r.u32();
        break; // func
      case 0x01:
        this.skipCoreValType(r);
        this.skipLimits(r);
        break; // table
      case 0x02:
        this.skipLimits(r);
        break; // memory
      case 0x03:
        this.skipCoreValType(r);
        r.byte();
        break; // global
      case 0x04:
        r.byte();
        r.u32();
        break; // tag
      default:
        r.fail(`unknown core extern type 0x${k.toString(16)}`, at);
    }
  }

  skipCoreType(r: Reader): void {
    const at = r.pos;
    const op = r.byte();
    if (op === 0x60) {
      // func
      r.vec(() => this.skipCoreValType(r));
      r.vec(() => this.skipCoreValType(r));
      return;
    }
    if (op === 0x50) {
      // module type
      r.vec(() => {
        const dAt = r.pos;
        const d = r.byte();
        if (d === 0x00) {
          r.string();
          r.string();
          this.skipCoreExternType(r);
        } else if (d === 0x01) this.skipCoreType(r);
        else if (d === 0x02) {
          r.byte();
          r.byte();
          r.u32();
          r.u32();
        } else if (d === 0x03) {
          r.string();
          this.skipCoreExternType(r);
        } else r.fail(`unknown core module type declaration 0x${d.toString(16)}`, dAt);
      });
      return;
    }
    r.fail(`unsupported core type 0x${op.toString(16)} in a component/instance type`, at);
  }
}

// ---------------------------------------------------------------------------
// Conversion to the engine's model

class UnsupportedType extends Error {}

function toWit(t: IType, budget: { nodes: number }): WitType {
  if (++budget.nodes > TYPE_NODE_LIMIT) throw new UnsupportedType('an excessively large type');
  const toWit_ = (x: IType) => toWit(x, budget);
  const named = <T extends WitType>(w: T): T => (t.name !== undefined ? { ...w, name: t.name } : w);
  switch (t.kind) {
    case 'list':
      return named({ kind: 'list', element: toWit_(t.element) });
    case 'tuple':
      return named({ kind: 'tuple', items: t.items.map(toWit_) });
    case 'option':
      return named({ kind: 'option', inner: toWit_(t.inner) });
    case 'result': {
      const w: WitType = { kind: 'result' };
      if (t.ok) w.ok = toWit_(t.ok);
      if (t.err) w.err = toWit_(t.err);
      return named(w);
    }
    case 'record':
      return named({ kind: 'record', fields: t.fields.map((f): Field => ({ name: f.name, type: toWit_(f.type) })) });
    case 'variant':
      return named({
        kind: 'variant',
        cases: t.cases.map((c): Case => (c.type ? { name: c.name, type: toWit_(c.type) } : { name: c.name })),
      });
    case 'enum':
      return named({ kind: 'enum', cases: [...t.cases] });
    case 'flags':
      return named({ kind: 'flags', flags: [...t.flags] });
    case 'handle':
      return { kind: 'resource', handle: t.handle, name: t.res.name ?? `resource-${t.res.id}` };
    case 'unsupported':
      throw new UnsupportedType(t.what);
    default:
      return named({ kind: t.kind });
  }
}

function toFunction(iface: string | undefined, name: string, f: FuncT, budget: { nodes: number }): WitFunction {
  const params = f.params.map((p): Param => ({ name: p.name, type: toWit(p.type, budget) }));
  const fn: WitFunction = iface === undefined ? { name, params } : { interface: iface, name, params };
  if (f.result) fn.result = toWit(f.result, budget);
  return fn;
}

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
