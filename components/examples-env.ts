// Which shipped example a component was built from, and the environment its
// workers need (the demo services' URLs on this server), so a worker created
// anywhere (Try, the component page, the Workers list) gets the same settings.

import type { Example } from './api';

/** The WIT package an example declares (`package demo:shopping-cart;`). */
function witPackage(wit: string): string | undefined {
  return /^\s*package\s+([^\s;@]+)/m.exec(wit)?.[1];
}

/** The example a component comes from: same name, or exports from the example's WIT package. */
export function exampleOf(examples: Example[], component: { name: string; exports?: { interface?: string }[] }): Example | undefined {
  return (
    examples.find((e) => e.id === component.name) ??
    examples.find((e) => {
      const pkg = witPackage(e.wit);
      return !!pkg && !!component.exports?.some((f) => f.interface?.startsWith(`${pkg}/`));
    })
  );
}

/** The example's environment with `{origin}` replaced by this page's origin. */
export function exampleEnv(example: Example | undefined, origin: string): Record<string, string> {
  return Object.fromEntries(Object.entries(example?.env ?? {}).map(([k, v]) => [k, v.replaceAll('{origin}', origin)]));
}
