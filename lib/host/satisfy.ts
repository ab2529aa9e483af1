// Whether this host can satisfy everything a component imports, function by
// function, checked against the very import object a worker is given (so it
// cannot drift from what runs). jco looks imports up by the names below.

import type { ImportedMembers } from '../wit/decode';
import type { HostContext } from './context';
import { hostImports } from './index';

/**
 * Packages whose versions differ in names and types (golem:api 1.1.7, 1.3.0,
 * 1.5.0): their imports keep the version in the import object's key. Others
 * (WASI 0.2.x) are looked up without it.
 */
const VERSIONED = /^golem:/;

/** The import object's key for an imported interface, e.g. `golem:api/host@1.3.0`, `wasi:cli/environment`. */
export function importKey(iface: string): string {
  return VERSIONED.test(iface) ? iface : iface.replace(/@.*$/, '');
}

/** jco's `map` transpile option: versioned imports keep their version in the key. */
export function transpileMap(imports: string[]): Record<string, string> {
  return Object.fromEntries(imports.filter((i) => VERSIONED.test(i) && i.includes('@')).map((i) => [i, i]));
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());

type Obj = Record<string, unknown>;

function hasFunction(iface: Obj, name: string): boolean {
  const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(name);
  if (!m) return typeof iface[camel(name)] === 'function';
  const cls = iface[pascal(m[2] ?? '')];
  if (typeof cls !== 'function') return false;
  if (m[1] === 'constructor') return true;
  const member = camel(m[3] ?? '');
  const holder = (m[1] === 'static' ? cls : cls.prototype) as Obj | undefined;
  return typeof holder?.[member] === 'function';
}

/** Why an interface someone may well expect is refused as a whole, said with the refusal. */
const WHY_NOT: Record<string, string> = {
  'golem:core/types@2.0.0':
    "Golem main's WASI 0.3 variant of golem:api 1.5, whose async functions need the JavaScript promise integration (JSPI) this Node lacks; build against golem:core/types@1.5.0 (Golem 1.5.x releases)",
};

let offered: Record<string, Obj> | undefined;

/** The import object with a context that is never called: only its shape is read. */
function offeredImports(): Record<string, Obj> {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('host context used while checking imports');
      },
    },
  ) as HostContext;
  offered ??= hostImports(unused) as Record<string, Obj>;
  return offered;
}

/**
 * What the host cannot satisfy, one line per interface: `golem:api/host@1.9.0
 * (the interface)` or `golem:api/host@1.3.0: get-promise, resource get-promise-result`.
 */
export function unsatisfiedImports(members: ImportedMembers[]): string[] {
  const host = offeredImports();
  const out: string[] = [];
  for (const m of members) {
    if (m.interface === undefined) {
      out.push(`world-level functions ${m.functions.join(', ')}`);
      continue;
    }
    const iface = host[importKey(m.interface)];
    if (!iface) {
      const why = WHY_NOT[m.interface];
      out.push(`${m.interface} (the interface${why ? `: ${why}` : ''})`);
      continue;
    }
    const missing = [
      ...m.resources.filter((r) => typeof iface[pascal(r)] !== 'function').map((r) => `resource ${r}`),
      ...m.functions.filter((f) => !hasFunction(iface, f)),
    ];
    if (missing.length > 0) out.push(`${m.interface}: ${missing.join(', ')}`);
  }
  return out;
}
