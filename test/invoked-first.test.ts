// An invocation is in the oplog before its guest runs on (issue 13's outside
// check found an oplog of only `create` and `error` for an invocation that spun
// until its time limit). A guest that computes without a host call gives the
// runtime nothing else to commit with: the invocation's own entry must go out
// when it starts, or a kill meanwhile leaves no trace of it and its recovery
// cannot resume it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { GUESTS, jsExample, makeEngine, recoveryDone, untilValue, untilWorker } from './helpers';

// A short time limit: the spinning call, resumed after the kill, ends by it.
const t = makeEngine({ invocationTimeoutMs: 4000 });
after(() => t.close());

const ADD = 'test:state/api.{add}';
const HANG = 'test:state/api.{hang}';

test('a call that spins without a host call is recorded when it starts; a kill meanwhile recovers into it', async () => {
  await t.engine.registerComponent('state', GUESTS.threadState);
  const w = t.engine.createWorker({ component: 'state', name: 'spinner' });
  // Just after a commit (this call's completion), so the next entry is not committed on its own for its age.
  assert.equal((await t.engine.invoke(w.id, { function: ADD, args: [1] })).result, 1);
  const hung = t.engine.invoke(w.id, { function: HANG, idempotencyKey: 'spin' }).then(
    () => 'answered',
    (e: Error) => e.message,
  );
  await untilWorker(t, 'the spinning call running', w.id, (x) => x.status === 'running', 10_000);
  const invoked = () => t.engine.store.byIdempotencyKey(w.id, 'spin').map((e) => e.kind);
  await untilValue('the spinning call in the oplog', invoked, (k) => k.includes('exported-function-invoked'), 5000);

  await t.engine.kill(w.id, { recover: true });
  // The recovery replays the spinning call too (it never finished), so the caller, who waits through the kill,
  // is answered by the time limit ending it there: it was resumed, not forgotten.
  assert.match(await hung, /exceeded the time limit of 4000 ms/);
  const kinds = t.engine.store.slice(w.id, 1).map((e) => e.kind);
  assert.deepEqual(kinds.slice(kinds.indexOf('interrupted')), ['interrupted', 'error'], 'after the kill: the resumed call failed');
  assert.deepEqual(invoked(), ['exported-function-invoked', 'error'], 'recorded once, not again by the replay');
});

test('a call on a worker killed and recovered earlier, then started afresh, is run and answered', async () => {
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  const w = t.engine.createWorker({ component: 'counter', name: 'again' });
  assert.equal((await t.engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 1);
  const recovered = recoveryDone(t, w.id);
  await t.engine.kill(w.id, { recover: true });
  await recovered;
  await untilWorker(t, 'idle after its recovery', w.id, (x) => x.status === 'idle', 10_000);
  // Its instance is let go (as an eviction or a move would): the next call starts it again, past the kill's entry.
  t.engine.dropAsIfIdle(w.id);
  assert.equal((await t.engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 2);
});
