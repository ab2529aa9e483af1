// Does what the guest actually did at a stop agree with the recorded entry?

import type { OplogEntry } from '@/lib/oplog/entry';

export type Verdict = { kind: 'match'; what: string } | { kind: 'mismatch'; what: string } | { kind: 'none' };

/** JSON with object keys sorted, so key order never makes two equal values differ. */
export function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === 'bigint') return x.toString();
      if (x && typeof x === 'object' && !Array.isArray(x)) {
        return Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      }
      return x;
    }) ?? 'undefined'
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export function verdict(entry: OplogEntry | undefined, actual: unknown): Verdict {
  if (!entry || actual === undefined || actual === null || typeof actual !== 'object') return { kind: 'none' };
  const a = actual as Record<string, unknown>;
  switch (entry.kind) {
    case 'imported-function-invoked': {
      if (a.functionName !== entry.functionName)
        return { kind: 'mismatch', what: `called ${String(a.functionName)}, recorded ${entry.functionName}` };
      if (!same(a.request, entry.request)) return { kind: 'mismatch', what: `${entry.functionName} was called with a different request` };
      return { kind: 'match', what: 'same host function, same request' };
    }
    case 'log': {
      if (a.stream !== entry.stream || a.message !== entry.message) return { kind: 'mismatch', what: 'the guest wrote something else' };
      return { kind: 'match', what: `same ${entry.stream} write` };
    }
    case 'exported-function-completed': {
      if (!('result' in a)) return { kind: 'none' };
      if (!same(a.result, entry.result)) return { kind: 'mismatch', what: 'the invocation returned a different result' };
      return { kind: 'match', what: 'same result' };
    }
    default:
      return { kind: 'none' };
  }
}
