// The JSON value mapping of the HTTP API, and conversion to and from the
// JavaScript values jco's generated bindings take and return.
//
// JSON → jco validates everything (range, shape, names) so that a bad
// argument is rejected with a precise path before the guest runs.
// jco → JSON checks shapes too, so a surprising guest value is reported
// rather than silently stored in the oplog.
//
// JSON mapping (WIT → JSON):
//   bool → true/false; s8…u32 → number; s64/u64 → number when |v| ≤ 2^53-1,
//   else a decimal string (strings accepted on input); f32/f64 → number or
//   "NaN" / "Infinity" / "-Infinity"; char → 1-code-point string; string →
//   string; list, tuple → array; record → object keyed by WIT field names
//   (option fields may be omitted = none); variant → {"case": payload|null}
//   (payload-less cases also accepted as "case"); enum → "case"; flags →
//   array of set names; option → null | value, except option<option<T>>
//   whose outer some is {"some": v} (so some(none) = {"some": null});
//   result → {"ok": v|null} | {"err": e|null}; resources → not representable.

import type { WitType } from '../wit/types';
import type { JsonValue } from './json-value';
import { ValueError } from './errors';
import {
  bigintToJson,
  describe,
  intExpectation,
  inRange,
  is64,
  isChar,
  isIntKind,
  isScalarString,
  lowerCamel,
  NOT_SCALAR_STRING,
  shortestF32,
  typeLabel,
  type IntKind,
} from './scalars';

export type { JsonValue } from './json-value';
export { ValueError } from './errors';

const field = (path: string, name: string) => (path ? `${path}.${name}` : name);
const index = (path: string, i: number) => `${path}[${i}]`;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** Options of options can't use `null` for both levels; the outer one is then spelled `{"some": v}`. */
export const isNestedOption = (t: Extract<WitType, { kind: 'option' }>) => t.inner.kind === 'option';

// ------------------------------------------------------------ scalars

/** Reads an integer from JSON: a number, or for 64-bit kinds also a decimal string. */
export function jsonInt(kind: IntKind, v: unknown, path: string): bigint {
  let n: bigint | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (is64(kind) && !Number.isSafeInteger(v)) {
      throw new ValueError(
        `expected ${intExpectation(kind)}, got ${v}, which JSON numbers cannot hold exactly; pass it as a decimal string`,
        path,
      );
    }
    n = BigInt(v);
  } else if (typeof v === 'string' && is64(kind) && /^-?\d+$/.test(v.trim())) {
    n = BigInt(v.trim());
  }
  if (n === undefined || !inRange(kind, n)) {
    throw new ValueError(`expected ${intExpectation(kind)}, got ${describe(v)}`, path);
  }
  return n;
}

const FLOAT_WORDS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function jsonFloat(kind: 'f32' | 'f64', v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  const word = typeof v === 'string' ? FLOAT_WORDS[v] : undefined;
  if (word !== undefined) return word;
  throw new ValueError(`expected ${kind} (a number, or "NaN", "Infinity", "-Infinity"), got ${describe(v)}`, path);
}

export function floatToJson(kind: 'f32' | 'f64', v: number): JsonValue {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return kind === 'f32' ? shortestF32(v) : v;
}

// ------------------------------------------------------------ JSON → jco

/** Validates a JSON value against a WIT type and converts it to what jco's bindings expect. */
export function jsonToJco(type: WitType, json: unknown, path = ''): unknown {
  const k = type.kind;
  if (isIntKind(k)) {
    const n = jsonInt(k, json, path);
    return is64(k) ? n : Number(n);
  }
  switch (type.kind) {
    case 'bool':
      if (typeof json !== 'boolean') throw new ValueError(`expected bool (true or false), got ${describe(json)}`, path);
      return json;
    case 'f32':
    case 'f64':
      return jsonFloat(type.kind, json, path);
    case 'char':
      if (typeof json !== 'string' || !isChar(json))
        throw new ValueError(`expected char (a string of exactly one Unicode character), got ${describe(json)}`, path);
      return json;
    case 'string':
      if (typeof json !== 'string') throw new ValueError(`expected string, got ${describe(json)}`, path);
      if (!isScalarString(json)) throw new ValueError(NOT_SCALAR_STRING, path);
      return json;
    case 'list': {
      if (!Array.isArray(json)) throw new ValueError(`expected ${listLabel(type)} (a JSON array), got ${describe(json)}`, path);
      const items = json.map((v, i) => jsonToJco(type.element, v, index(path, i)));
      // jco hands list<u8> over as bytes; give it the same shape it gives us.
      return type.element.kind === 'u8' ? Uint8Array.from(items as number[]) : items;
    }
    case 'tuple': {
      if (!Array.isArray(json) || json.length !== type.items.length) {
        throw new ValueError(
          `expected a tuple of ${type.items.length} (a JSON array of ${type.items.length}), got ${describe(json)}`,
          path,
        );
      }
      return type.items.map((t, i) => jsonToJco(t, json[i], index(path, i)));
    }
    case 'record': {
      if (!isObject(json)) throw new ValueError(`expected ${recordLabel(type)} (a JSON object), got ${describe(json)}`, path);
      checkKeys(type, json, path);
      const out: Record<string, unknown> = {};
      for (const f of type.fields) {
        const v = json[f.name];
        if (v === undefined && f.type.kind !== 'option') throw new ValueError(`missing field "${f.name}"`, path);
        out[lowerCamel(f.name)] = jsonToJco(f.type, v === undefined ? null : v, field(path, f.name));
      }
      return out;
    }
    case 'variant': {
      const { name, payload } = variantCase(type, json, path);
      const c = type.cases.find((x) => x.name === name)!;
      if (!c.type) {
        if (payload !== null && payload !== undefined) throw new ValueError(`case "${name}" has no payload; use {"${name}": null}`, path);
        return { tag: name };
      }
      return { tag: name, val: jsonToJco(c.type, payload, field(path, name)) };
    }
    case 'enum':
      if (typeof json !== 'string' || !type.cases.includes(json)) {
        throw new ValueError(`expected one of ${type.cases.join(', ')}; got ${describe(json)}`, path);
      }
      return json;
    case 'flags': {
      if (!Array.isArray(json))
        throw new ValueError(`expected flags (an array of names from ${type.flags.join(', ')}), got ${describe(json)}`, path);
      const out: Record<string, boolean> = {};
      for (const f of type.flags) out[lowerCamel(f)] = false;
      json.forEach((v, i) => {
        if (typeof v !== 'string' || !type.flags.includes(v)) {
          throw new ValueError(`expected one of ${type.flags.join(', ')}; got ${describe(v)}`, index(path, i));
        }
        out[lowerCamel(v)] = true;
      });
      return out;
    }
    case 'option': {
      if (isNestedOption(type)) {
        if (json === null || json === undefined) return { tag: 'none' };
        if (!isObject(json) || !('some' in json) || Object.keys(json).length !== 1) {
          throw new ValueError(`expected ${printOpt(type)}: null for none or {"some": value}, got ${describe(json)}`, path);
        }
        return { tag: 'some', val: jsonToJco(type.inner, json.some, field(path, 'some')) };
      }
      if (json === null || json === undefined) return undefined;
      return jsonToJco(type.inner, json, path);
    }
    case 'result': {
      if (!isObject(json) || Object.keys(json).length !== 1 || !('ok' in json || 'err' in json)) {
        throw new ValueError(
          `expected a result: {"ok": ${type.ok ? 'value' : 'null'}} or {"err": ${type.err ? 'value' : 'null'}}, got ${describe(json)}`,
          path,
        );
      }
      const tag = 'ok' in json ? 'ok' : 'err';
      const t = tag === 'ok' ? type.ok : type.err;
      const payload = json[tag];
      if (!t) {
        if (payload !== null && payload !== undefined)
          throw new ValueError(`this result's ${tag} has no value; use {"${tag}": null}`, path);
        return { tag };
      }
      return { tag, val: jsonToJco(t, payload, field(path, tag)) };
    }
    case 'resource':
      throw new ValueError(`${typeLabel(type)} is a resource handle, which cannot be passed as a JSON value`, path);
  }
  throw new ValueError(`unsupported type ${(type as { kind: string }).kind}`, path);
}

const listLabel = (t: Extract<WitType, { kind: 'list' }>) => (t.name ? `${t.name} (a list)` : 'a list');
const recordLabel = (t: Extract<WitType, { kind: 'record' }>) => (t.name ? `record ${t.name}` : 'a record');
const printOpt = (t: Extract<WitType, { kind: 'option' }>) => (t.name ? t.name : 'option<option<…>>');

function checkKeys(type: Extract<WitType, { kind: 'record' }>, json: Record<string, unknown>, path: string): void {
  const names = type.fields.map((f) => f.name);
  for (const key of Object.keys(json)) {
    if (names.includes(key)) continue;
    // A common slip: using jco's camelCase spelling in the JSON API.
    const meant = type.fields.find((f) => lowerCamel(f.name) === key);
    throw new ValueError(
      meant
        ? `unknown field "${key}"; did you mean "${meant.name}"?`
        : `unknown field "${key}" (fields are: ${names.join(', ') || 'none'})`,
      path,
    );
  }
}

function variantCase(type: Extract<WitType, { kind: 'variant' }>, json: unknown, path: string): { name: string; payload: unknown } {
  const names = type.cases.map((c) => c.name);
  // A payload-less case may also be written as a bare string, like an enum.
  if (typeof json === 'string') {
    const c = type.cases.find((x) => x.name === json);
    if (c && !c.type) return { name: json, payload: null };
    if (c) throw new ValueError(`case "${json}" needs a payload: {"${json}": value}`, path);
    throw new ValueError(`expected one of ${names.join(', ')}; got ${describe(json)}`, path);
  }
  if (!isObject(json) || Object.keys(json).length !== 1) {
    throw new ValueError(`expected a variant: an object with one key, one of ${names.join(', ')}; got ${describe(json)}`, path);
  }
  const name = Object.keys(json)[0] ?? '';
  if (!names.includes(name)) throw new ValueError(`expected one of ${names.join(', ')}; got ${describe(name)}`, path);
  return { name, payload: json[name] };
}

// ------------------------------------------------------------ jco → JSON

/** Converts a value returned by jco's bindings (or a jco argument) into the JSON mapping. */
export function jcoToJson(type: WitType, value: unknown, path = ''): JsonValue {
  const k = type.kind;
  const bad = (what: string): never => {
    throw new ValueError(`expected ${what} from the component, got ${describe(value)}`, path);
  };
  if (isIntKind(k)) {
    let n: bigint | undefined;
    if (typeof value === 'bigint') n = value;
    else if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
    if (n === undefined || !inRange(k, n)) return bad(intExpectation(k));
    return is64(k) ? bigintToJson(n) : Number(n);
  }
  switch (type.kind) {
    case 'bool':
      return typeof value === 'boolean' ? value : bad('bool');
    case 'f32':
    case 'f64':
      return typeof value === 'number' ? floatToJson(type.kind, value) : bad(type.kind);
    case 'char':
      return typeof value === 'string' && isChar(value) ? value : bad('char');
    case 'string':
      return typeof value === 'string' ? value : bad('string');
    case 'list': {
      // jco returns numeric lists as typed arrays.
      const items: unknown[] | undefined = Array.isArray(value)
        ? value
        : ArrayBuffer.isView(value) && !(value instanceof DataView)
          ? Array.from(value as unknown as ArrayLike<unknown>)
          : undefined;
      if (!items) return bad('a list');
      return items.map((v, i) => jcoToJson(type.element, v, index(path, i)));
    }
    case 'tuple': {
      if (!Array.isArray(value) || value.length !== type.items.length) return bad(`a tuple of ${type.items.length}`);
      return type.items.map((t, i) => jcoToJson(t, value[i], index(path, i)));
    }
    case 'record': {
      if (!isObject(value)) return bad('a record object');
      const out: { [k: string]: JsonValue } = {};
      for (const f of type.fields) out[f.name] = jcoToJson(f.type, value[lowerCamel(f.name)], field(path, f.name));
      return out;
    }
    case 'variant': {
      if (!isObject(value) || typeof value.tag !== 'string') return bad('a variant {tag, val}');
      const c = type.cases.find((x) => x.name === value.tag);
      if (!c) return bad(`a variant with tag one of ${type.cases.map((x) => x.name).join(', ')}`);
      return { [c.name]: c.type ? jcoToJson(c.type, value.val, field(path, c.name)) : null };
    }
    case 'enum':
      return typeof value === 'string' && type.cases.includes(value) ? value : bad(`one of ${type.cases.join(', ')}`);
    case 'flags': {
      if (!isObject(value)) return bad('a flags object');
      return type.flags.filter((f) => value[lowerCamel(f)] === true);
    }
    case 'option': {
      if (isNestedOption(type)) {
        if (value === undefined || value === null) return null;
        if (!isObject(value) || (value.tag !== 'some' && value.tag !== 'none')) return bad('an option {tag: "some" | "none"}');
        return value.tag === 'none' ? null : { some: jcoToJson(type.inner, value.val, field(path, 'some')) };
      }
      if (value === undefined || value === null) return null;
      return jcoToJson(type.inner, value, path);
    }
    case 'result': {
      if (!isObject(value) || (value.tag !== 'ok' && value.tag !== 'err')) return bad('a result {tag: "ok" | "err", val}');
      const tag = value.tag;
      const t = tag === 'ok' ? type.ok : type.err;
      return { [tag]: t ? jcoToJson(t, value.val, field(path, tag)) : null };
    }
    case 'resource':
      throw new ValueError(`${typeLabel(type)} is a resource handle, which has no JSON representation`, path);
  }
  throw new ValueError(`unsupported type ${(type as { kind: string }).kind}`, path);
}
