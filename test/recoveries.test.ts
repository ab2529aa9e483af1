// Recoveries are kept as rows beside the oplog: each interruption (kill,
// runtime SIGKILL) and the recovery after it, with its cause, the entry it
// follows, how many invocations it replayed and how long it took; still there
// after the runtime process restarts; a later replay with no new interruption
// (after an eviction) is not counted again; purging the worker removes them.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { RecoveryStore } from '../lib/store/recovery-store';
import { makeEngine, jsExample, untilValue } from './helpers';
import { runtimeProcess } from './runtime-process';

const until = (what: string, ok: () => boolean | Promise<boolean>) => untilValue(what, ok, (v) => v, 30_000);

test('a kill, then the recovery: one row each time, not again after an eviction; purge removes them', { timeout: 60_000 }, async () => {
  const t = makeEngine({ idleEvictMs: 300 });
  after(() => t.close());
  const { engine } = t;
  const recoveries = new RecoveryStore(engine.db);
  await engine.registerComponent('counter', jsExample('counter', 'counter'));
  const w = await engine.createWorker({ component: 'counter', name: 'c' });
  for (let i = 0; i < 5; i++) await engine.invoke(w.id, { function: 'api.add', args: [1] });
  // A new worker's first start and its evictions so far were no recoveries.
  assert.deepEqual(recoveries.list(w.id), []);

  await engine.kill(w.id);
  const killedAt = engine.store.length(w.id);
  assert.equal(engine.store.slice(w.id, killedAt, killedAt)[0]!.kind, 'interrupted');
  assert.equal((await engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 6);
  const [first, ...rest] = recoveries.list(w.id);
  assert.ok(first, 'the kill was recorded as a recovery');
  assert.deepEqual(rest, []);
  assert.match(first.cause, /^killed by request/);
  assert.equal(first.afterIndex, killedAt);
  assert.equal(first.replayedInvocations, 5);
  assert.ok(first.lastIndex! >= killedAt, `replayed up to ${first.lastIndex}`);
  assert.ok(first.ms! > 0 && first.finishedAt! >= first.startedAt);

  // Evicted when idle, started again: a replay, but no interruption to recover from.
  await until('eviction', () => !engine.getWorker(w.id).resident);
  assert.equal((await engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 7);
  assert.equal(recoveries.list(w.id).length, 1);

  await engine.kill(w.id);
  assert.equal((await engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 8);
  const two = recoveries.list(w.id);
  assert.equal(two.length, 2);
  assert.equal(two[1]!.replayedInvocations, 7);

  await engine.deleteWorker(w.id, { purge: true });
  assert.deepEqual(recoveries.list(w.id), []);
});

test('a runtime SIGKILL mid-invocation: the recovery is a row, kept across a second restart', { timeout: 120_000 }, async () => {
  const { rt } = runtimeProcess('dp-recoveries-');
  await rt.api.registerComponent('tally', jsExample('lessons', 'tally'));
  const w = await rt.api.createWorker({ component: 'tally', name: 't' });
  await rt.api.invoke(w.id, { function: 'api.add', args: [2] });
  // 40 steps of 100 ms: busy when the runtime dies.
  void rt.api.invoke(w.id, { function: 'api.work', args: [40, 100], wait: false });
  await until('a few steps', async () => (await rt.api.getWorker(w.id)).oplogLength > 8);
  await rt.crash();
  await until('the recovery row', async () => {
    try {
      return (await rt.api.workerRecoveries(w.id)).recoveries.some((r) => r.finishedAt !== undefined);
    } catch {
      return false; // restarting
    }
  });
  const [r] = (await rt.api.workerRecoveries(w.id)).recoveries;
  assert.ok(r, 'the crash was recorded as a recovery');
  assert.equal(r.cause, 'the runtime process crashed');
  const at = (await rt.api.getWorker(w.id)).oplogLength;
  assert.ok(r.afterIndex > 8 && r.afterIndex <= at);
  // Both invocations were replayed: the finished add and the interrupted work.
  assert.equal(r.replayedInvocations, 2);

  await until('the work to finish', async () => (await rt.api.getWorker(w.id)).status === 'idle');
  // Idle at the second crash: nothing to recover, and the first recovery is still on record.
  await rt.crash();
  await until('the runtime back', async () => {
    try {
      await rt.api.getWorker(w.id);
      return true;
    } catch {
      return false;
    }
  });
  assert.deepEqual((await rt.api.workerRecoveries(w.id)).recoveries, [r]);
  await assert.rejects(rt.api.workerRecoveries('tally/nobody'), /no worker|not found|unknown/i);
});
