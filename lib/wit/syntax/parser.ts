// Declarations: the file's `package` line or blocks, top-level `use`, interfaces, worlds and their items.

import {
  WitError,
  type FileScope,
  type Include,
  type InterfaceAst,
  type Loc,
  type PackageAst,
  type Scope,
  type UseAst,
  type UsePath,
  type WorldAst,
  type WorldItem,
} from './ast';
import type { Tok } from './lexer';
import { TypeParser } from './types';

export interface ParsedFile {
  path: string;
  /** Items in this file that belong to the file's (top-level) package. */
  header?: { name: string; version?: string; loc: Loc };
  scope: FileScope;
  interfaces: InterfaceAst[];
  worlds: WorldAst[];
  /** `package a:b { ... }` blocks. */
  nested: { header: { name: string; version?: string; loc: Loc }; interfaces: InterfaceAst[]; worlds: WorldAst[] }[];
}

export class Parser extends TypeParser {
  private readonly scope: FileScope;
  // Interfaces/worlds are created before their package is known; patched later.
  private readonly placeholder: PackageAst;

  constructor(path: string, text: string) {
    super(path, text);
    this.scope = { path, aliases: new Map() };
    this.placeholder = { name: '', loc: this.peek(), interfaces: new Map(), worlds: new Map() };
  }

  parseFile(): ParsedFile {
    const out: ParsedFile = { path: this.path, scope: this.scope, interfaces: [], worlds: [], nested: [] };
    this.skipGates();
    if (this.isK('package') && !this.isP(':', 1)) {
      const kw = this.next();
      const header = this.packageName(kw);
      if (this.isP('{')) {
        // The file holds only nested package blocks then, with no top-level package.
        this.parseNestedBody(header, out);
      } else {
        this.expectP(';');
        out.header = header;
      }
    }
    for (;;) {
      this.skipGates();
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (this.isK('package')) {
        const kw = this.next();
        const header = this.packageName(kw);
        if (!this.isP('{')) throw new WitError('`package` declaration must come first in a file (or use `package a:b { ... }` blocks)', kw);
        this.parseNestedBody(header, out);
        continue;
      }
      this.topItem(out.interfaces, out.worlds, true);
    }
    return out;
  }

  private parseNestedBody(header: { name: string; version?: string; loc: Loc }, out: ParsedFile): void {
    this.expectP('{');
    const block = { header, interfaces: [] as InterfaceAst[], worlds: [] as WorldAst[] };
    while (!this.isP('}')) {
      this.skipGates();
      if (this.peek().kind === 'eof') this.fail('`}`');
      this.topItem(block.interfaces, block.worlds, false);
    }
    this.next();
    out.nested.push(block);
  }

  private packageName(kw: Tok): { name: string; version?: string; loc: Loc } {
    const ns = this.ident('a package namespace (like `wasi` in `package wasi:http;`)');
    this.expectP(':');
    const nm = this.ident('a package name');
    let name = `${ns.value}:${nm.value}`;
    // Nested namespaces `a:b:c` are rare but legal.
    while (this.isP(':')) {
      this.next();
      name += `:${this.ident().value}`;
    }
    let version: string | undefined;
    if (this.eatP('@')) version = this.version();
    return { name, version, loc: kw };
  }

  private version(): string {
    const t = this.peek();
    if (t.kind !== 'version') this.fail('a version like 1.2.3');
    return this.next().value;
  }

  private topItem(ifaces: InterfaceAst[], worlds: WorldAst[], allowUse: boolean): void {
    const t = this.peek();
    if (this.isK('interface')) {
      this.next();
      const name = this.ident('an interface name');
      ifaces.push(this.interfaceBody(name.value, name, name.value));
    } else if (this.isK('world')) {
      this.next();
      const name = this.ident('a world name');
      worlds.push(this.worldBody(name.value, name));
    } else if (this.isK('use') && allowUse) {
      this.next();
      const path = this.usePath();
      let alias = path.local ?? path.iface!;
      let aliasLoc: Loc = path.loc;
      if (this.eatK('as')) {
        const a = this.ident();
        alias = a.value;
        aliasLoc = a;
      }
      this.expectP(';');
      if (this.scope.aliases.has(alias)) throw new WitError(`duplicate name \`${alias}\` in top-level \`use\``, aliasLoc);
      this.scope.aliases.set(alias, path);
    } else {
      this.fail(allowUse ? '`interface`, `world`, `use` or `package`' : '`interface` or `world`', t);
    }
  }

  private newScope<K extends 'interface' | 'world'>(kind: K, name: string, loc: Loc) {
    return {
      kind,
      name,
      loc: { path: loc.path, line: loc.line, column: loc.column },
      pkg: this.placeholder,
      file: this.scope,
      types: new Map(),
      uses: new Map(),
      useOrder: [],
      funcs: new Map(),
      names: new Map(),
    };
  }

  private interfaceBody(name: string, loc: Loc, id: string): InterfaceAst {
    const scope: InterfaceAst = { ...this.newScope('interface', name, loc), id };
    this.expectP('{');
    for (;;) {
      this.skipGates();
      if (this.eatP('}')) break;
      if (this.peek().kind === 'eof') this.fail('`}`');
      if (!this.typeOrUseItem(scope)) {
        const f = this.namedFunc();
        this.define(scope, f.name, f.loc, 'function');
        scope.funcs.set(f.name, f);
      }
    }
    return scope;
  }

  private worldBody(name: string, loc: Loc): WorldAst {
    const w: WorldAst = { ...this.newScope('world', name, loc), items: [], includes: [], seq: [] };
    this.expectP('{');
    for (;;) {
      this.skipGates();
      if (this.eatP('}')) break;
      if (this.peek().kind === 'eof') this.fail('`}`');
      if (this.isK('import') || this.isK('export')) {
        const dir = this.next().value as 'import' | 'export';
        const item = this.externItem(dir);
        w.items.push(item);
        w.seq.push(item);
      } else if (this.isK('include') && !this.isP(':', 1)) {
        this.next();
        const path = this.usePath();
        const renames = new Map<string, string>();
        if (this.eatK('with')) {
          this.expectP('{');
          while (!this.isP('}')) {
            const from = this.ident();
            this.expectK('as');
            const to = this.ident();
            renames.set(from.value, to.value);
            if (!this.eatP(',')) break;
          }
          this.expectP('}');
        }
        this.expectP(';');
        const inc: Include = { k: 'include', path, with: renames };
        w.includes.push(inc);
        w.seq.push(inc);
      } else if (!this.typeOrUseItem(w)) {
        this.fail('`import`, `export`, `include`, `use` or a type definition');
      }
    }
    return w;
  }

  private externItem(dir: 'import' | 'export'): WorldItem {
    const t = this.peek();
    // `name: func...`, `name: interface {...}`, `name {...}` versus a use path `ns:pkg/iface` or `iface`.
    if (t.kind === 'id' && this.isP(':', 1)) {
      const after = this.peek(2);
      const isFunc = after.kind === 'id' && !after.escaped && (after.value === 'func' || (after.value === 'async' && this.isK('func', 3)));
      const isIface = this.isK('interface', 2) && this.isP('{', 3);
      if (isFunc) {
        const f = this.namedFunc();
        return { k: 'func', dir, name: f.name, func: f, loc: f.loc };
      }
      if (isIface) {
        this.next();
        this.next();
        this.next(); // name `:` `interface`
        return { k: 'inline', dir, name: t.value, iface: this.interfaceBody(t.value, t, t.value), loc: t };
      }
    }
    if (t.kind === 'id' && this.isP('{', 1)) {
      this.next();
      return { k: 'inline', dir, name: t.value, iface: this.interfaceBody(t.value, t, t.value), loc: t };
    }
    const path = this.usePath();
    this.expectP(';');
    return { k: 'iface', dir, path };
  }

  private usePath(): UsePath {
    const first = this.ident('an interface name or a path like `ns:pkg/iface`');
    if (!this.isP(':')) return { loc: first, local: first.value };
    let pkg = first.value;
    while (this.eatP(':')) pkg += `:${this.ident('a package name').value}`;
    this.expectP('/');
    const iface = this.ident('an interface name').value;
    let version: string | undefined;
    if (this.eatP('@')) version = this.version();
    return { loc: first, pkg, iface, version };
  }

  /** Parses a `use` or type definition into the scope; false if the next item is neither. */
  private typeOrUseItem(scope: Scope): boolean {
    // A keyword followed by `:` is a function named like a keyword (lenient: WIT wants `%type`).
    if (this.isP(':', 1)) return false;
    if (this.eatK('use')) {
      const path = this.usePath();
      this.expectP('.');
      this.expectP('{');
      const names: UseAst['names'] = [];
      while (!this.isP('}')) {
        const n = this.ident('a type name');
        let as = n.value;
        let asLoc: Loc = n;
        if (this.eatK('as')) {
          const a = this.ident();
          as = a.value;
          asLoc = a;
        }
        names.push({ name: n.value, as, loc: asLoc });
        if (!this.eatP(',')) break;
      }
      this.expectP('}');
      this.expectP(';');
      scope.useOrder.push(path);
      for (const n of names) {
        this.define(scope, n.as, n.loc, 'name');
        scope.uses.set(n.as, { path, name: n.name, loc: n.loc });
      }
      return true;
    }
    return this.typeDef(scope);
  }
}
