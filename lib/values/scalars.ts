// Shared checks and helpers for scalar WIT values, used by the JSON, jco and WAVE mappings.

import type { PrimitiveKind, WitType } from '../wit/types';

export type IntKind = 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64';

export const INT_RANGES: Record<IntKind, readonly [bigint, bigint]> = {
  s8: [-128n, 127n],
  u8: [0n, 255n],
  s16: [-32768n, 32767n],
  u16: [0n, 65535n],
  s32: [-2147483648n, 2147483647n],
  u32: [0n, 4294967295n],
  s64: [-9223372036854775808n, 9223372036854775807n],
  u64: [0n, 18446744073709551615n],
};

export function isIntKind(k: string): k is IntKind {
  return k in INT_RANGES;
}

export const is64 = (k: IntKind) => k === 's64' || k === 'u64';

/** `u32 (0..4294967295)`: what an error message promises. */
export function intExpectation(k: IntKind): string {
  const [lo, hi] = INT_RANGES[k];
  return `${k} (${lo}..${hi})`;
}

export const inRange = (k: IntKind, v: bigint) => v >= INT_RANGES[k][0] && v <= INT_RANGES[k][1];

/** 64-bit integers leave JSON as numbers when exact, otherwise as decimal strings. */
export function bigintToJson(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** A Unicode scalar value: exactly one code point and not a lone surrogate. */
export function isChar(s: string): boolean {
  const cps = [...s];
  if (cps.length !== 1) return false;
  const cp = s.codePointAt(0)!; // s is one code point (above)
  return !(cp >= 0xd800 && cp <= 0xdfff);
}

export const NOT_SCALAR_STRING =
  'expected string of Unicode scalar values, got one with a lone surrogate (\\uD800-\\uDFFF without its pair), which a WIT string cannot carry';

/** Well-formed UTF-16: no lone surrogate (a WIT string is a sequence of Unicode scalar values; a guest would see U+FFFD). */
export function isScalarString(s: string): boolean {
  // With the u flag a surrogate pair is one code point, so \p{Cs} matches only a lone half.
  return !/\p{Cs}/u.test(s);
}

/** Shortest decimal that reads back as the same f32, so 0.1f32 shows as 0.1 and not 0.10000000149011612. */
export function shortestF32(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  for (let p = 1; p <= 9; p++) {
    const c = Number(v.toPrecision(p));
    if (Math.fround(c) === v) return c;
  }
  return v;
}

/** Short human description of an unexpected input, for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** `item-id` → `itemId`, `HTTP-request` → `httpRequest`: jco's (heck's) lowerCamelCase. */
export function lowerCamel(name: string): string {
  return name
    .split('-')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/** What the type is called in messages: its WIT name if it has one, else its kind. */
export function typeLabel(t: WitType): string {
  if (t.kind === 'resource') return t.handle === 'borrow' ? `borrow<${t.name}>` : t.name;
  return t.name ? `${t.name} (${t.kind})` : t.kind;
}

export type FloatKind = Extract<PrimitiveKind, 'f32' | 'f64'>;
