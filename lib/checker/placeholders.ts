// The placeholders of a check's script and environment, filled in one place
// for both: `{origin}` is this server's origin (where the demo services are),
// `{worker}` the run's own throwaway worker (each run has its own).

import type { JsonValue } from '../values/json-value';

export const ORIGIN_PLACEHOLDER = '{origin}';
export const WORKER_PLACEHOLDER = '{worker}';

export interface Placeholders {
  origin?: string;
  worker?: string;
}

function fillText(text: string, p: Placeholders): string {
  let out = text;
  if (p.origin !== undefined) out = out.replaceAll(ORIGIN_PLACEHOLDER, p.origin);
  if (p.worker !== undefined) out = out.replaceAll(WORKER_PLACEHOLDER, p.worker);
  return out;
}

/** Every string in a value (arguments: lists, records, variants) with the placeholders filled. */
export function fill(v: JsonValue, p: Placeholders): JsonValue {
  if (typeof v === 'string') return fillText(v, p);
  if (Array.isArray(v)) return v.map((x) => fill(x, p));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, p)]));
  return v;
}

export function fillArgs(args: JsonValue[] | undefined, p: Placeholders): JsonValue[] | undefined {
  return args?.map((a) => fill(a, p));
}

export function fillEnv(env: Record<string, string> | undefined, p: Placeholders): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, fillText(v, p)]));
}
