// Calling a guest export with JSON arguments and getting a JSON result,
// through jco's JavaScript value conventions.

import type { JsonValue } from '../../values/json-value';
import { jcoToJson, jsonToJco } from '../../values/json';
import { lowerCamel as camel } from '../../values/scalars';
import { findFunction } from '../../components/functions';
import type { WitFunction } from '../../wit/types';

interface Bound {
  fn: (...a: unknown[]) => unknown;
  f: WitFunction;
}

// Resolved once per instance and name: replay calls the same few exports
// thousands of times. Per instance: a thread runs one worker after another.
const boundBy = new WeakMap<object, Map<string, Bound>>();

function bind(instance: Record<string, unknown>, exports: WitFunction[], name: string): Bound {
  let bound = boundBy.get(instance);
  if (!bound) {
    bound = new Map();
    boundBy.set(instance, bound);
  }
  let b = bound.get(name);
  if (b) return b;
  const f = findFunction(exports, name);
  if (!f) throw new Error(`no exported function ${name}`);
  const target = f.interface
    ? ((instance[f.interface] ??
        instance[f.interface.replace(/@.*$/, '')] ??
        instance[camel(f.interface.replace(/^.*\//, '').replace(/@.*$/, ''))]) as Record<string, unknown> | undefined)
    : instance;
  const fn = target?.[camel(f.name)];
  if (typeof fn !== 'function') throw new Error(`the component has no export ${name}`);
  b = { fn: fn as Bound['fn'], f };
  bound.set(name, b);
  return b;
}

export function callExport(instance: Record<string, unknown>, exports: WitFunction[], name: string, args: JsonValue[]): JsonValue {
  const { fn, f } = bind(instance, exports, name);
  const jsArgs = f.params.map((p, i) => jsonToJco(p.type, args[i], `args[${i}]`));
  if (!f.result) {
    fn(...jsArgs);
    return null;
  }
  if (f.result.kind === 'result') {
    // jco returns ok's payload and throws an error carrying err's payload.
    try {
      return jcoToJson(f.result, { tag: 'ok', val: fn(...jsArgs) });
    } catch (e) {
      if (e && typeof e === 'object' && 'payload' in e)
        return jcoToJson(f.result, { tag: 'err', val: (e as { payload: unknown }).payload });
      throw e;
    }
  }
  return jcoToJson(f.result, fn(...jsArgs));
}

/** Calls an export with jco values, returning jco's value (ok's payload for a result; err throws). */
export function callExportRaw(instance: Record<string, unknown>, exports: WitFunction[], name: string, args: unknown[]): unknown {
  return bind(instance, exports, name).fn(...args);
}

/** The save/load snapshot exports, if the component has both (Golem's golem:api/save-snapshot, load-snapshot). */
export function snapshotExports(exports: WitFunction[]): { save: string; load: string; loadFunction: WitFunction } | undefined {
  const save = exports.find((f) => f.interface?.replace(/@.*$/, '') === 'golem:api/save-snapshot' && f.name === 'save');
  const load = exports.find((f) => f.interface?.replace(/@.*$/, '') === 'golem:api/load-snapshot' && f.name === 'load');
  return save && load ? { save: `${save.interface}.{save}`, load: `${load.interface}.{load}`, loadFunction: load } : undefined;
}
