// Component-level types: value types, type definitions, function types, extern types and the
// bodies of component and instance types.

import type { Reader } from './reader';
import { type IType, type TypeEntry, type Item, Scope, PRIMS } from './model';
import { IndexSpaces } from './spaces';

export class TypeDecoder extends IndexSpaces {
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
}
