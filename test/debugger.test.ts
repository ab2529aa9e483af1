// The replay debugger's engine: a session replays a copy of a worker's
// history step by step, never writing to the real oplog and never repeating
// a live effect.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineWithServer, example, jsExample } from './helpers';

const { t, server } = await engineWithServer(async (t) => {
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  await t.engine.registerComponent('steps', jsExample('durable-steps', 'steps'));
});

const rows = (id: string) => JSON.stringify(t.engine.db.prepare('SELECT * FROM "OplogEntry" WHERE workerId = ? ORDER BY idx').all(id));

test('step, continue to an index, rewind: the same observations, and the real oplog untouched', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'dbg' });
  for (const n of [1, 2, 3]) await t.engine.invoke(w.id, { function: 'api.add', args: [n] });
  const before = rows(w.id);

  let { sessionId, state } = await t.engine.startDebug(w.id);
  assert.equal(state.index, 0);
  assert.equal(state.lastIndex, 7);
  ({ state } = await t.engine.debug(sessionId, { type: 'step' }));
  assert.equal(state.index, 2);
  assert.equal(state.entry?.kind, 'exported-function-invoked');
  assert.deepEqual(state.invocation, { index: 2, functionName: 'demo:counter/api.{add}' });
  ({ state } = await t.engine.debug(sessionId, { type: 'step' }));
  assert.equal(state.index, 3);
  assert.ok((state.memory?.changed.length ?? 0) > 0, 'running add changed some pages of linear memory');
  const view = (await t.engine.debug(sessionId, { type: 'memory', offset: 0, length: 32 })).state;
  assert.equal(view.memoryView?.hex.length, 64);
  assert.equal(view.index, 3, 'reading memory does not move the replay');
  assert.equal(state.entry?.kind, 'exported-function-completed');
  assert.deepEqual(state.actual, { result: 1 }, 'the replayed instance computed what was recorded');
  const atThree = state;
  ({ state } = await t.engine.debug(sessionId, { type: 'continue', toIndex: 6 }));
  assert.equal(state.index, 6);
  ({ state } = await t.engine.debug(sessionId, { type: 'step' }));
  assert.deepEqual(state.actual, { result: 6 });
  ({ state } = await t.engine.debug(sessionId, { type: 'step' }));
  assert.match(state.ended?.reason ?? '', /end of the recorded history/);

  ({ sessionId, state } = await t.engine.debug(sessionId, { type: 'rewind', toIndex: 3 }));
  const { memory: m1, ...rest1 } = state;
  const { memory: m0, ...rest0 } = atThree;
  assert.deepEqual(rest1, rest0, 'rewinding then stepping gives identical observations');
  assert.ok(m0 && m1 && m0.pages > 0);
  assert.equal(m1.digest, m0.digest, 'and the same linear memory');
  await t.engine.stopDebug(sessionId);
  assert.equal(rows(w.id), before, 'the debug session never wrote to the oplog');
  assert.equal((await t.engine.invoke(w.id, { function: 'api.get' })).result, 6);
});

test('a breakpoint on a host function stops at its call, with the guest output so far; nothing is sent', async () => {
  const w = t.engine.createWorker({ component: 'steps', name: 'dbg-http' });
  await t.engine.invoke(w.id, { function: 'api.step', args: [1, server.authority] });
  await t.engine.invoke(w.id, { function: 'api.step', args: [2, server.authority] });
  const sent = server.bodies.length;
  const before = rows(w.id);
  const { sessionId } = await t.engine.startDebug(w.id);
  const bp = [{ functionName: 'playground:http/client.send' }];
  let { state } = await t.engine.debug(sessionId, { type: 'continue', breakpoints: bp });
  assert.equal(state.entry?.kind, 'imported-function-invoked');
  assert.equal((state.actual as { functionName: string }).functionName, 'playground:http/client.send');
  assert.equal(state.output.length, 1);
  assert.match(state.output[0]!.message, /^step 1 drew \d+/);
  ({ state } = await t.engine.debug(sessionId, { type: 'continue', breakpoints: bp }));
  assert.equal(state.output.length, 2);
  assert.equal(state.invocation?.functionName, 'demo:steps/api.{step}');
  ({ state } = await t.engine.debug(sessionId, { type: 'continue', breakpoints: bp }));
  assert.ok(state.ended, 'no third call: the history ends');
  await t.engine.stopDebug(sessionId);
  assert.equal(server.bodies.length, sent, 'replay in the debugger sent no request');
  assert.equal(rows(w.id), before);
});

test('what-if: an overridden random number takes the replay down another path, and a fork keeps it', async () => {
  const w = t.engine.createWorker({ component: 'steps', name: 'whatif' });
  await t.engine.invoke(w.id, { function: 'api.step', args: [1, server.authority] });
  const random = t.engine.store.hostCalls(w.id, 'wasi:random/random.get-random-u64')[0]!;
  const before = rows(w.id);
  const sent = server.bodies.length;
  const opened = await t.engine.startDebug(w.id);
  const sessionId = opened.sessionId;
  let state = opened.state;
  ({ state } = await t.engine.debug(sessionId, { type: 'continue', toIndex: random.index - 1 }));
  const response = { ok: { $b: '4242' } };
  ({ state } = await t.engine.debug(sessionId, { type: 'override', index: random.index, response }));
  assert.equal(state.notice, undefined);
  assert.deepEqual(state.overrides, [{ index: random.index, response }]);
  ({ state } = await t.engine.debug(sessionId, { type: 'continue' }));
  assert.match(state.output.at(-1)?.message ?? '', /^step 1 drew 4242/, 'the guest saw the new value');
  assert.equal(state.ended?.divergence, true, 'the request it now makes is not the recorded one');
  assert.match(
    state.ended?.reason ?? '',
    /diverged at oplog index \d+: the oplog recorded a call to playground:http\/client.send.*but the guest made a call to playground:http\/client.send/,
  );
  await t.engine.stopDebug(sessionId);
  assert.equal(rows(w.id), before);
  assert.equal(server.bodies.length, sent);

  const fork = t.engine.fork(w.id, { name: 'whatif-fork', atIndex: random.index, overrides: state.overrides });
  // The fork's history stops inside step 1: recovery finishes that step live,
  // from the overridden value on, before anything else runs.
  const out = (await t.engine.invoke(fork.id, { function: 'api.summary' })).result as string[];
  assert.equal(out.length, 1);
  assert.match(out[0]!, /^1:4242:clock:200 ok#\d+$/);
  assert.equal(server.bodies.length, sent + 1, 'the fork, live, sent its own request');
  assert.equal(server.bodies.at(-1), 'step-1-4242');
  const again = await t.engine.invoke(fork.id, { function: 'api.step', args: [2, server.authority] });
  assert.match(again.result as string, /^2:\d+:clock:200 ok#\d+$/);
  const summary = (await t.engine.invoke(fork.id, { function: 'api.summary' })).result as string[];
  assert.match(summary[0]!, /^1:4242:clock:200/, 'the forked worker went on from the overridden value');
});

test('a new version against old history: the debugger shows where and why it diverges', async () => {
  const w = t.engine.createWorker({ component: 'counter', name: 'old-history', version: 1 });
  await t.engine.invoke(w.id, { function: 'api.add', args: [5] });
  const doubled = example('counter', 'counter.js').replace('total += n;', 'total += 2 * n;');
  const v2 = await t.engine.registerComponent('counter', { kind: 'js', source: doubled, wit: example('counter', 'counter.wit') });
  const { sessionId } = await t.engine.startDebug(w.id, { version: v2.version });
  const { state } = await t.engine.debug(sessionId, { type: 'continue' });
  assert.equal(state.ended?.divergence, true);
  assert.equal(
    state.ended?.reason,
    'replay diverged at oplog index 3: the oplog recorded the invocation returning 5, but the guest made it return 10',
  );
  assert.equal(state.invocation?.functionName, 'demo:counter/api.{add}');
  await t.engine.stopDebug(sessionId);
  assert.equal(t.engine.getWorker(w.id).version, 1, 'the worker itself is untouched');
});

test('stepping reaches the same state as a straight replay, at every index', async () => {
  const w = t.engine.createWorker({ component: 'steps', name: 'every-index' });
  await t.engine.invoke(w.id, { function: 'api.step', args: [1, server.authority] });
  await t.engine.invoke(w.id, { function: 'api.step', args: [2, server.authority] });
  const stepped = await t.engine.startDebug(w.id);
  let { sessionId } = stepped;
  const seen: { index: number; digest?: string; output: number }[] = [];
  for (;;) {
    const { state } = await t.engine.debug(sessionId, { type: 'step' });
    if (state.ended) break;
    seen.push({ index: state.index, digest: state.memory?.digest, output: state.output.length });
    assert.ok(seen.length < 1000, 'stepping ends: the oplog has a few dozen entries');
  }
  await t.engine.stopDebug(sessionId);
  assert.ok(seen.length >= 10);
  for (const s of seen) {
    // A fresh session run straight to the same index, with no stop before it.
    const fresh = await t.engine.startDebug(w.id);
    sessionId = fresh.sessionId;
    const { state } = await t.engine.debug(sessionId, { type: 'continue', toIndex: s.index });
    assert.equal(state.index, s.index);
    assert.equal(state.memory?.digest, s.digest, `memory at index ${s.index}`);
    assert.equal(state.output.length, s.output, `output at index ${s.index}`);
    await t.engine.stopDebug(sessionId);
  }
});

test('a read-only export evaluated on a throwaway fork at an index; nothing written, nothing sent', async () => {
  const { examples } = await import('../lib/examples');
  const cart = examples().find((e) => e.id === 'shopping-cart')!;
  await t.engine.registerComponent('cart', { kind: 'js', source: cart.source, wit: cart.wit });
  const w = t.engine.createWorker({ component: 'cart', name: 'eval', env: { PAYMENT_URL: `http://${server.authority}/pay` } });
  const call = (fn: string, ...args: unknown[]) => t.engine.invoke(w.id, { function: `api.${fn}`, args: args as never });
  await call('initialize-cart', 'bob');
  await call('add-item', { 'product-id': 'a', name: 'A', price: 1, quantity: 1 });
  const afterFirst = t.engine.store.length(w.id);
  await call('add-item', { 'product-id': 'b', name: 'B', price: 2, quantity: 2 });
  await call('checkout');
  const before = rows(w.id);
  const sent = server.bodies.length;
  const at = await t.engine.evaluateAt(w.id, { index: afterFirst + 1, function: 'api.get-cart-contents' });
  assert.equal(at.atIndex, afterFirst, 'rounded down to the last finished invocation');
  assert.deepEqual(at.result, [{ 'product-id': 'a', name: 'A', price: 1, quantity: 1 }]);
  const end = await t.engine.evaluateAt(w.id, { index: t.engine.store.length(w.id), function: 'api.get-cart-contents' });
  assert.deepEqual(end.result, [], 'after checkout the cart is empty');
  // An export with effects gets them refused, not performed: the cart reports the payment as unreachable.
  const pay = await t.engine.evaluateAt(w.id, { index: afterFirst, function: 'api.checkout' });
  assert.match((pay.result as { error?: string }).error ?? '', /payment service unreachable: .*effects are off in a throwaway evaluation/);
  assert.equal(rows(w.id), before, 'nothing written');
  assert.equal(server.bodies.length, sent, 'nothing sent');
});
