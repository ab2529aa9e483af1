// The starting value of a form field for a WIT type, in the JSON value mapping.

import { isPrimitive, type WitType } from '@/lib/wit/types';
import type { JsonValue } from '@/lib/values/json-value';

export function defaultValue(t: WitType): JsonValue {
  if (isPrimitive(t)) return t.kind === 'bool' ? false : t.kind === 'char' ? 'a' : t.kind === 'string' ? '' : 0;
  switch (t.kind) {
    case 'list':
      return [];
    case 'tuple':
      return t.items.map(defaultValue);
    case 'option':
      return null;
    case 'result':
      return t.ok ? { ok: defaultValue(t.ok) } : t.err ? { ok: null } : { ok: null };
    case 'record':
      return Object.fromEntries(t.fields.map((f) => [f.name, defaultValue(f.type)]));
    case 'variant': {
      const c = t.cases[0];
      return c ? { [c.name]: c.type ? defaultValue(c.type) : null } : null;
    }
    case 'enum':
      return t.cases[0] ?? '';
    case 'flags':
      return [];
    case 'resource':
      return null;
  }
}
