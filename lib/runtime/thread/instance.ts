// A component instance in a worker's thread, and one made ahead of need: a
// spare thread instantiates the version it will most likely run next, with
// its host imports bound to a context given when a worker takes it, so that
// worker's start skips instantiation. Anything the guest would call before
// then fails the early instance, and the worker instantiates as usual.

import { hostImports } from '../../host';
import type { HostContext } from '../../host/context';

type Instantiate = (
  get: (n: string) => WebAssembly.Module,
  imports: unknown,
  instantiateCore?: (m: WebAssembly.Module, i: WebAssembly.Imports) => Promise<WebAssembly.Instance>,
) => Promise<Record<string, unknown>>;

export interface Instance {
  exports: Record<string, unknown>;
  /** The core instances' memories (the debugger shows the guest's linear memory). */
  memories: WebAssembly.Memory[];
}

/** Instantiates the version behind `bindingsUrl` with `ctx`'s host imports. */
export async function instantiateComponent(
  bindingsUrl: string,
  modules: Record<string, WebAssembly.Module>,
  ctx: HostContext,
): Promise<Instance> {
  const { instantiate } = (await import(bindingsUrl)) as { instantiate: Instantiate };
  const memories: WebAssembly.Memory[] = [];
  const exports = await instantiate(
    (name) => {
      const m = modules[name];
      if (!m) throw new Error(`the component has no core module ${name}`);
      return m;
    },
    hostImports(ctx),
    async (m, i) => {
      const inst = await WebAssembly.instantiate(m, i);
      for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
      return inst;
    },
  );
  return { exports, memories };
}

/** A context that forwards to the one attached later; before that, any use throws. */
function lateContext(): { ctx: HostContext; attach(target: HostContext): void } {
  let target: HostContext | undefined;
  const to = (): HostContext => {
    if (!target) throw new Error('a host call before the instance was given to a worker');
    return target;
  };
  const ctx = new Proxy({} as HostContext, {
    get: (_, p) => {
      const t = to();
      const v: unknown = Reflect.get(t, p, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
    set: (_, p, v) => Reflect.set(to(), p, v),
    has: (_, p) => Reflect.has(to(), p),
  });
  return { ctx, attach: (t) => (target = t) };
}

export interface EarlyInstance extends Instance {
  bindingsUrl: string;
  attach(ctx: HostContext): void;
}

/** An instance made before its worker is known (undefined if the guest needed its host meanwhile). */
export async function instantiateEarly(
  bindingsUrl: string,
  modules: Record<string, WebAssembly.Module>,
): Promise<EarlyInstance | undefined> {
  const late = lateContext();
  try {
    const made = await instantiateComponent(bindingsUrl, modules, late.ctx);
    return { ...made, bindingsUrl, attach: late.attach };
  } catch {
    return undefined;
  }
}
