// Type definitions and function signatures: `type`, `record`, `variant`, `enum`, `flags`, `resource`,
// `name: func(...)` and type expressions.

import { PRIMS, WitError, type FuncAst, type Loc, type Scope, type TypeAst, type TypeDefAst } from './ast';
import type { Tok } from './lexer';
import { TokenStream } from './tokens';

export class TypeParser extends TokenStream {
  protected define(scope: Scope, name: string, loc: Loc, what: string): void {
    const prev = scope.names.get(name);
    if (prev) {
      throw new WitError(
        `duplicate ${what} \`${name}\` in ${scope.kind} \`${scope.name}\` (\`${name}\` is already defined at line ${prev.line}, column ${prev.column})`,
        loc,
      );
    }
    scope.names.set(name, loc);
  }

  /** Parses a type definition into the scope; false if the next item is not one. */
  protected typeDef(scope: Scope): boolean {
    const t = this.peek();
    if (t.kind !== 'id' || t.escaped) return false;
    let def: TypeDefAst;
    let name: Tok;
    switch (t.value) {
      case 'type': {
        this.next();
        name = this.ident('a type name');
        this.expectP('=');
        def = { d: 'alias', target: this.type() };
        this.expectP(';');
        break;
      }
      case 'record': {
        this.next();
        name = this.ident('a record name');
        const fields: { name: string; type: TypeAst; loc: Loc }[] = [];
        const seen = new Map<string, Loc>();
        this.braceList(() => {
          const f = this.ident('a field name');
          this.dupMember(seen, f, 'field', name.value);
          this.expectP(':');
          fields.push({ name: f.value, type: this.type(), loc: f });
        });
        def = { d: 'record', fields };
        break;
      }
      case 'variant': {
        this.next();
        name = this.ident('a variant name');
        const cases: { name: string; type?: TypeAst; loc: Loc }[] = [];
        const seen = new Map<string, Loc>();
        this.braceList(() => {
          const c = this.ident('a case name');
          this.dupMember(seen, c, 'case', name.value);
          let type: TypeAst | undefined;
          if (this.eatP('(')) {
            type = this.type();
            this.expectP(')');
          }
          cases.push({ name: c.value, type, loc: c });
        });
        if (cases.length === 0) throw new WitError(`variant \`${name.value}\` must have at least one case`, name);
        def = { d: 'variant', cases };
        break;
      }
      case 'enum':
      case 'flags': {
        this.next();
        name = this.ident(`${t.value === 'enum' ? 'an enum' : 'a flags'} name`);
        const items: string[] = [];
        const seen = new Map<string, Loc>();
        this.braceList(() => {
          const c = this.ident(t.value === 'enum' ? 'a case name' : 'a flag name');
          this.dupMember(seen, c, t.value === 'enum' ? 'case' : 'flag', name.value);
          items.push(c.value);
        });
        if (t.value === 'enum' && items.length === 0) throw new WitError(`enum \`${name.value}\` must have at least one case`, name);
        def = t.value === 'enum' ? { d: 'enum', cases: items } : { d: 'flags', flags: items };
        break;
      }
      case 'resource': {
        this.next();
        name = this.ident('a resource name');
        const funcs: FuncAst[] = [];
        if (!this.eatP(';')) {
          this.expectP('{');
          const seen = new Map<string, Loc>();
          for (;;) {
            this.skipGates();
            if (this.eatP('}')) break;
            if (this.isK('constructor') && this.isP('(', 1)) {
              const c = this.next();
              this.dupMember(seen, c, 'method', name.value);
              const params = this.params();
              let result: TypeAst | undefined;
              if (this.eatP('->')) result = this.type(); // fallible constructors (`-> result<_, E>`)
              this.expectP(';');
              funcs.push({ name: 'constructor', loc: c, params, result });
              continue;
            }
            const n = this.ident('a method name, `constructor` or `}`');
            this.dupMember(seen, n, 'method', name.value);
            this.expectP(':');
            while (this.eatK('static') || this.eatK('async')) {
              /* modifiers don't change the signature we record */
            }
            funcs.push(this.funcRest(n));
          }
          this.eatP(';');
        }
        def = { d: 'resource', funcs };
        break;
      }
      default:
        return false;
    }
    this.define(scope, name.value, name, 'type');
    scope.types.set(name.value, { def, loc: name });
    return true;
  }

  protected namedFunc(): FuncAst {
    const n = this.ident('a function name, a type definition or `}`');
    if (!this.isP(':')) this.fail('`:` (functions are written `name: func(...)`)');
    this.next();
    return this.funcRest(n);
  }

  protected funcRest(name: Tok): FuncAst {
    this.eatK('async');
    if (!this.isK('func')) this.fail('`func`');
    this.next();
    const params = this.params();
    let result: TypeAst | undefined;
    if (this.eatP('->')) {
      if (this.isP('(')) {
        const t = this.peek();
        // Named results were removed from WIT; say so rather than failing obscurely.
        if (this.isP(')', 1)) {
          this.next();
          this.next();
        } else throw new WitError('multiple/named results are not supported; return a tuple or record instead', t);
      } else {
        result = this.type();
      }
    }
    this.expectP(';');
    return { name: name.value, loc: name, params, result };
  }

  protected params(): FuncAst['params'] {
    this.expectP('(');
    const params: FuncAst['params'] = [];
    const seen = new Map<string, Loc>();
    while (!this.isP(')')) {
      const p = this.ident('a parameter name or `)`');
      this.dupMember(seen, p, 'parameter', 'function');
      this.expectP(':');
      params.push({ name: p.value, type: this.type(), loc: p });
      if (!this.eatP(',')) break;
    }
    this.expectP(')');
    return params;
  }

  protected type(): TypeAst {
    const t = this.peek();
    if (t.kind !== 'id') this.fail('a type');
    this.next();
    if (!t.escaped) {
      const prim = PRIMS[t.value];
      if (prim) return { t: 'prim', kind: prim };
      switch (t.value) {
        case 'list':
          return this.angle(() => {
            const element = this.type();
            // Fixed-size lists `list<T, N>` are represented as plain lists.
            if (this.eatP(',')) {
              if (this.peek().kind !== 'int') this.fail('a list length');
              this.next();
            }
            return { t: 'list' as const, element };
          });
        case 'option':
          return this.angle(() => ({ t: 'option' as const, inner: this.type() }));
        case 'result':
          if (!this.isP('<')) return { t: 'result' };
          return this.angle(() => {
            let ok: TypeAst | undefined;
            let err: TypeAst | undefined;
            if (this.eatP('_')) {
              this.expectP(',');
              err = this.type();
            } else {
              ok = this.type();
              if (this.eatP(',')) err = this.type();
            }
            return { t: 'result' as const, ok, err };
          });
        case 'tuple':
          return this.angle(() => {
            const items: TypeAst[] = [];
            while (!this.isP('>')) {
              items.push(this.type());
              if (!this.eatP(',')) break;
            }
            return { t: 'tuple' as const, items };
          });
        case 'own':
        case 'borrow':
          return this.angle(() => {
            const r = this.ident('a resource name');
            return { t: 'handle' as const, handle: t.value as 'own' | 'borrow', name: r.value, loc: r };
          });
        case 'future':
        case 'stream': {
          const what = t.value;
          const inner = this.isP('<') ? this.angle(() => this.type()) : undefined;
          return { t: 'async', what, inner, loc: t };
        }
        case 'error-context':
          return { t: 'async', what: 'error-context', loc: t };
      }
    }
    return { t: 'named', name: t.value, loc: t };
  }
}
