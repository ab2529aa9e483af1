// A JavaScript guest (componentize-qjs) built against golem:api/host@1.5.0:
// built without get-promise-result.subscribe (see lib/components/build.ts),
// it reads a promise with get-promise(...).get() and its own agent metadata.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';

const WIT = `package demo:agentjs;
world agent {
  import golem:api/host@1.5.0;
  export make: func() -> u64;
  export peek: func(idx: u64) -> string;
  export me: func() -> string;
}`;
const JS = `import { createPromise, getPromise, getSelfMetadata } from 'golem:api/host@1.5.0';
let made;
export function make() { made = createPromise(); return made.oplogIdx; }
export function peek(idx) {
  const got = getPromise({ agentId: made.agentId, oplogIdx: idx }).get();
  return got == null ? 'none' : String.fromCharCode(...got);
}
export function me() { return getSelfMetadata().agentId.agentId; }`;

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
