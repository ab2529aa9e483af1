// Conversion of decoded types to the engine's WitType model, within a node budget.

import type { Case, Field, Param, WitFunction, WitType } from '../types';
import { type IType, type FuncT, TYPE_NODE_LIMIT } from './model';

export class UnsupportedType extends Error {}

export function toWit(t: IType, budget: { nodes: number }): WitType {
  if (++budget.nodes > TYPE_NODE_LIMIT) throw new UnsupportedType('an excessively large type');
  const toWit_ = (x: IType) => toWit(x, budget);
  const named = <T extends WitType>(w: T): T => (t.name !== undefined ? { ...w, name: t.name } : w);
  switch (t.kind) {
    case 'list':
      return named({ kind: 'list', element: toWit_(t.element) });
    case 'tuple':
      return named({ kind: 'tuple', items: t.items.map(toWit_) });
    case 'option':
      return named({ kind: 'option', inner: toWit_(t.inner) });
    case 'result': {
      const w: WitType = { kind: 'result' };
      if (t.ok) w.ok = toWit_(t.ok);
      if (t.err) w.err = toWit_(t.err);
      return named(w);
    }
    case 'record':
      return named({ kind: 'record', fields: t.fields.map((f): Field => ({ name: f.name, type: toWit_(f.type) })) });
    case 'variant':
      return named({
        kind: 'variant',
        cases: t.cases.map((c): Case => (c.type ? { name: c.name, type: toWit_(c.type) } : { name: c.name })),
      });
    case 'enum':
      return named({ kind: 'enum', cases: [...t.cases] });
    case 'flags':
      return named({ kind: 'flags', flags: [...t.flags] });
    case 'handle':
      return { kind: 'resource', handle: t.handle, name: t.res.name ?? `resource-${t.res.id}` };
    case 'unsupported':
      throw new UnsupportedType(t.what);
    default:
      return named({ kind: t.kind });
  }
}

export function toFunction(iface: string | undefined, name: string, f: FuncT, budget: { nodes: number }): WitFunction {
  const params = f.params.map((p): Param => ({ name: p.name, type: toWit(p.type, budget) }));
  const fn: WitFunction = iface === undefined ? { name, params } : { interface: iface, name, params };
  if (f.result) fn.result = toWit(f.result, budget);
  return fn;
}
