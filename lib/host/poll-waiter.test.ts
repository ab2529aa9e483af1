// A pollable's wait belongs to the instance that made it (issue 13 review):
// a thread can hold two instances at once (its worker's, and one made ahead
// for the next worker), and the one whose host imports were made last must
// not decide how the other's sleeps wait or where they are recorded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostContext } from './context';
import { clockImports } from './clocks';
import { ioImports } from './io';

/** A context that records which host functions went through it, running each live. */
function recordingContext(): { ctx: HostContext; calls: string[] } {
  const calls: string[] = [];
  const ctx = {
    canSuspend: false,
    sleep: () => {},
    durable: (name: string, _d: unknown, _r: unknown, live: () => unknown) => {
      calls.push(name);
      return live();
    },
  } as unknown as HostContext;
  return { ctx, calls };
}

test("a sleep's wait goes through its own instance's context, not the one whose imports were made last", () => {
  const worker = recordingContext();
  const early = recordingContext();
  const mine = { ...ioImports(worker.ctx), ...clockImports(worker.ctx) };
  // An instance made ahead finishes instantiating after the worker's.
  ioImports(early.ctx);
  clockImports(early.ctx);

  mine['wasi:clocks/monotonic-clock'].subscribeDuration(1_000_000n).block();
  assert.ok(worker.calls.includes('wasi:io/poll.block'), `the worker's context recorded the wait: ${worker.calls.join(', ')}`);
  assert.deepEqual(early.calls, [], 'nothing went through the other instance');
});
