// The engine's model of WIT types: what export signatures are made of.
// Every consumer (JSON/WAVE value mapping, the UI's generated forms, the oplog
// payloads) works on this one model, whether it came from WIT source or from
// a component binary.

export type PrimitiveKind = 'bool' | 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64' | 'f32' | 'f64' | 'char' | 'string';

export interface Field {
  name: string;
  type: WitType;
}
export interface Case {
  name: string;
  type?: WitType;
}

export type WitType =
  | { kind: PrimitiveKind; name?: string }
  | { kind: 'list'; element: WitType; name?: string }
  | { kind: 'tuple'; items: WitType[]; name?: string }
  | { kind: 'option'; inner: WitType; name?: string }
  | { kind: 'result'; ok?: WitType; err?: WitType; name?: string }
  | { kind: 'record'; fields: Field[]; name?: string }
  | { kind: 'variant'; cases: Case[]; name?: string }
  | { kind: 'enum'; cases: string[]; name?: string }
  | { kind: 'flags'; flags: string[]; name?: string }
  | { kind: 'resource'; handle: 'own' | 'borrow'; name: string };

export interface Param {
  name: string;
  type: WitType;
}

/** One exported function, fully resolved (no type references left). */
export interface WitFunction {
  /** Interface the function belongs to, e.g. `demo:counter/api`; undefined for a world-level export. */
  interface?: string;
  /** Function name as written in WIT (kebab-case). */
  name: string;
  params: Param[];
  result?: WitType;
}

/** Canonical invocation name, Golem style: `ns:pkg/iface.{fn}` or `fn` for world-level exports. */
export function qualifiedName(f: Pick<WitFunction, 'interface' | 'name'>): string {
  return f.interface ? `${f.interface}.{${f.name}}` : f.name;
}

export const PRIMITIVES: readonly PrimitiveKind[] = [
  'bool',
  's8',
  'u8',
  's16',
  'u16',
  's32',
  'u32',
  's64',
  'u64',
  'f32',
  'f64',
  'char',
  'string',
];

/** A type that holds one scalar, with no type nested in it. */
export type PrimitiveType = Extract<WitType, { kind: PrimitiveKind }>;
const PRIMITIVE_KINDS: ReadonlySet<string> = new Set(PRIMITIVES);
export function isPrimitive(t: WitType): t is PrimitiveType {
  return PRIMITIVE_KINDS.has(t.kind);
}
