// WIT-syntax rendering of resolved types, for signatures shown to people.

import type { WitFunction, WitType } from './types';

/** Prints a type in WIT syntax, preferring the declared type name when there is one. */
export function printType(t: WitType): string {
  if (t.name && t.kind !== 'resource') return t.name;
  switch (t.kind) {
    case 'list':
      return `list<${printType(t.element)}>`;
    case 'option':
      return `option<${printType(t.inner)}>`;
    case 'tuple':
      return `tuple<${t.items.map(printType).join(', ')}>`;
    case 'result':
      if (!t.ok && !t.err) return 'result';
      if (!t.err) return `result<${printType(t.ok!)}>`;
      return `result<${t.ok ? printType(t.ok) : '_'}, ${printType(t.err)}>`;
    case 'resource':
      return t.handle === 'borrow' ? `borrow<${t.name}>` : t.name;
    // Anonymous structural types cannot be written inline in WIT; show their shape instead.
    case 'record':
      return `record { ${t.fields.map((f) => `${f.name}: ${printType(f.type)}`).join(', ')} }`;
    case 'variant':
      return `variant { ${t.cases.map((c) => (c.type ? `${c.name}(${printType(c.type)})` : c.name)).join(', ')} }`;
    case 'enum':
      return `enum { ${t.cases.join(', ')} }`;
    case 'flags':
      return `flags { ${t.flags.join(', ')} }`;
    default:
      return t.kind;
  }
}

/** `name: func(a: T) -> R` */
export function printFunction(f: Pick<WitFunction, 'name' | 'params' | 'result'>): string {
  const params = f.params.map((p) => `${p.name}: ${printType(p.type)}`).join(', ');
  return `${f.name}: func(${params})${f.result ? ` -> ${printType(f.result)}` : ''}`;
}
