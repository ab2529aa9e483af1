// Type resolution: WIT type expressions to the structural WitType model, with validation of every
// scope and world (duplicates, unknown names, cycles).

import { WitError, pkgId, type FuncAst, type Loc, type Scope, type TypeAst, type TypeDefAst, type WorldAst } from '../syntax/ast';
import type { ParsedFile } from '../syntax/parser';
import type { Case, Field, Param, WitFunction, WitType } from '../types';
import { PackageSet } from './packages';

export class TypeResolver extends PackageSet {
  private readonly cache = new Map<string, WitType>();

  constructor(parsed: ParsedFile[]) {
    super(parsed);
    for (const pkg of this.packages.values()) {
      for (const i of pkg.interfaces.values()) this.validateScope(i);
      for (const w of pkg.worlds.values()) this.validateWorld(w);
    }
  }

  protected validateScope(scope: Scope): void {
    for (const [n, u] of scope.uses) this.lookupType(scope, n, u.loc);
    for (const [n, t] of scope.types) {
      if (t.def.d === 'resource') {
        for (const f of t.def.funcs) this.funcType(scope, f, true);
      } else {
        this.resolve(scope, { t: 'named', name: n, loc: t.loc }, true, new Set());
      }
    }
    for (const f of scope.funcs.values()) this.funcType(scope, f, true);
  }

  protected validateWorld(w: WorldAst): void {
    this.validateScope(w);
    const seen = { import: new Map<string, Loc>(), export: new Map<string, Loc>() };
    for (const it of w.items) {
      let key: string;
      let loc: Loc;
      if (it.k === 'iface') {
        const i = this.findInterface(w, it.path);
        key = i.id;
        loc = it.path.loc;
      } else {
        if (it.k === 'inline') this.validateScope(it.iface);
        else this.funcType(w, it.func, true);
        key = it.name;
        loc = it.loc;
      }
      const prev = seen[it.dir].get(key);
      if (prev)
        throw new WitError(
          `duplicate ${it.dir} \`${key}\` in world \`${w.name}\` (first at line ${prev.line}, column ${prev.column})`,
          loc,
        );
      seen[it.dir].set(key, loc);
    }
    for (const inc of w.includes) this.findWorld(w, inc.path);
  }

  protected funcType(scope: Scope, f: FuncAst, validateOnly: boolean): WitFunction {
    const params: Param[] = f.params.map((p) => ({ name: p.name, type: this.resolve(scope, p.type, validateOnly, new Set()) }));
    const fn: WitFunction = { name: f.name, params };
    if (f.result) fn.result = this.resolve(scope, f.result, validateOnly, new Set());
    return fn;
  }

  /**
   * Turns a type expression into a structural WitType. In validation mode
   * async types (future/stream) are accepted; for exports they are an error
   * because the playground cannot pass them.
   */
  protected resolve(scope: Scope, t: TypeAst, validateOnly: boolean, stack: Set<string>): WitType {
    switch (t.t) {
      case 'prim':
        return { kind: t.kind };
      case 'list':
        return { kind: 'list', element: this.resolve(scope, t.element, validateOnly, stack) };
      case 'option':
        return { kind: 'option', inner: this.resolve(scope, t.inner, validateOnly, stack) };
      case 'tuple':
        return { kind: 'tuple', items: t.items.map((i) => this.resolve(scope, i, validateOnly, stack)) };
      case 'result': {
        const r: WitType = { kind: 'result' };
        if (t.ok) r.ok = this.resolve(scope, t.ok, validateOnly, stack);
        if (t.err) r.err = this.resolve(scope, t.err, validateOnly, stack);
        return r;
      }
      case 'async': {
        if (t.inner) this.resolve(scope, t.inner, validateOnly, stack);
        if (validateOnly) return { kind: 'u32' };
        throw new WitError(`\`${t.what}\` types are not supported in exported functions`, t.loc);
      }
      case 'handle': {
        const found = this.lookupType(scope, t.name, t.loc);
        const res = this.followAlias(found, t.loc);
        if (res.def.d !== 'resource') throw new WitError(`\`${t.handle}<${t.name}>\`: \`${t.name}\` is not a resource`, t.loc);
        return { kind: 'resource', handle: t.handle, name: t.name };
      }
      case 'named': {
        const found = this.lookupType(scope, t.name, t.loc);
        const key = `${validateOnly ? 'v' : 'e'}|${pkgId(found.scope.pkg)}|${found.scope.kind}:${found.scope.name}|${found.name}|${t.name}`;
        const cached = this.cache.get(key);
        if (cached) return cached;
        if (stack.has(key)) throw new WitError(`type \`${t.name}\` refers to itself`, t.loc);
        stack.add(key);
        const out = this.resolveDef(found.scope, found.def, t.name, validateOnly, stack);
        stack.delete(key);
        this.cache.set(key, out);
        return out;
      }
    }
  }

  protected followAlias(found: { scope: Scope; name: string; def: TypeDefAst }, loc: Loc): { scope: Scope; name: string; def: TypeDefAst } {
    const seen = new Set<TypeDefAst>();
    while (found.def.d === 'alias' && found.def.target.t === 'named') {
      if (seen.has(found.def)) throw new WitError(`type \`${found.name}\` refers to itself`, loc);
      seen.add(found.def);
      found = this.lookupType(found.scope, found.def.target.name, found.def.target.loc);
    }
    return found;
  }

  protected resolveDef(scope: Scope, def: TypeDefAst, name: string, validateOnly: boolean, stack: Set<string>): WitType {
    switch (def.d) {
      case 'alias': {
        const inner = this.resolve(scope, def.target, validateOnly, stack);
        // The outermost name is what the user wrote, so it wins for display.
        return inner.kind === 'resource' ? { ...inner, name } : { ...inner, name };
      }
      case 'record': {
        const fields: Field[] = def.fields.map((f) => ({ name: f.name, type: this.resolve(scope, f.type, validateOnly, stack) }));
        return { kind: 'record', fields, name };
      }
      case 'variant': {
        const cases: Case[] = def.cases.map((c) =>
          c.type ? { name: c.name, type: this.resolve(scope, c.type, validateOnly, stack) } : { name: c.name },
        );
        return { kind: 'variant', cases, name };
      }
      case 'enum':
        return { kind: 'enum', cases: [...def.cases], name };
      case 'flags':
        return { kind: 'flags', flags: [...def.flags], name };
      case 'resource':
        return { kind: 'resource', handle: 'own', name };
    }
  }
}
