// golem:api/oplog@1.5.0 and golem:api/retry@1.5.0 called by a JavaScript
// guest: it reads its own and another worker's oplog (get-oplog, search-oplog)
// and keeps named retry policies, resolved by priority and predicate. Killed
// between its calls: what it read comes back from its oplog (not read again),
// and its policies from replaying the recorded set/remove calls.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';

const WIT = `package demo:oplogjs;
interface api {
  note: func(text: string);
  read: func(agent: string, start: u64) -> list<string>;
  last-read: func() -> list<string>;
  search: func(agent: string, text: string) -> list<string>;
  set-policies: func();
  names: func() -> list<string>;
  resolve: func(verb: string, uri: string, status: option<s64>) -> string;
  remove: func(name: string);
}
world oplogjs {
  import golem:api/host@1.5.0;
  import golem:api/oplog@1.5.0;
  import golem:api/retry@1.5.0;
  import wasi:cli/stdout@0.2.12;
  export api;
}`;

const JS = `import { getSelfMetadata } from 'golem:api/host@1.5.0';
import { GetOplog, SearchOplog } from 'golem:api/oplog@1.5.0';
import { getRetryPolicies, resolveRetryPolicy, setRetryPolicy, removeRetryPolicy } from 'golem:api/retry@1.5.0';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

let lastRead = [];
const agent = (name) => ({ componentId: getSelfMetadata().agentId.componentId, agentId: name });
function describe(e) {
  switch (e.tag) {
    case 'create': return 'create ' + e.val.agentId.agentId + ' v' + e.val.componentRevision;
    case 'agent-invocation-started': return 'started ' + e.val.invocation.val.methodName;
    case 'agent-invocation-finished': return 'finished';
    case 'host-call': return 'host-call ' + e.val.functionName + ' ' + e.val.durableFunctionType.tag;
    case 'log': return 'log ' + e.val.level + ' ' + e.val.message.trim();
    default: return e.tag;
  }
}
const text = (s) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const policy = (name, priority, predicate, root) => ({ name, priority, predicate: { nodes: predicate }, policy: { nodes: [root] } });
const prop = (tag, propertyName, value) => ({ tag, val: { propertyName, value } });

export const api = {
  note(s) { getStdout().blockingWriteAndFlush(text(s + '\\n')); },
  read(name, start) {
    const g = new GetOplog(agent(name), start);
    const out = [];
    for (let page = g.getNext(); page; page = g.getNext()) for (const e of page) out.push(describe(e));
    lastRead = out;
    return out;
  },
  lastRead() { return lastRead; },
  search(name, s) {
    const g = new SearchOplog(agent(name), s);
    const out = [];
    for (let page = g.getNext(); page; page = g.getNext()) for (const [i, e] of page) out.push(i + ' ' + describe(e));
    return out;
  },
  setPolicies() {
    // node 0 is the root: status >= 500 on https.
    setRetryPolicy(policy('http-5xx', 10, [
      { tag: 'pred-and', val: [1, 2] },
      prop('prop-eq', 'uri-scheme', { tag: 'text', val: 'https' }),
      prop('prop-gte', 'status', { tag: 'integer', val: 500 }),
    ], { tag: 'count-box', val: { maxRetries: 5, inner: 0 } }));
    setRetryPolicy(policy('everything', 1, [{ tag: 'pred-true' }], { tag: 'immediate' }));
    setRetryPolicy(policy('deletes', 5, [prop('prop-eq', 'verb', { tag: 'text', val: 'delete' })], { tag: 'never' }));
  },
  names() { return getRetryPolicies().map((p) => p.name + ':' + p.priority); },
  resolve(verb, uri, status) {
    const props = status == null ? [] : [['status', { tag: 'integer', val: status }]];
    const p = resolveRetryPolicy(verb, uri, props);
    if (!p) return 'none';
    const root = p.nodes[0];
    return root.tag === 'count-box' ? 'count-box ' + root.val.maxRetries : root.tag;
  },
  remove(name) { removeRetryPolicy(name); },
};`;

let t: TestEngine;
before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('oplogjs', { kind: 'js', source: JS, wit: WIT });
});
after(() => t.close());

const call = async (id: string, fn: string, args: unknown[] = [], idempotencyKey?: string) =>
  (await t.engine.invoke(id, { function: `demo:oplogjs/api.{${fn}}`, args: args as never, ...(idempotencyKey ? { idempotencyKey } : {}) }))
    .result;

test("get-oplog reads a worker's entries as Golem's public oplog entries; after a kill the reader replays what it read, not the grown log", async () => {
  const a = t.engine.createWorker({ component: 'oplogjs', name: 'written' });
  const b = t.engine.createWorker({ component: 'oplogjs', name: 'reader' });
  await call(a.id, 'note', ['hello']);
  await call(a.id, 'note', ['world']);
  const read = (await call(b.id, 'read', ['written', 1])) as string[];
  // One public entry per entry of the written worker's oplog, in order, each its kind.
  const kinds = t.engine.store.slice(a.id, 1).map((e) => e.kind);
  assert.equal(read.length, kinds.length);
  assert.deepEqual(read, [
    'create written v1',
    'started demo:oplogjs/api.{note}',
    'log stdout hello',
    'finished',
    'started demo:oplogjs/api.{note}',
    'log stdout world',
    'finished',
  ]);
  // From an index: the rest.
  assert.deepEqual(await call(b.id, 'read', ['written', 5]), read.slice(4));
  // Each page is one recorded read-remote call in the reader's oplog (the last one answered none).
  // (A worker reading its own log to the end never ends: each page read appends an entry, as on Golem.)
  const pages = t.engine.store
    .slice(b.id, 1)
    .flatMap((e) =>
      e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/oplog.get-oplog.get-next' ? [e.durability] : [],
    );
  assert.deepEqual(pages, ['read-remote', 'read-remote', 'read-remote', 'read-remote']);

  // The written worker's log grows; the reader is killed and replays: its last read comes from its own oplog.
  const second = (await call(b.id, 'read', ['written', 1])) as string[];
  await call(a.id, 'note', ['more']);
  const grown = t.engine.store.slice(a.id, 1).length;
  assert.ok(grown > second.length);
  await t.engine.kill(b.id);
  assert.deepEqual(await call(b.id, 'last-read'), second);
  // A new read, live, sees the grown log.
  assert.equal(((await call(b.id, 'read', ['written', 1])) as string[]).length, grown);
});

test('search-oplog returns the indices of the entries holding the text', async () => {
  const a = t.engine.createWorker({ component: 'oplogjs', name: 'searched' });
  await call(a.id, 'note', ['needle one']);
  await call(a.id, 'note', ['hay']);
  await call(a.id, 'note', ['needle two']);
  const b = t.engine.createWorker({ component: 'oplogjs', name: 'searcher' });
  const found = (await call(b.id, 'search', ['searched', 'needle'])) as string[];
  const expected = t.engine.store.slice(a.id, 1).filter((e) => JSON.stringify(e).includes('needle'));
  assert.ok(expected.length >= 2);
  assert.deepEqual(
    found,
    expected.map((e) => `${e.index} ${e.kind === 'log' ? `log stdout ${e.message.trim()}` : 'started demo:oplogjs/api.{note}'}`),
  );
});

test('named retry policies: listed, resolved by priority and predicate, kept across kills at every index of the calls that set them', async () => {
  const probe = t.engine.createWorker({ component: 'oplogjs', name: 'policies-probe' });
  const before = t.engine.store.slice(probe.id, 1).length;
  await call(probe.id, 'set-policies', [], 'set');
  const written = t.engine.store.slice(probe.id, 1).length - before;
  for (let k = 1; k <= written; k++) {
    const w = t.engine.createWorker({ component: 'oplogjs', name: `policies-${k}` });
    const start = t.engine.store.slice(w.id, 1).length;
    t.engine.killAfterIndex(w.id, start + k);
    await assert.rejects(call(w.id, 'set-policies', [], 'set'), /killed/, `kill after entry ${start + k}`);
    // The client retries with the same key: the invocation finishes, each policy set once.
    await call(w.id, 'set-policies', [], 'set');
    assert.deepEqual(await call(w.id, 'names'), ['http-5xx:10', 'everything:1', 'deletes:5'], `kill after entry ${start + k}`);
    const sets = t.engine.store
      .slice(w.id, 1)
      .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/retry.set-retry-policy');
    assert.equal(sets.length, 3, `kill after entry ${start + k}`);
    // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
    await t.engine.deleteWorker(w.id, { purge: true });
  }
  const w = probe.id;
  assert.equal(await call(w, 'resolve', ['post', 'https://pay.example/charge', 503]), 'count-box 5');
  // 200 fails http-5xx's predicate; the delete one outranks the catch-all.
  assert.equal(await call(w, 'resolve', ['delete', 'https://pay.example/charge', 200]), 'never');
  // No status property: http-5xx does not match (a missing property is no match), the catch-all does.
  assert.equal(await call(w, 'resolve', ['get', 'https://pay.example/charge', null]), 'immediate');
  await t.engine.kill(w);
  // Rebuilt by replaying the recorded set calls: a live resolve after the kill sees them.
  assert.equal(await call(w, 'resolve', ['post', 'https://pay.example/charge', 500]), 'count-box 5');
  await call(w, 'remove', ['everything']);
  await call(w, 'remove', ['http-5xx']);
  await t.engine.kill(w);
  assert.deepEqual(await call(w, 'names'), ['deletes:5']);
  assert.equal(await call(w, 'resolve', ['get', 'https://pay.example/charge', null]), 'none');
});

// The same reading at the two earlier versions, with their entry shapes (workers at 1.1.7, agents at 1.3.0).
for (const v of ['1.1.7', '1.3.0']) {
  const old = v === '1.1.7';
  const wit = `package demo:oplogv;
interface api {
  note: func(text: string);
  read: func(name: string) -> list<string>;
  last-read: func() -> list<string>;
}
world oplogv {
  import golem:api/host@${v};
  import golem:api/oplog@${v};
  import wasi:cli/stdout@0.2.12;
  export api;
}`;
  const js = `import { getSelfMetadata } from 'golem:api/host@${v}';
import { GetOplog } from 'golem:api/oplog@${v}';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
let lastRead = [];
const id = (name) => ${old ? '({ componentId: getSelfMetadata().workerId.componentId, workerName: name })' : '({ componentId: getSelfMetadata().agentId.componentId, agentId: name })'};
function describe(e) {
  switch (e.tag) {
    case 'create': return 'create ' + ${old ? 'e.val.workerId.workerName + " v" + e.val.componentVersion' : 'e.val.agentId.agentId + " v" + e.val.componentRevision'};
    case 'exported-function-invoked': return 'invoked ' + e.val.functionName + ' ' + e.val.request.length;
    case 'exported-function-completed': return 'completed';
    case 'log': return 'log ' + e.val.level + ' ' + e.val.message.trim();
    default: return e.tag;
  }
}
export const api = {
  note(s) { getStdout().blockingWriteAndFlush(new Uint8Array([...(s + '\\n')].map((c) => c.charCodeAt(0)))); },
  read(name) {
    const g = new GetOplog(id(name), 1);
    const out = [];
    for (let page = g.getNext(); page; page = g.getNext()) for (const e of page) out.push(describe(e));
    lastRead = out;
    return out;
  },
  lastRead() { return lastRead; },
};`;
  test(`golem:api/oplog@${v}: get-oplog in that version's shapes; after a kill the reader replays what it read`, async () => {
    const component = `oplog-${v.replaceAll('.', '-')}`;
    await t.engine.registerComponent(component, { kind: 'js', source: js, wit });
    const a = t.engine.createWorker({ component, name: 'written' });
    const b = t.engine.createWorker({ component, name: 'reader' });
    const fn = (f: string) => `demo:oplogv/api.{${f}}`;
    await t.engine.invoke(a.id, { function: fn('note'), args: ['hello'] });
    const read = (await t.engine.invoke(b.id, { function: fn('read'), args: ['written'] })).result;
    assert.deepEqual(read, ['create written v1', `invoked ${fn('note')} 1`, 'log stdout hello', 'completed']);
    await t.engine.invoke(a.id, { function: fn('note'), args: ['more'] });
    await t.engine.kill(b.id);
    assert.deepEqual((await t.engine.invoke(b.id, { function: fn('last-read') })).result, read);
  });
}
