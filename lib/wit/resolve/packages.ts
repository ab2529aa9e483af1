// The set of parsed packages and name lookup across them: packages, interfaces, worlds and types,
// following `use` and top-level aliases.

import {
  WitError,
  fmtLoc,
  pkgId,
  type InterfaceAst,
  type Loc,
  type PackageAst,
  type Scope,
  type TypeDefAst,
  type UsePath,
  type WorldAst,
} from '../syntax/ast';
import type { ParsedFile } from '../syntax/parser';

export class PackageSet {
  /** Every package, keyed by `ns:name` or `ns:name@version`. */
  protected readonly packages = new Map<string, PackageAst>();
  protected readonly main: PackageAst;

  constructor(parsed: ParsedFile[]) {
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
  }

  protected package(h: { name: string; version?: string; loc: Loc }): PackageAst {
    const id = pkgId(h);
    let p = this.packages.get(id);
    if (!p) {
      p = { name: h.name, version: h.version, loc: h.loc, interfaces: new Map(), worlds: new Map() };
      this.packages.set(id, p);
    }
    return p;
  }

  protected add(pkg: PackageAst, item: InterfaceAst | WorldAst): void {
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

  protected findPackage(path: UsePath): PackageAst {
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
  protected findInterface(from: Scope, path: UsePath, seen = new Set<string>()): InterfaceAst {
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

  protected findWorld(from: Scope, path: UsePath): WorldAst {
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
  protected lookupType(scope: Scope, name: string, loc: Loc, chain = new Set<string>()): { scope: Scope; name: string; def: TypeDefAst } {
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

  protected pickWorld(worldName?: string): WorldAst {
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
