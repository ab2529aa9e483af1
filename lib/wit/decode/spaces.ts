// The decoder's base: its budgets, import/export names, sorts, the index spaces of a scope and
// aliases into them; core wasm types are only skipped.

import type { Reader } from './reader';
import {
  type TypeEntry,
  type Item,
  SORT_CORE,
  SORT_VALUE,
  SORT_INSTANCE,
  ITEM_SORTS,
  type Sort,
  Scope,
  type NameAttrs,
  WORK_LIMIT,
} from './model';

export class IndexSpaces {
  protected nextResource = 0;
  /** Guards against runaway recursion in hostile input. */
  protected depth = 0;
  /**
   * Work budget: nested components are re-evaluated at each instantiation, so
   * a hostile binary could make the work explode; real components need far less.
   */
  protected work = 0;

  protected spend(r: Reader, n: number): void {
    this.work += n;
    if (this.work > WORK_LIMIT) r.fail('component is too complex to decode (work limit exceeded)');
  }

  constructor(readonly bytes: Uint8Array) {}

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
    switch (ITEM_SORTS[sort.id]) {
      case 'func':
        return { sort: 'func', f: get(scope.funcs, 'func') };
      case 'type':
        return { sort: 'type', t: get(scope.types, 'type') };
      case 'instance':
        return { sort: 'instance', exports: get(scope.instances, 'instance') };
      case 'component':
        return { sort: 'component', c: get(scope.components, 'component') };
      default:
        return { sort: 'other' };
    }
  }

  /** Append an item to the index space of its sort. */
  push(scope: Scope, item: Item): void {
    if (item.sort === 'func') scope.funcs.push(item.f);
    else if (item.sort === 'type') scope.types.push(item.t);
    else if (item.sort === 'instance') scope.instances.push(item.exports);
    else if (item.sort === 'component') scope.components.push(item.c);
  }

  /** Whether an item may stand for `sort` (a sort without an index space here takes anything). */
  sortMatches(item: Item, sort: Sort): boolean {
    const expected = ITEM_SORTS[sort.id];
    return expected === undefined || item.sort === expected;
  }

  /** A type labelled by an import/export name. */
  named(t: TypeEntry, name: string): TypeEntry {
    if (t.k === 'value') return { k: 'value', t: { ...t.t, name } };
    if (t.k === 'resource') return { k: 'resource', res: { id: t.res.id, name } };
    return t;
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
