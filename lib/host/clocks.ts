// wasi:clocks — every reading is recorded; replay sees the recorded time.

import type { HostContext } from './context';
import { Pollable, pollWaiter } from './io';

export function clockImports(ctx: HostContext) {
  const wait = pollWaiter(ctx);
  const monoNow = (): bigint => ctx.durable('wasi:clocks/monotonic-clock.now', 'read-local', null, () => process.hrtime.bigint());
  return {
    'wasi:clocks/monotonic-clock': {
      now: monoNow,
      resolution: () => 1n,
      // Deadlines are recorded as wall-clock times: a sleep survives suspension and restarts.
      subscribeInstant: (when: bigint) =>
        new Pollable(
          ctx.durable(
            'wasi:clocks/monotonic-clock.subscribe-instant',
            'read-local',
            { when },
            () => Date.now() + Number(when - process.hrtime.bigint()) / 1e6,
          ),
          undefined,
          wait,
        ),
      subscribeDuration: (ns: bigint) =>
        new Pollable(
          ctx.durable('wasi:clocks/monotonic-clock.subscribe-duration', 'read-local', { ns }, () => Date.now() + Number(ns) / 1e6),
          undefined,
          wait,
        ),
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
