// The replay debugger's engine: a session replays a copy of a worker's
// history step by step, never writing to the real oplog and never repeating
// a live effect.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, example, recordingServer, type TestEngine } from './helpers';

let t: TestEngine;
let server: Awaited<ReturnType<typeof recordingServer>>;
before(async () => {
  t = makeEngine();
  server = await recordingServer();
  await t.engine.registerComponent('counter', { kind: 'js', source: example('counter', 'counter.js'), wit: example('counter', 'counter.wit') });
  await t.engine.registerComponent('steps', { kind: 'js', source: example('durable-steps', 'steps.js'), wit: example('durable-steps', 'steps.wit') });
});
after(async () => {
  await t.close();
  await server.close();
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
  assert.deepEqual(state, atThree, 'rewinding then stepping gives identical observations');
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
  assert.match(state.output[0].message, /^step 1 drew \d+/);
  ({ state } = await t.engine.debug(sessionId, { type: 'continue', breakpoints: bp }));
  assert.equal(state.output.length, 2);
  assert.equal(state.invocation?.functionName, 'demo:steps/api.{step}');
  ({ state } = await t.engine.debug(sessionId, { type: 'continue', breakpoints: bp }));
  assert.ok(state.ended, 'no third call: the history ends');
  await t.engine.stopDebug(sessionId);
  assert.equal(server.bodies.length, sent, 'replay in the debugger sent no request');
  assert.equal(rows(w.id), before);
});
