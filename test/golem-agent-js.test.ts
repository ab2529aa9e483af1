// A JavaScript guest (componentize-qjs) built against golem:api/host@1.5.0,
// the whole interface (lib/components/build.ts says how subscribe links): it
// reads a promise with get-promise(...).get(), waits for one with
// subscribe().block() (the worker suspends), and reads its own agent metadata.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, promiseThroughKills, type TestEngine } from './helpers';

const WIT = `package demo:agentjs;
world agent {
  import golem:api/host@1.5.0;
  export make: func() -> u64;
  export peek: func(idx: u64) -> string;
  export me: func() -> string;
  export wait: func() -> string;
}`;
const JS = `import { createPromise, getPromise, getSelfMetadata } from 'golem:api/host@1.5.0';
let made;
export function make() { made = createPromise(); return made.oplogIdx; }
export function peek(idx) {
  const got = getPromise({ agentId: made.agentId, oplogIdx: idx }).get();
  return got == null ? 'none' : String.fromCharCode(...got);
}
export function me() { return getSelfMetadata().agentId.agentId; }
export function wait() {
  const p = getPromise(createPromise());
  const ready = p.subscribe();
  const before = ready.ready();
  ready.block();
  return before + ':' + ready.ready() + ':' + String.fromCharCode(...p.get());
}`;

let t: TestEngine;
before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('agentjs', { kind: 'js', source: JS, wit: WIT });
});
after(() => t.close());

test('a JS guest on golem:api/host@1.5.0 reads a promise with get, before and after completion, across a kill', async () => {
  const w = t.engine.createWorker({ component: 'agentjs', name: 'js-agent' });
  assert.equal((await t.engine.invoke(w.id, { function: 'me' })).result, 'js-agent');
  const idx = (await t.engine.invoke(w.id, { function: 'make' })).result as number;
  assert.equal((await t.engine.invoke(w.id, { function: 'peek', args: [idx] })).result, 'none');
  assert.equal(t.engine.completePromise(w.id, idx, Buffer.from('yes').toString('base64')), true);
  assert.equal((await t.engine.invoke(w.id, { function: 'peek', args: [idx] })).result, 'yes');
  await t.engine.kill(w.id);
  // Replay answers the earlier reads from the oplog (none, then yes) and the guest's memory comes back.
  assert.equal((await t.engine.invoke(w.id, { function: 'peek', args: [idx] })).result, 'yes');
});

test('a JS guest on golem:api/host@1.5.0 blocks on subscribe(): suspended, killed while waiting, resumed by completion', async () => {
  // Replayed after another kill: the same answer, read from the oplog.
  assert.deepEqual(await promiseThroughKills(t, 'agentjs', 'js-waiter', 'wait', 'go'), ['false:true:go', 'false:true:go']);
});
