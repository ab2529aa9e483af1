// The live phase's duplicate rule (live.ts): a key queued from the oplog and
// posted by the runtime too runs once; a cancelled one never; and keys run
// from messages are not kept, so a long-lived thread's memory does not grow
// with every invocation it serves. (The runtime posts a key once while the
// instance holds it: test/idempotency-keys, "recorded before it is acknowledged".)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveLive } from './live';
import type { Run } from './slot';
import type { FromThread, ToRun } from './protocol';

function live(queue: ToRun[], inbox: ToRun[], replayed: string[] = []) {
  const ran: string[] = [];
  const posted: FromThread[] = [];
  const slot: Run = { inbox, finish: () => {} };
  const invokedKeys = new Set(replayed);
  serveLive({
    slot,
    queue,
    invokedKeys,
    writer: { add: () => {}, commit: () => {}, take: () => [] },
    post: (m) => posted.push(m),
    run: (inv) => {
      ran.push(inv.key);
      return { ok: true, result: ran.length };
    },
    snapshots: { due: () => false, take: () => {} },
    failure: (key, out) => ({ type: 'failed', key, error: out.error, final: true }),
    halt: () => {
      throw new Error('halted');
    },
  });
  const deliver = (m: ToRun) => slot.deliver!(m);
  return { ran, posted, invokedKeys, deliver };
}

const inv = (key: string): ToRun => ({ type: 'invoke', key, functionName: 'f', args: [] });

test('a key from the oplog runs once, whether its message came while recovering or after; a cancelled one never runs', () => {
  const l = live([inv('q1'), inv('q2')], [inv('q1'), { type: 'cancel', key: 'c1' }, inv('m1')], ['r1']);
  assert.deepEqual(l.ran, ['q1', 'q2', 'm1']);
  l.deliver(inv('q2'));
  l.deliver(inv('r1'));
  l.deliver(inv('c1'));
  l.deliver(inv('m2'));
  assert.deepEqual(l.ran, ['q1', 'q2', 'm1', 'm2'], 'replayed, queued and cancelled keys are not run again');
  assert.deepEqual(
    l.posted.filter((m) => m.type === 'completed').map((m) => m.type === 'completed' && m.key),
    ['q1', 'q2', 'm1', 'm2'],
  );
});

test('keys run from messages are not kept: 10,000 invocations leave the set as recovery left it', () => {
  const l = live([inv('q1')], [], ['r1', 'r2']);
  for (let i = 0; i < 10_000; i++) l.deliver(inv(`k${i}`));
  assert.equal(l.ran.length, 10_001);
  assert.deepEqual([...l.invokedKeys].sort(), ['q1', 'r1', 'r2']);
});
