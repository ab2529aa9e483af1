// The decoder's internal model: value types as decoded (a superset of WitType), index-space items,
// one scope's index spaces, and the limits that keep hostile input cheap.

import type { PrimitiveKind } from '../types';
import type { Reader } from './reader';

export interface ResourceT {
  id: number;
  name?: string;
}

/** Value types as decoded; a superset of WitType that can also hold types the engine can't represent. */
export type IType =
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

export interface FuncT {
  params: { name: string; type: IType }[];
  result?: IType;
}

export type Exports = Map<string, Item>;

export interface ComponentTypeT {
  imports: Exports;
  exports: Exports;
}

/** A component in the component index space: a definition to evaluate, or just a type. */
export type ComponentRef = { kind: 'def'; start: number; end: number; parent: Scope } | { kind: 'type'; type: ComponentTypeT };

export type TypeEntry =
  | { k: 'value'; t: IType }
  | { k: 'resource'; res: ResourceT }
  | { k: 'func'; f: FuncT }
  | { k: 'instance'; exports: Exports }
  | { k: 'component'; type: ComponentTypeT };

export type Item =
  | { sort: 'func'; f: FuncT }
  | { sort: 'type'; t: TypeEntry }
  | { sort: 'instance'; exports: Exports }
  | { sort: 'component'; c: ComponentRef }
  | { sort: 'other' };

export const SORT_CORE = 0x00,
  SORT_FUNC = 0x01,
  SORT_VALUE = 0x02,
  SORT_TYPE = 0x03,
  SORT_COMPONENT = 0x04,
  SORT_INSTANCE = 0x05;

/** The sorts that have an index space here, by id: the sort their items carry (any other sort is 'other'). */
export const ITEM_SORTS: Readonly<Record<number, Item['sort']>> = {
  [SORT_FUNC]: 'func',
  [SORT_TYPE]: 'type',
  [SORT_INSTANCE]: 'instance',
  [SORT_COMPONENT]: 'component',
};

export interface Sort {
  id: number;
  core?: number;
}

/** One scope's index spaces: a component definition, a component type or an instance type. */
export class Scope {
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

export interface NameAttrs {
  name: string;
  versionSuffix?: string;
}

export const PRIMS: Record<number, PrimitiveKind> = {
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

export const SUPPORTED_VERSION = 0x0d;
/** In units of ~16 bytes of parsed (non-core) section contents. */
export const WORK_LIMIT = 1_000_000;
/** Max number of type nodes produced per exported function (types are DAGs and could blow up when expanded). */
export const TYPE_NODE_LIMIT = 100_000;
/** Max number of type nodes produced in total. */
export const TOTAL_TYPE_NODE_LIMIT = 2_000_000;
