// A JavaScript guest must export what its world exports, under the names
// componentize-qjs looks for: an exported interface `ns:pkg/shopping-cart@1.0`
// as the object `shoppingCart`, its function `add-item` as that object's member
// `addItem`, a world-level function `do-it` as `doIt`. componentize-qjs builds
// without them and the first call traps, so the build checks them first. ES
// module export names are static; an object's members are checked when the
// export is a `const` bound to an object literal that nothing else in the module
// names (componentize-qjs looks members up at each call, so `api.f = ...` or
// `Object.assign(api, ...)` later counts), and left alone when they cannot be
// known without running the module (computed, spread, a call, `export * from`).

import { parse, type Node } from 'acorn';
import { UserError } from './errors';
import type { WitFunction } from '../wit/types';
// componentize-qjs names exports and members as jco does (heck's lowerCamelCase: `get-URL` → `getUrl`).
import { lowerCamel } from '../values/scalars';

/** The JavaScript export name of an exported interface: `ns:pkg/my-api@1.0.0` → `myApi`. */
export function interfaceJsName(iface: string): string {
  return lowerCamel(iface.replace(/@.*$/, '').replace(/^.*\//, ''));
}

interface Loc {
  line: number;
  column: number;
}

/** What a module's export is bound to, as far as it can be known without running it. */
interface Exported {
  loc: Loc;
  /** Member names when the value is an object literal with only plain keys; undefined when unknown. */
  members?: Set<string>;
}

interface AstNode extends Node {
  [key: string]: unknown;
}

/** Exported names of a module and, for object literals, their members; undefined when the names are not all static. */
function moduleExports(source: string): Map<string, Exported> | undefined {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as unknown as { body: AstNode[] };
  const locOf = (n: Node): Loc => ({ line: n.loc!.start.line, column: n.loc!.start.column + 1 });
  const uses = otherUses(program as unknown as AstNode);
  /** Whether the module names `x` anywhere else (it may add members to it, or replace it). */
  const named = (x: string) => (uses.get(x) ?? 0) > 0;
  // Top-level `const x = { ... }`, for exports that name a binding.
  const consts = new Map<string, AstNode>();
  const declare = (decl: AstNode | null | undefined, out?: Map<string, Exported>) => {
    if (!decl) return;
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations as AstNode[]) {
        const id = d.id as AstNode;
        if (id.type !== 'Identifier') continue; // destructuring: its names are not checked
        const init = decl.kind === 'const' ? (d.init as AstNode | null) : null; // a `let` or `var` may be replaced
        if (init) consts.set(id.name as string, init);
        out?.set(id.name as string, { loc: locOf(d), members: init && !named(id.name as string) ? membersOf(init) : undefined });
      }
    } else if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
      out?.set((decl.id as AstNode).name as string, { loc: locOf(decl) });
    }
  };
  const out = new Map<string, Exported>();
  const exportedBindings: [string, string, Loc][] = [];
  for (const st of program.body) {
    if (st.type === 'ExportAllDeclaration') return undefined; // names come from another module
    if (st.type === 'ExportNamedDeclaration') {
      if (st.declaration) declare(st.declaration as AstNode, out);
      for (const s of (st.specifiers as AstNode[]) ?? []) {
        const exported = s.exported as AstNode;
        const local = s.local as AstNode;
        const name = (exported.name ?? exported.value) as string;
        if (st.source)
          out.set(name, { loc: locOf(s) }); // re-exported from another module: members unknown
        else exportedBindings.push([name, local.name as string, locOf(s)]);
      }
    } else declare(st);
  }
  for (const [name, local, loc] of exportedBindings) {
    const init = consts.get(local);
    out.set(name, { loc, members: init && !named(local) ? membersOf(init) : undefined });
  }
  return out;
}

/** Each identifier's uses in the module beyond its declaration and its export specifier. */
function otherUses(program: AstNode): Map<string, number> {
  const uses = new Map<string, number>();
  const visit = (n: unknown, skip: boolean): void => {
    if (Array.isArray(n)) return n.forEach((c) => visit(c, false));
    if (!n || typeof n !== 'object' || typeof (n as AstNode).type !== 'string') return;
    const node = n as AstNode;
    if (node.type === 'Identifier' && !skip) uses.set(node.name as string, (uses.get(node.name as string) ?? 0) + 1);
    if (node.type === 'ExportSpecifier') return; // `export { api }` names it without using it
    for (const [k, v] of Object.entries(node)) {
      if (k === 'loc') continue;
      // A declarator's own name and a non-computed member or property key are not uses of a binding.
      const own =
        (node.type === 'VariableDeclarator' && k === 'id') ||
        ((node.type === 'MemberExpression' || node.type === 'Property' || node.type === 'MethodDefinition') &&
          k === (node.type === 'MemberExpression' ? 'property' : 'key') &&
          !node.computed);
      visit(v, own);
    }
  };
  visit(program, false);
  return uses;
}

/** Keys of an object literal whose keys are all plain names or strings; undefined otherwise. */
function membersOf(init: AstNode): Set<string> | undefined {
  if (init.type !== 'ObjectExpression') return undefined;
  const keys = new Set<string>();
  for (const p of init.properties as AstNode[]) {
    if (p.type !== 'Property' || p.computed) return undefined; // a spread or a computed key: members unknown
    const key = p.key as AstNode;
    if (key.type === 'Identifier') keys.add(key.name as string);
    else if (key.type === 'Literal') keys.add(String(key.value));
    else return undefined;
  }
  return keys;
}

/** Where the world's `export <iface>` stands in the WIT, for an editor marker; undefined when not found. */
function witExportLoc(wit: string, iface: string): Loc | undefined {
  const bare = iface.replace(/@.*$/, '');
  const short = bare.replace(/^.*\//, '');
  const lines = wit.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)export\s+([^\s;:]+)/.exec(lines[i]!);
    if (m && [bare, short].includes(m[2]!.replace(/@.*$/, ''))) return { line: i + 1, column: m[1]!.length + 1 };
  }
  return undefined;
}

/**
 * Throws a 400 naming every export of the world the JavaScript source lacks.
 * A source that does not parse is left to the build, whose error has its place.
 */
export function checkJsExports(source: string, wit: string, exports: readonly WitFunction[]): void {
  let have: Map<string, Exported> | undefined;
  try {
    have = moduleExports(source);
  } catch {
    return;
  }
  if (!have) return;
  const missing: string[] = [];
  let where: UserError['location'];
  const mark = (loc: Loc | undefined, file: 'js' | 'wit') => {
    if (!where && loc) where = { file, ...loc };
  };
  for (const f of exports) {
    if (!f.interface) {
      if (!have.has(lowerCamel(f.name))) {
        missing.push(`function \`${lowerCamel(f.name)}\` (WIT \`${f.name}\`)`);
        mark(witExportLoc(wit, f.name), 'wit');
      }
      continue;
    }
    const obj = interfaceJsName(f.interface);
    const found = have.get(obj);
    if (!found) {
      if (!missing.some((m) => m.startsWith(`\`${obj}\` `)))
        missing.push(`\`${obj}\` (the object implementing WIT interface \`${f.interface}\`)`);
      mark(witExportLoc(wit, f.interface), 'wit');
    } else if (found.members && !found.members.has(lowerCamel(f.name))) {
      missing.push(`\`${obj}.${lowerCamel(f.name)}\` (WIT \`${f.interface}.{${f.name}}\`)`);
      mark(found.loc, 'js');
    }
  }
  if (missing.length === 0) return;
  throw new UserError(`the JavaScript source does not export what the world exports: ${missing.join(', ')}`, 400, where);
}
