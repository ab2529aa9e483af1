// The syntax tree the WIT parser builds and the resolver reads, and the error both throw.

import type { PrimitiveKind } from '../types';

export interface Loc {
  path: string;
  line: number;
  column: number;
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

export type TypeAst =
  | { t: 'prim'; kind: PrimitiveKind }
  | { t: 'list'; element: TypeAst }
  | { t: 'option'; inner: TypeAst }
  | { t: 'result'; ok?: TypeAst; err?: TypeAst }
  | { t: 'tuple'; items: TypeAst[] }
  | { t: 'handle'; handle: 'own' | 'borrow'; name: string; loc: Loc }
  | { t: 'named'; name: string; loc: Loc }
  | { t: 'async'; what: 'future' | 'stream' | 'error-context'; inner?: TypeAst; loc: Loc };

export type TypeDefAst =
  | { d: 'alias'; target: TypeAst }
  | { d: 'record'; fields: { name: string; type: TypeAst; loc: Loc }[] }
  | { d: 'variant'; cases: { name: string; type?: TypeAst; loc: Loc }[] }
  | { d: 'enum'; cases: string[] }
  | { d: 'flags'; flags: string[] }
  | { d: 'resource'; funcs: FuncAst[] };

export interface FuncAst {
  name: string;
  loc: Loc;
  params: { name: string; type: TypeAst; loc: Loc }[];
  result?: TypeAst;
}

export interface UsePath {
  loc: Loc;
  local?: string;
  pkg?: string;
  version?: string;
  iface?: string;
}

export interface UseAst {
  path: UsePath;
  names: { name: string; as: string; loc: Loc }[];
}

/** Anything that holds types: an interface or a world. */
export interface Scope {
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

export interface InterfaceAst extends Scope {
  kind: 'interface';
  /** Fully qualified id, or the plain name for an inline world interface. */ id: string;
}

export type WorldItem =
  | { k: 'iface'; dir: 'import' | 'export'; path: UsePath }
  | { k: 'func'; dir: 'import' | 'export'; name: string; func: FuncAst; loc: Loc }
  | { k: 'inline'; dir: 'import' | 'export'; name: string; iface: InterfaceAst; loc: Loc };

export interface WorldAst extends Scope {
  kind: 'world';
  items: WorldItem[];
  includes: Include[];
  /** Items and includes in source order, so imports come out in the order written. */
  seq: (WorldItem | Include)[];
}

export interface Include {
  k: 'include';
  path: UsePath;
  with: Map<string, string>;
}

export interface FileScope {
  path: string;
  aliases: Map<string, UsePath>;
}

export interface PackageAst {
  name: string; // ns:name
  version?: string;
  loc: Loc;
  interfaces: Map<string, InterfaceAst>;
  worlds: Map<string, WorldAst>;
}

export const pkgId = (p: { name: string; version?: string }) => (p.version ? `${p.name}@${p.version}` : p.name);

export const PRIMS: Record<string, PrimitiveKind> = {
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

export const fmtLoc = (l: Loc) => `${l.path}:${l.line}:${l.column}`;
