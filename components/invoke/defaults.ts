// The starting value of a form field for a WIT type, in the JSON value mapping.

import type { WitType } from '@/lib/wit/types';
import type { JsonValue } from '@/lib/values/json-value';

export function defaultValue(t: WitType): JsonValue {
  switch (t.kind) {
    case 'bool':
      return false;
    case 's8':
    case 'u8':
    case 's16':
    case 'u16':
    case 's32':
    case 'u32':
    case 's64':
    case 'u64':
    case 'f32':
    case 'f64':
      return 0;
    case 'char':
      return 'a';
    case 'string':
      return '';
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
