// Looking up an export by the names people type: Golem's `ns:pkg/iface.{fn}`,
// `ns:pkg/iface.fn`, `iface.fn`, or a world-level `fn`.

import { qualifiedName, type WitFunction } from '../wit/types';

export function findFunction(exports: WitFunction[], name: string): WitFunction | undefined {
  const exact = exports.find((f) => qualifiedName(f) === name);
  if (exact) return exact;
  const m = /^(.*)\.\{?([^.{}]+)\}?$/.exec(name);
  if (!m) return exports.find((f) => !f.interface && f.name === name);
  const [, iface, fn] = m;
  return exports.find((f) => {
    if (!f.interface || f.name !== fn) return false;
    const noVersion = f.interface.replace(/@.*$/, '');
    return f.interface === iface || noVersion === iface || noVersion.replace(/^.*\//, '') === iface;
  });
}
