// The runtime's crashed/restarted events carry when each happened and how long
// the runtime was down, measured by the web app's side: a page shows the real
// down phase from them, whenever its events arrive.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuntimeEvent } from '../lib/runtime/client';
import { runtimeProcess } from './runtime-process';
import { downHoldMs } from '../components/workers/runtime-phase';

const { rt } = runtimeProcess('dp-rt-events-');

test('a SIGKILL gives crashed then restarted, stamped, with the down time between them', async () => {
  await rt.whenReady();
  const seen: Extract<RuntimeEvent, { type: 'runtime' }>[] = [];
  const off = rt.onEvent((e) => e.type === 'runtime' && seen.push(e));
  const before = Date.now();
  await rt.crash();
  await rt.whenReady();
  for (const end = Date.now() + 10_000; seen.length < 2 && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
  off();
  const after_ = Date.now();
  assert.deepEqual(
    seen.map((e) => e.phase),
    ['crashed', 'restarted'],
  );
  const [crashed, restarted] = seen as [(typeof seen)[0], (typeof seen)[0]];
  assert.ok(crashed.at >= before && crashed.at <= restarted.at && restarted.at <= after_, JSON.stringify(seen));
  assert.equal(restarted.downMs, restarted.at - crashed.at);
  assert.equal(crashed.downMs, undefined);
  // The runtime answers again.
  assert.deepEqual(await rt.api.listComponents(), []);
});

test('a page keeps "crashed" on screen for the real down time, and at least 700 ms from when it heard of the crash', () => {
  assert.equal(downHoldMs(1000, 50, 1050), 650, 'a 50 ms restart heard at once: 650 ms more');
  assert.equal(downHoldMs(1000, 2000, 1100), 1900, 'a 2 s restart heard at once: the rest of the 2 s');
  assert.equal(downHoldMs(1000, 50, 2000), 0, 'heard late: nothing more to hold');
  assert.equal(downHoldMs(null, 50, 2000), 0, 'the crash was missed: "crashed" never showed');
});
