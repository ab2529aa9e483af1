'use client';
// An export's parameters as form fields (name, WIT type, value), and the
// local check run before sending: the invoke panel and the replay's evaluate
// use the same ones.

import type { JsonValue } from '@/lib/values/json-value';
import { jsonToJco } from '@/lib/values/json';
import { printType } from '@/lib/wit/print';
import type { WitFunction } from '@/lib/wit/types';
import { errorMessage } from '../api';
import { defaultValue } from './defaults';
import { ValueForm } from './ValueForm';

/** Why `args` do not fit `fn`'s parameters (naming the parameter and the path inside it), or null. */
export function argsError(fn: WitFunction, args: readonly JsonValue[]): string | null {
  for (const [i, p] of fn.params.entries()) {
    if (i >= args.length) return `missing argument ${p.name}`;
    try {
      jsonToJco(p.type, args[i], p.name);
    } catch (e) {
      return errorMessage(e);
    }
  }
  return null;
}

export function ParamFields({
  fn,
  args,
  pathPrefix = '',
  onArg,
  className,
  testId,
}: {
  fn: WitFunction;
  args: readonly JsonValue[];
  /** Prefix of the fields' test paths (`eval-` in the replay). */
  pathPrefix?: string;
  onArg: (i: number, v: JsonValue) => void;
  className: string;
  testId?: string;
}) {
  return (
    <div className={className} data-testid={testId}>
      {fn.params.map((p, i) => (
        <div key={p.name}>
          <div className="mb-1 flex items-baseline gap-2 text-xs">
            <span className="font-mono font-medium text-zinc-700 dark:text-zinc-200">{p.name}</span>
            <span className="font-mono text-zinc-400">{printType(p.type)}</span>
          </div>
          <ValueForm type={p.type} value={args[i] ?? defaultValue(p.type)} path={`${pathPrefix}${p.name}`} onChange={(v) => onArg(i, v)} />
        </div>
      ))}
    </div>
  );
}
