// wasi:clocks — every reading is recorded; replay sees the recorded time.

import type { HostContext } from './context';
import { Pollable } from './io';

export function clockImports(ctx: HostContext) {
  const monoNow = (): bigint =>
    ctx.durable('wasi:clocks/monotonic-clock.now', 'read-local', null, () => process.hrtime.bigint());
  return {
    'wasi:clocks/monotonic-clock': {
      now: monoNow,
      resolution: () => 1n,
      subscribeInstant: (when: bigint) => new Pollable(when),
      // The deadline is computed from the host clock directly: replay never waits anyway.
      subscribeDuration: (ns: bigint) => new Pollable(process.hrtime.bigint() + ns),
    },
    'wasi:clocks/wall-clock': {
      now: () =>
        ctx.durable('wasi:clocks/wall-clock.now', 'read-local', null, () => {
          const ms = Date.now();
          return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
        }),
      resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
  };
}
