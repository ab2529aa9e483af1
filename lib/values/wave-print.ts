// The JSON mapping of a value -> WAVE text.

import type { WitType } from '../wit/types';
import type { JsonValue } from './json-value';
import { ValueError } from './errors';
import { isNestedOption, jsonToJco, jsonInt } from './json';
import { isIntKind, shortestF32, typeLabel } from './scalars';

/** Labels WAVE reserves; cases/fields spelled like these are written `%name`. */
const KEYWORDS = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);

const label = (name: string) => (KEYWORDS.has(name) ? `%${name}` : name);

function quote(s: string, q: '"' | "'"): string {
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + q;
}

function printFloat(kind: 'f32' | 'f64', v: JsonValue): string {
  if (v === 'NaN') return 'nan';
  if (v === 'Infinity') return 'inf';
  if (v === '-Infinity') return '-inf';
  const n = v as number;
  return String(kind === 'f32' ? shortestF32(Math.fround(n)) : n);
}

/** Renders a JSON-mapped value as WAVE text. Throws ValueError if the value doesn't fit the type. */
export function printWave(type: WitType, json: JsonValue): string {
  jsonToJco(type, json); // validation only: the printer below trusts the shape
  return print(type, json);
}

function print(type: WitType, v: JsonValue | undefined): string {
  const k = type.kind;
  if (isIntKind(k)) return jsonInt(k, v, '').toString();
  switch (type.kind) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'f32':
    case 'f64':
      return printFloat(type.kind, v as JsonValue);
    case 'char':
      return quote(v as string, "'");
    case 'string':
      return quote(v as string, '"');
    case 'list':
      return `[${(v as JsonValue[]).map((x) => print(type.element, x)).join(', ')}]`;
    case 'tuple':
      return `(${type.items.map((t, i) => print(t, (v as JsonValue[])[i] ?? null)).join(', ')})`;
    case 'record': {
      if (type.fields.length === 0) return '{:}';
      const o = v as { [k: string]: JsonValue };
      return `{${type.fields.map((f) => `${label(f.name)}: ${print(f.type, o[f.name] ?? null)}`).join(', ')}}`;
    }
    case 'variant': {
      const entry = typeof v === 'string' ? ([v, null] as const) : Object.entries(v as { [k: string]: JsonValue })[0];
      if (!entry) throw new Error('a variant value needs one case key');
      const [name, payload] = entry;
      const c = type.cases.find((x) => x.name === name)!;
      return c.type ? `${label(name)}(${print(c.type, payload)})` : label(name);
    }
    case 'enum':
      return label(v as string);
    case 'flags': {
      const set = new Set(v as string[]);
      return `{${type.flags
        .filter((f) => set.has(f))
        .map(label)
        .join(', ')}}`;
    }
    case 'option': {
      if (v === null || v === undefined) return 'none';
      const inner = isNestedOption(type) ? (v as { some: JsonValue }).some : v;
      return `some(${print(type.inner, inner)})`;
    }
    case 'result': {
      const entry = Object.entries(v as { [k: string]: JsonValue })[0];
      if (!entry) throw new Error('a result value needs an ok or err key');
      const [tag, payload] = entry;
      const t = tag === 'ok' ? type.ok : type.err;
      return t ? `${tag}(${print(t, payload)})` : tag;
    }
    case 'resource':
      throw new ValueError(`${typeLabel(type)} is a resource handle, which cannot be written as a value`);
  }
  throw new ValueError(`unsupported type ${(type as { kind: string }).kind}`);
}
