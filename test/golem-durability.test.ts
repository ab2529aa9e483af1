// golem:durability@1.5.0 and golem:api/context@1.5.0 from a JavaScript guest,
// killed after every oplog index. The guest's "custom host function" is the
// test-only host function whose result the runtime never records (a fresh
// instance counts from zero again): only the durability API (persist live,
// read back on replay) keeps its answers.
// Spans: start-span's id and start time are recorded, attributes come back by
// replay, the trace id is the invocation's. After each kill and retry, a full
// replay (another kill) must rebuild exactly what the guest returned.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';

// Offers test:planted/unrecorded (threads read this when they start).
process.env.PLAYGROUND_TEST_HOST = '1';

const WIT = `package demo:dur;
${'package test:planted { interface unrecorded { next-token: func() -> u32; } }'}

interface api {
  roll: func(n: u32) -> string;
  raw: func() -> string;
  trace: func() -> string;
  memory: func() -> string;
}
world dur {
  import golem:durability/durability@1.5.0;
  import golem:api/context@1.5.0;
  import test:planted/unrecorded;
  export api;
}`;

const JS = `
import { currentDurableExecutionState, beginDurableFunction, endDurableFunction, persistDurableFunctionInvocation,
  readPersistedDurableFunctionInvocation, observeFunctionCall } from 'golem:durability/durability@1.5.0';
import { startSpan, currentContext } from 'golem:api/context@1.5.0';
import { nextToken } from 'test:planted/unrecorded';

// A call the runtime does not record: a replay or a new instance gets another number.
const unrecorded = () => String(nextToken());

const str = (s) => ({ value: { nodes: [{ tag: 'prim-string', val: s }] }, typ: { nodes: [{ name: undefined, owner: undefined, type: { tag: 'prim-string-type' } }] } });
const READ_REMOTE = { tag: 'read-remote' };

// Golem's pattern for a durable custom host function.
function durably(name, live) {
  observeFunctionCall('demo:dice', name);
  const state = currentDurableExecutionState();
  const begin = beginDurableFunction(READ_REMOTE);
  let out;
  if (state.isLive || state.persistenceLevel.tag === 'persist-nothing') {
    out = live();
    persistDurableFunctionInvocation(name, str(''), str(out), READ_REMOTE);
  } else {
    const p = readPersistedDurableFunctionInvocation();
    if (p.functionName !== name || p.functionType.tag !== 'read-remote') throw new Error('persisted entry for ' + p.functionName);
    out = p.response.value.nodes[0].val;
  }
  endDurableFunction(READ_REMOTE, begin, false);
  return out;
}

let rolled = [];
let rawValue = '';
let traced = '';

export const api = {
  roll(n) {
    for (let i = 0; i < n; i++) rolled.push(durably('demo:dice/roll', unrecorded));
    return rolled.join(',');
  },
  raw() {
    rawValue = unrecorded();
    return rawValue;
  },
  trace() {
    const outer = startSpan('outer');
    outer.setAttribute('who', { tag: 'string', val: 'outer-v' });
    const inner = startSpan('inner');
    inner.setAttributes([{ key: 'who', value: { tag: 'string', val: 'inner-v' } }]);
    const c = currentContext();
    const seen = {
      trace: c.traceId(), span: c.spanId(), parent: c.parent().spanId(), root: c.parent().parent().spanId(),
      chain: c.getAttributeChain('who').map((v) => v.val), own: c.getAttribute('name', false).val,
      inherited: c.getAttributes(true).map((a) => a.key + '=' + a.value.val).sort().join(';'),
      headers: c.traceContextHeaders(), started: String(inner.startedAt().seconds),
    };
    inner.finish();
    seen.afterFinish = currentContext().spanId();
    traced = JSON.stringify(seen);
    return traced;
  },
  memory() {
    return JSON.stringify({ rolled: rolled.join(','), raw: rawValue, traced });
  },
};`;

let t: TestEngine;
before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  await t.engine.registerComponent('dur', { kind: 'js', source: JS, wit: WIT });
});
after(() => t.close());

/** Invokes with a key; an invocation cut short by a kill is retried with it. */
async function invokeRetrying(id: string, fn: string, args: unknown[], key: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return String((await t.engine.invoke(id, { function: `api.${fn}`, args: args as never, idempotencyKey: key })).result);
    } catch (e) {
      assert.match((e as Error).message, /killed/);
      assert.ok(attempt < 2, 'killed more than once');
    }
  }
}

const memory = async (id: string) =>
  JSON.parse(await invokeRetrying(id, 'memory', [], `m-${Date.now()}-${Math.random()}`)) as { rolled: string; raw: string; traced: string };

test('without the durability API, replay reads another number and diverges (what the API is for)', async () => {
  const w = t.engine.createWorker({ component: 'dur', name: 'raw' });
  const live = await invokeRetrying(w.id, 'raw', [], 'raw');
  await t.engine.kill(w.id);
  await assert.rejects(memory(w.id), new RegExp(`replay diverged .*returning "${live}", but the guest made it return "(?!${live}")`));
});

test('durability and context: killed after every index, a full replay rebuilds what the guest returned', async () => {
  const base = t.engine.createWorker({ component: 'dur', name: 'base' });
  await invokeRetrying(base.id, 'roll', [3], 'roll');
  const traced = JSON.parse(await invokeRetrying(base.id, 'trace', [], 'trace')) as Record<string, unknown>;
  // What the context gives, as Golem does: the inner span's parent is outer, whose parent is the root.
  assert.deepEqual(traced.chain, ['inner-v', 'outer-v']);
  assert.equal(traced.own, 'inner');
  assert.equal(traced.inherited, 'name=inner;who=inner-v');
  assert.equal(traced.afterFinish, traced.parent, 'finishing inner makes outer current again');
  assert.deepEqual(traced.headers, [['traceparent', `00-${traced.trace}-${traced.span}-01`]]);
  assert.match(String(traced.trace), /^[0-9a-f]{32}$/);
  const total = t.engine.store.length(base.id);
  const persisted = (id: string) =>
    t.engine.store
      .slice(id, 1)
      .filter(
        (e) =>
          e.kind === 'imported-function-invoked' && e.functionName === 'golem:durability/durability.persist-durable-function-invocation',
      ).length;
  assert.equal(persisted(base.id), 3);

  for (let k = 1; k <= total; k++) {
    const w = t.engine.createWorker({ component: 'dur', name: `k-${k}` });
    t.engine.killAfterIndex(w.id, k);
    const rolled = await invokeRetrying(w.id, 'roll', [3], 'roll');
    const trace = await invokeRetrying(w.id, 'trace', [], 'trace');
    assert.equal(rolled.split(',').length, 3, `kill after ${k}`);
    assert.equal(persisted(w.id), 3, `kill after ${k}: each roll persisted once`);
    await t.engine.kill(w.id);
    const m = await memory(w.id);
    assert.equal(m.rolled, rolled, `kill after ${k}: replay read the persisted numbers`);
    assert.equal(m.traced, trace, `kill after ${k}: same spans, ids and start times`);
    const tr = JSON.parse(trace) as Record<string, unknown>;
    assert.deepEqual([tr.chain, tr.own, tr.inherited], [traced.chain, traced.own, traced.inherited], `kill after ${k}`);
    // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
    await t.engine.deleteWorker(w.id, { purge: true });
  }
});
