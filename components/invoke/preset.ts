'use client';
// An invocation the worker page's form opens on, carried in the URL
// (`?invoke=<function>&args=<JSON array>`): "Try" sends a newcomer to the next
// sensible call instead of the one that already ran.

import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import type { JsonValue } from '@/lib/values/json-value';
import { qualifiedName, type WitFunction } from '@/lib/wit/types';
import { argsError } from './ParamFields';

export interface InvokePreset {
  fn: WitFunction;
  args: JsonValue[];
}

export function invokeQuery(call: { function: string; args: unknown[] }): string {
  return `?${new URLSearchParams({ invoke: call.function, args: JSON.stringify(call.args) })}`;
}

/** The preset in the URL when it names an export and its arguments fit; otherwise none (the form opens as usual). */
export function useInvokePreset(exports: WitFunction[]): InvokePreset | undefined {
  const params = useSearchParams();
  const name = params.get('invoke');
  const rawArgs = params.get('args');
  return useMemo(() => {
    if (!name) return undefined;
    const fn = exports.find((f) => qualifiedName(f) === name);
    if (!fn) return undefined;
    let args: JsonValue[];
    try {
      args = rawArgs ? (JSON.parse(rawArgs) as JsonValue[]) : [];
    } catch {
      return undefined;
    }
    if (!Array.isArray(args) || argsError(fn, args)) return undefined;
    return { fn, args };
  }, [exports, name, rawArgs]);
}
