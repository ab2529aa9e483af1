// A WIT (WebAssembly Interface Types) parser and resolver.
//
// It reads a user's world plus its dependency packages and produces what the
// engine needs: the exported functions with fully resolved types and the
// names of the interfaces the world imports. It is deliberately lenient where
// real-world WIT is (feature gates, keywords used as names, `async func`), and
// strict where a mistake would otherwise surface much later (unknown names,
// duplicates), reporting a file, line and column for every error.

import type { Case, Field, Param, PrimitiveKind, WitFunction, WitType } from './types';
import { printType, printFunction } from './print';

export { printType, printFunction };

export interface WitFile {
  path: string;
  text: string;
}

export class WitError extends Error {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  constructor(message: string, loc: Loc) {
    super(message);
    this.name = 'WitError';
    this.line = loc.line;
    this.column = loc.column;
    this.path = loc.path;
  }
}

export interface ResolvedWorld {
  /** Package of the world, e.g. `demo:counter` or `wasi:http@0.2.12`. */
  package: string;
  world: string;
  exports: WitFunction[];
  /** Imported interfaces (explicit, via `include`, and those needed by the types of imports/exports), dependencies first. */
  imports: string[];
}

interface Loc {
  path: string;
  line: number;
  column: number;
}

// ---------------------------------------------------------------- lexing

type TokKind = 'id' | 'punct' | 'int' | 'version' | 'eof';
interface Tok extends Loc {
  kind: TokKind;
  value: string;
  escaped: boolean;
}

const PUNCT2 = ['->'];
const PUNCT1 = '{}()<>,;:.=/@*_';
const ID_RE = /[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/y;
// Semver with optional pre-release/build; pre-release parts are dot separated so `@1.0.0.{a}` stops before `.{`.
const VERSION_RE = /\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/y;

function lex(path: string, text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const loc = (at: number): Loc => ({ path, line, column: at - lineStart + 1 });
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      // Block comments nest in WIT.
      const start = loc(i);
      let depth = 0;
      do {
        if (i >= text.length) throw new WitError('unterminated block comment', start);
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else {
          if (text[i] === '\n') newline(i);
          i++;
        }
      } while (depth > 0);
      continue;
    }
    const at = loc(i);
    const prev = toks[toks.length - 1];
    if (prev && prev.kind === 'punct' && prev.value === '@' && /\d/.test(c)) {
      // `@` followed by a digit only ever starts a package version.
      VERSION_RE.lastIndex = i;
      const m = VERSION_RE.exec(text);
      if (!m) throw new WitError('invalid version: expected semver like 1.2.3', at);
      toks.push({ ...at, kind: 'version', value: m[0], escaped: false });
      i += m[0].length;
      continue;
    }
    if (c === '%' || /[A-Za-z]/.test(c)) {
      const escaped = c === '%';
      ID_RE.lastIndex = escaped ? i + 1 : i;
      const m = ID_RE.exec(text);
      if (!m) throw new WitError(escaped ? 'expected an identifier after `%`' : `unexpected character '${c}'`, at);
      toks.push({ ...at, kind: 'id', value: m[0], escaped });
      i = ID_RE.lastIndex;
      continue;
    }
    if (/\d/.test(c)) {
      let j = i;
      while (j < text.length && /\d/.test(text[j]!)) j++;
      toks.push({ ...at, kind: 'int', value: text.slice(i, j), escaped: false });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      toks.push({ ...at, kind: 'punct', value: two, escaped: false });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      // `_` directly followed by an identifier char is not valid WIT; treat `_` only as the result placeholder.
      toks.push({ ...at, kind: 'punct', value: c, escaped: false });
      i++;
      continue;
    }
    throw new WitError(`unexpected character '${c}'`, at);
  }
  toks.push({ ...loc(i), kind: 'eof', value: '', escaped: false });
  return toks;
}

// ---------------------------------------------------------------- AST

type TypeAst =
  | { t: 'prim'; kind: PrimitiveKind }
  | { t: 'list'; element: TypeAst }
  | { t: 'option'; inner: TypeAst }
  | { t: 'result'; ok?: TypeAst; err?: TypeAst }
  | { t: 'tuple'; items: TypeAst[] }
  | { t: 'handle'; handle: 'own' | 'borrow'; name: string; loc: Loc }
  | { t: 'named'; name: string; loc: Loc }
  | { t: 'async'; what: 'future' | 'stream' | 'error-context'; inner?: TypeAst; loc: Loc };

type TypeDefAst =
  | { d: 'alias'; target: TypeAst }
  | { d: 'record'; fields: { name: string; type: TypeAst; loc: Loc }[] }
  | { d: 'variant'; cases: { name: string; type?: TypeAst; loc: Loc }[] }
  | { d: 'enum'; cases: string[] }
  | { d: 'flags'; flags: string[] }
  | { d: 'resource'; funcs: FuncAst[] };

interface FuncAst {
  name: string;
  loc: Loc;
  params: { name: string; type: TypeAst; loc: Loc }[];
  result?: TypeAst;
}

interface UsePath {
  loc: Loc;
  local?: string;
  pkg?: string;
  version?: string;
  iface?: string;
}

interface UseAst {
  path: UsePath;
  names: { name: string; as: string; loc: Loc }[];
}

/** Anything that holds types: an interface or a world. */
interface Scope {
  kind: 'interface' | 'world';
  name: string;
  loc: Loc;
  pkg: PackageAst;
  file: FileScope;
  types: Map<string, { def: TypeDefAst; loc: Loc }>;
  uses: Map<string, { path: UsePath; name: string; loc: Loc }>;
  useOrder: UsePath[];
  funcs: Map<string, FuncAst>;
  /** Every name defined in this scope, for duplicate detection. */
  names: Map<string, Loc>;
}

interface InterfaceAst extends Scope {
  kind: 'interface';
  /** Fully qualified id, or the plain name for an inline world interface. */ id: string;
}

type WorldItem =
  | { k: 'iface'; dir: 'import' | 'export'; path: UsePath }
  | { k: 'func'; dir: 'import' | 'export'; name: string; func: FuncAst; loc: Loc }
  | { k: 'inline'; dir: 'import' | 'export'; name: string; iface: InterfaceAst; loc: Loc };

interface WorldAst extends Scope {
  kind: 'world';
  items: WorldItem[];
  includes: Include[];
  /** Items and includes in source order, so imports come out in the order written. */
  seq: (WorldItem | Include)[];
}

interface Include {
  k: 'include';
  path: UsePath;
  with: Map<string, string>;
}

interface FileScope {
  path: string;
  aliases: Map<string, UsePath>;
}

interface PackageAst {
  name: string; // ns:name
  version?: string;
  loc: Loc;
  interfaces: Map<string, InterfaceAst>;
  worlds: Map<string, WorldAst>;
}

const pkgId = (p: { name: string; version?: string }) => (p.version ? `${p.name}@${p.version}` : p.name);

const PRIMS: Record<string, PrimitiveKind> = {
  bool: 'bool',
  s8: 's8',
  u8: 'u8',
  s16: 's16',
  u16: 'u16',
  s32: 's32',
  u32: 'u32',
  s64: 's64',
  u64: 'u64',
  f32: 'f32',
  f64: 'f64',
  float32: 'f32',
  float64: 'f64',
  char: 'char',
  string: 'string',
};

const fmtLoc = (l: Loc) => `${l.path}:${l.line}:${l.column}`;

// ---------------------------------------------------------------- parsing

interface ParsedFile {
  path: string;
  /** Items in this file that belong to the file's (top-level) package. */
  header?: { name: string; version?: string; loc: Loc };
  scope: FileScope;
  interfaces: InterfaceAst[];
  worlds: WorldAst[];
  /** `package a:b { ... }` blocks. */
  nested: { header: { name: string; version?: string; loc: Loc }; interfaces: InterfaceAst[]; worlds: WorldAst[] }[];
}

class Parser {
  private i = 0;
  private readonly toks: Tok[];
  private readonly scope: FileScope;
  // Interfaces/worlds are created before their package is known; patched later.
  private readonly placeholder: PackageAst;

  constructor(
    private readonly path: string,
    text: string,
  ) {
    this.toks = lex(path, text);
    this.scope = { path, aliases: new Map() };
    this.placeholder = { name: '', loc: this.peek(), interfaces: new Map(), worlds: new Map() };
  }

  // lex() always ends with an eof token, so the list is never empty.
  private peek(n = 0): Tok {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private next(): Tok {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isP(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'punct' && t.value === v;
  }
  /** An unescaped identifier equal to the keyword. */
  private isK(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'id' && !t.escaped && t.value === v;
  }
  private eatP(v: string): boolean {
    if (this.isP(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private eatK(v: string): boolean {
    if (this.isK(v)) {
      this.i++;
      return true;
    }
    return false;
  }

  private describe(t: Tok): string {
    if (t.kind === 'eof') return 'end of file';
    return `\`${t.escaped ? '%' : ''}${t.value}\``;
  }
  private fail(what: string, t = this.peek()): never {
    throw new WitError(`expected ${what}, found ${this.describe(t)}`, t);
  }
  private expectP(v: string): Tok {
    if (!this.isP(v)) this.fail(`\`${v}\``);
    return this.next();
  }
  private expectK(v: string): Tok {
    if (!this.isK(v)) this.fail(`\`${v}\``);
    return this.next();
  }
  private ident(what = 'an identifier'): Tok {
    if (this.peek().kind !== 'id') this.fail(what);
    return this.next();
  }

  /** Feature gates (`@since(...)`, `@unstable(...)`, `@deprecated(...)`) carry no meaning here. */
  private skipGates(): void {
    while (this.isP('@') && this.peek(1).kind === 'id') {
      this.next();
      this.next();
      if (!this.isP('(')) continue;
      const open = this.next();
      let depth = 1;
      while (depth > 0) {
        const t = this.next();
        if (t.kind === 'eof') throw new WitError('unterminated feature gate', open);
        if (t.kind === 'punct' && t.value === '(') depth++;
        if (t.kind === 'punct' && t.value === ')') depth--;
      }
    }
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

  private define(scope: Scope, name: string, loc: Loc, what: string): void {
    const prev = scope.names.get(name);
    if (prev) {
      throw new WitError(
        `duplicate ${what} \`${name}\` in ${scope.kind} \`${scope.name}\` (\`${name}\` is already defined at line ${prev.line}, column ${prev.column})`,
        loc,
      );
    }
    scope.names.set(name, loc);
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

  private dupMember(seen: Map<string, Loc>, t: Tok, what: string, owner: string): void {
    const prev = seen.get(t.value);
    if (prev) throw new WitError(`duplicate ${what} \`${t.value}\` in \`${owner}\` (first at line ${prev.line}, column ${prev.column})`, t);
    seen.set(t.value, t);
  }

  /** `{ a, b, c }` with an optional trailing comma. */
  private braceList(item: () => void): void {
    this.expectP('{');
    while (!this.isP('}')) {
      this.skipGates();
      if (this.isP('}')) break;
      item();
      if (!this.eatP(',')) break;
    }
    this.expectP('}');
  }

  private namedFunc(): FuncAst {
    const n = this.ident('a function name, a type definition or `}`');
    if (!this.isP(':')) this.fail('`:` (functions are written `name: func(...)`)');
    this.next();
    return this.funcRest(n);
  }

  private funcRest(name: Tok): FuncAst {
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

  private params(): FuncAst['params'] {
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

  private angle<T>(f: () => T): T {
    this.expectP('<');
    const v = f();
    this.expectP('>');
    return v;
  }

  private type(): TypeAst {
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

// ---------------------------------------------------------------- resolution

/** A parsed and name-checked set of WIT packages. */
export class WitDocument {
  /** Every package, keyed by `ns:name` or `ns:name@version`. */
  private readonly packages = new Map<string, PackageAst>();
  private readonly main: PackageAst;
  private readonly cache = new Map<string, WitType>();

  constructor(files: WitFile[]) {
    if (files.length === 0) throw new WitError('no WIT files given', { path: '', line: 1, column: 1 });
    const parsed = files.map((f) => new Parser(f.path, f.text).parseFile());
    // Files without a `package` line belong to the package declared by a sibling file.
    const dirOf = (p: string) => p.replace(/[^/]*$/, '');
    const dirHeader = new Map<string, NonNullable<ParsedFile['header']>>();
    for (const f of parsed) if (f.header && !dirHeader.has(dirOf(f.path))) dirHeader.set(dirOf(f.path), f.header);
    let main: PackageAst | undefined;
    // The same package may be vendored twice (e.g. in two deps folders): the first copy wins, as in wit-parser.
    const origin = new Map<string, string>();
    const take = (h: { name: string; version?: string; loc: Loc }, from: string): PackageAst | undefined => {
      const first = origin.get(pkgId(h));
      if (first !== undefined && first !== from) return undefined;
      origin.set(pkgId(h), from);
      return this.package(h);
    };
    for (const [idx, f] of parsed.entries()) {
      const header = f.header ?? dirHeader.get(dirOf(f.path));
      if (f.interfaces.length || f.worlds.length || idx === 0 || header) {
        const h = header ?? { name: 'root:component', loc: { path: f.path, line: 1, column: 1 } };
        const pkg = take(h, dirOf(f.path));
        if (idx === 0) main = pkg;
        if (pkg) for (const i of f.interfaces) this.add(pkg, i);
        if (pkg) for (const w of f.worlds) this.add(pkg, w);
      }
      for (const n of f.nested) {
        const pkg = take(n.header, `${f.path}#${n.header.loc.line}`);
        if (!pkg) continue;
        for (const i of n.interfaces) this.add(pkg, i);
        for (const w of n.worlds) this.add(pkg, w);
        if (idx === 0 && !f.header && !main) main = pkg;
      }
    }
    this.main = main!;
    for (const pkg of this.packages.values()) {
      for (const i of pkg.interfaces.values()) this.validateScope(i);
      for (const w of pkg.worlds.values()) this.validateWorld(w);
    }
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

  private package(h: { name: string; version?: string; loc: Loc }): PackageAst {
    const id = pkgId(h);
    let p = this.packages.get(id);
    if (!p) {
      p = { name: h.name, version: h.version, loc: h.loc, interfaces: new Map(), worlds: new Map() };
      this.packages.set(id, p);
    }
    return p;
  }

  private add(pkg: PackageAst, item: InterfaceAst | WorldAst): void {
    const prev = pkg.interfaces.get(item.name) ?? pkg.worlds.get(item.name);
    if (prev) {
      throw new WitError(
        `duplicate ${item.kind} \`${item.name}\` in package \`${pkgId(pkg)}\` (already defined at ${fmtLoc(prev.loc)})`,
        item.loc,
      );
    }
    item.pkg = pkg;
    if (item.kind === 'interface') {
      item.id = `${pkg.name}/${item.name}${pkg.version ? `@${pkg.version}` : ''}`;
      pkg.interfaces.set(item.name, item);
    } else {
      pkg.worlds.set(item.name, item);
      // Inline interfaces inherit the world's package and file for name lookup.
      for (const it of item.items)
        if (it.k === 'inline') {
          it.iface.pkg = pkg;
          it.iface.file = item.file;
        }
    }
  }

  private findPackage(path: UsePath): PackageAst {
    const want = path.pkg!;
    if (path.version) {
      const p = this.packages.get(`${want}@${path.version}`);
      if (p) return p;
    } else {
      const p = this.packages.get(want);
      if (p) return p;
      // An unversioned reference picks the only version available.
      const versions = [...this.packages.values()].filter((q) => q.name === want);
      if (versions.length === 1) return versions[0]!;
    }
    const available = [...this.packages.values()].filter((q) => q.name === want).map(pkgId);
    const id = path.version ? `${want}@${path.version}` : want;
    throw new WitError(
      available.length
        ? `package \`${id}\` not found (available: ${available.join(', ')})`
        : `unknown package \`${id}\`${this.packages.size ? ` (known packages: ${[...this.packages.keys()].join(', ')})` : ''}`,
      path.loc,
    );
  }

  /** Resolves an interface reference made from inside `from`. */
  private findInterface(from: Scope, path: UsePath, seen = new Set<string>()): InterfaceAst {
    if (path.local !== undefined) {
      const alias = from.file.aliases.get(path.local);
      if (alias && !seen.has(path.local)) {
        seen.add(path.local);
        return this.findInterface(from, alias, seen);
      }
      const i = from.pkg.interfaces.get(path.local);
      if (i) return i;
      throw new WitError(`unknown interface \`${path.local}\` in package \`${pkgId(from.pkg)}\``, path.loc);
    }
    const pkg = this.findPackage(path);
    const i = pkg.interfaces.get(path.iface!);
    if (!i) {
      const names = [...pkg.interfaces.keys()];
      throw new WitError(
        `interface \`${path.iface}\` not found in package \`${pkgId(pkg)}\`${names.length ? ` (it has: ${names.join(', ')})` : ''}`,
        path.loc,
      );
    }
    return i;
  }

  private findWorld(from: Scope, path: UsePath): WorldAst {
    if (path.local !== undefined) {
      const w = from.pkg.worlds.get(path.local);
      if (!w) throw new WitError(`unknown world \`${path.local}\` in package \`${pkgId(from.pkg)}\``, path.loc);
      return w;
    }
    const pkg = this.findPackage(path);
    const w = pkg.worlds.get(path.iface!);
    if (!w) throw new WitError(`world \`${path.iface}\` not found in package \`${pkgId(pkg)}\``, path.loc);
    return w;
  }

  /** Finds the definition of a type name visible in a scope, following `use`s. */
  private lookupType(scope: Scope, name: string, loc: Loc, chain = new Set<string>()): { scope: Scope; name: string; def: TypeDefAst } {
    const local = scope.types.get(name);
    if (local) return { scope, name, def: local.def };
    const used = scope.uses.get(name);
    if (used) {
      const key = `${scope.pkg.name}/${scope.name}#${name}`;
      if (chain.has(key)) throw new WitError(`\`use\` of \`${name}\` refers back to itself`, used.loc);
      chain.add(key);
      const target = this.findInterface(scope, used.path);
      if (!target.types.has(used.name) && !target.uses.has(used.name)) {
        throw new WitError(`type \`${used.name}\` is not defined in interface \`${target.id}\``, used.loc);
      }
      return this.lookupType(target, used.name, used.loc, chain);
    }
    throw new WitError(`unknown type \`${name}\``, loc);
  }

  private validateScope(scope: Scope): void {
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

  private validateWorld(w: WorldAst): void {
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

  private funcType(scope: Scope, f: FuncAst, validateOnly: boolean): WitFunction {
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
  private resolve(scope: Scope, t: TypeAst, validateOnly: boolean, stack: Set<string>): WitType {
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

  private followAlias(found: { scope: Scope; name: string; def: TypeDefAst }, loc: Loc): { scope: Scope; name: string; def: TypeDefAst } {
    const seen = new Set<TypeDefAst>();
    while (found.def.d === 'alias' && found.def.target.t === 'named') {
      if (seen.has(found.def)) throw new WitError(`type \`${found.name}\` refers to itself`, loc);
      seen.add(found.def);
      found = this.lookupType(found.scope, found.def.target.name, found.def.target.loc);
    }
    return found;
  }

  private resolveDef(scope: Scope, def: TypeDefAst, name: string, validateOnly: boolean, stack: Set<string>): WitType {
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

  private pickWorld(worldName?: string): WorldAst {
    const names = [...this.main.worlds.keys()];
    if (worldName === undefined || worldName === '') {
      if (names.length === 1) return this.main.worlds.get(names[0]!)!;
      throw new WitError(
        names.length === 0
          ? `package \`${pkgId(this.main)}\` defines no world`
          : `package \`${pkgId(this.main)}\` defines ${names.length} worlds (${names.join(', ')}); say which one to use`,
        this.main.loc,
      );
    }
    // Accept `world`, `ns:pkg/world` and `ns:pkg/world@ver`.
    const m = /^([^/]+)\/([^@]+)(?:@(.+))?$/.exec(worldName);
    if (m) {
      const pkg = this.findPackage({ loc: this.main.loc, pkg: m[1], iface: m[2], version: m[3] });
      const w = pkg.worlds.get(m[2]!);
      if (w) return w;
      throw new WitError(
        `world \`${m[2]}\` not found in package \`${pkgId(pkg)}\`${pkg.worlds.size ? ` (it has: ${[...pkg.worlds.keys()].join(', ')})` : ''}`,
        pkg.loc,
      );
    }
    const w = this.main.worlds.get(worldName);
    if (w) return w;
    throw new WitError(
      `unknown world \`${worldName}\` in package \`${pkgId(this.main)}\`${names.length ? ` (it has: ${names.join(', ')})` : ''}`,
      this.main.loc,
    );
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
