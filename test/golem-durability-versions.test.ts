// golem:durability at 1.3.0 (typed, as 1.5.0) and 1.2.1 (with golem:api
// 1.1.7; also untyped: bytes) from JavaScript guests. Their "custom host
// function" is the test-only one whose result the runtime never records: only
// the durability API (persist live, read back on replay) keeps its answers
// across kills after every index.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';

// Offers test:planted/unrecorded (threads read this when they start).
process.env.PLAYGROUND_TEST_HOST = '1';

const wit = (v: string) => `package demo:durv;
package test:planted { interface unrecorded { next-token: func() -> u32; } }

interface api {
  roll: func(n: u32) -> string;
  memory: func() -> string;
}
world durv {
  import golem:durability/durability@${v};
  import test:planted/unrecorded;
  export api;
}`;

/** typed: value-and-type (1.3.0, and 1.2.1's typed pair); untyped: 1.2.1's bytes. */
const js = (v: string, untyped: boolean) => `
import { currentDurableExecutionState, beginDurableFunction, endDurableFunction,
  ${untyped ? 'persistDurableFunctionInvocation, readPersistedDurableFunctionInvocation' : v === '1.2.1' ? 'persistTypedDurableFunctionInvocation as persist, readPersistedTypedDurableFunctionInvocation as read' : 'persistDurableFunctionInvocation as persist, readPersistedDurableFunctionInvocation as read'} }
  from 'golem:durability/durability@${v}';
import { nextToken } from 'test:planted/unrecorded';
const READ_REMOTE = { tag: 'read-remote' };
// golem:rpc 0.2.1's wit-type nodes are bare; 0.2.2's carry a name and an owner.
const str = (s) => ({ value: { nodes: [{ tag: 'prim-string', val: s }] }, typ: { nodes: [${v === '1.2.1' ? "{ tag: 'prim-string-type' }" : "{ name: undefined, owner: undefined, type: { tag: 'prim-string-type' } }"}] } });
${
  untyped
    ? `const save = (name, out) => persistDurableFunctionInvocation(name, new Uint8Array(), new Uint8Array([...out].map((c) => c.charCodeAt(0))), READ_REMOTE);
const load = () => { const p = readPersistedDurableFunctionInvocation(); return String.fromCharCode(...p.response); };`
    : `const save = (name, out) => persist(name, str(''), str(out), READ_REMOTE);
const load = () => read().response.value.nodes[0].val;`
}
function durably(name, live) {
  const state = currentDurableExecutionState();
  const begin = beginDurableFunction(READ_REMOTE);
  let out;
  if (state.isLive) { out = live(); save(name, out); } else out = load();
  endDurableFunction(READ_REMOTE, begin, false);
  return out;
}
let rolled = [];
export const api = {
  roll(n) { for (let i = 0; i < n; i++) rolled.push(durably('demo:dice/roll', () => String(nextToken()))); return rolled.join(','); },
  memory() { return rolled.join(','); },
};`;

let t: TestEngine;
before(() => {
  t = makeEngine({ idleEvictMs: 60_000 });
});
after(() => t.close());

async function rollRetrying(id: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return String((await t.engine.invoke(id, { function: 'demo:durv/api.{roll}', args: [3], idempotencyKey: 'roll' })).result);
    } catch (e) {
      assert.match((e as Error).message, /killed/);
      assert.ok(attempt < 2, 'killed more than once');
    }
  }
}

for (const [v, untyped] of [
  ['1.3.0', false],
  ['1.2.1', false],
  ['1.2.1', true],
] as const) {
  test(`golem:durability@${v}${untyped ? ' untyped (bytes)' : ''}: persisted answers survive a kill after every index`, async () => {
    const component = `durv-${v.replaceAll('.', '-')}${untyped ? '-bytes' : ''}`;
    await t.engine.registerComponent(component, { kind: 'js', source: js(v, untyped), wit: wit(v) });
    const base = t.engine.createWorker({ component, name: 'base' });
    await rollRetrying(base.id);
    const total = t.engine.store.length(base.id);
    for (let k = 1; k <= total; k++) {
      const w = t.engine.createWorker({ component, name: `k-${k}` });
      t.engine.killAfterIndex(w.id, k);
      const rolled = await rollRetrying(w.id);
      assert.equal(rolled.split(',').length, 3, `kill after ${k}`);
      await t.engine.kill(w.id);
      // A full replay reads each roll back from what was persisted (a live call would count anew).
      assert.equal((await t.engine.invoke(w.id, { function: 'demo:durv/api.{memory}' })).result, rolled, `kill after ${k}`);
      // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
      await t.engine.deleteWorker(w.id, { purge: true });
    }
  });
}
