// A component built here against golem:api/host@1.3.0 and the same one against
// @1.5.0 (WAT, Golem's ABI by hand: test/fixtures/golem-v13; the functions it
// uses have the same ABI in both) runs on the same runtime semantics as 1.1.7:
// a promise read through get-promise / get-promise-result (subscribe().block()
// suspends, get() reads), agent metadata, fork-agent and update-agent, each
// killed in the middle.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, promiseThroughKills, root, untilWorker, type TestEngine } from './helpers';
import type { WorkerInfo } from '../lib/runtime/types';

const VERSIONS = ['1.3.0', '1.5.0'];
const fixture = (f: string, v: string) =>
  readFileSync(path.join(root, 'test', 'fixtures', 'golem-v13', f), 'utf8').replaceAll('golem:api/host@1.3.0', `golem:api/host@${v}`);
const source = (v: string) => ({ kind: 'wat' as const, source: fixture('agent.wat', v), wit: fixture('agent.wit', v) });
let t: TestEngine;

before(async () => {
  t = makeEngine({ idleEvictMs: 60_000 });
  for (const v of VERSIONS) await t.engine.registerComponent(`agent${v.replaceAll('.', '')}`, source(v));
});
after(() => t.close());

const until = (what: string, id: string, ok: (w: WorkerInfo) => boolean, ms = 15_000) => untilWorker(t, what, id, ok, ms);

/** Invokes with a key; an invocation cut short by a kill is retried with it. */
async function invokeRetrying(id: string, fn: string, args: unknown[], kills: { n: number }): Promise<unknown> {
  for (;;) {
    try {
      return (await t.engine.invoke(id, { function: fn, args: args as never, idempotencyKey: fn })).result;
    } catch (e) {
      assert.match((e as Error).message, /killed/);
      kills.n += 1;
      assert.ok(kills.n < 3, 'killed more than once');
    }
  }
}

const functions = (id: string) =>
  t.engine.store.slice(id, 1).flatMap((e) => (e.kind === 'imported-function-invoked' ? [e.functionName] : []));

for (const v of VERSIONS) {
  const C = `agent${v.replaceAll('.', '')}`;

  test(`${v}: promise through get-promise: block suspends, a kill while suspended answers at once, completion resumes it`, async () => {
    const results = await promiseThroughKills(t, C, 'approver', 'approve', 'granted', (id) => {
      assert.deepEqual(functions(id), ['golem:api/host.create-promise', 'golem:api/host.await-promise', 'golem:api/host.poll-promise']);
    });
    // Replayed after another kill: the same answer from the oplog.
    assert.deepEqual(results, ['granted', 'granted']);
  });

  test(`${v}: agent metadata and fork-agent, killed at every index`, async () => {
    const base = t.engine.createWorker({ component: C, name: 'forker' });
    assert.equal(await invokeRetrying(base.id, 'self-name', [], { n: 0 }), 'forker');
    assert.equal(await invokeRetrying(base.id, 'fork-to', ['forker-copy'], { n: 0 }), true);
    assert.equal(t.engine.getWorker(`${C}/forker-copy`).component, C);
    const total = t.engine.store.length(base.id);
    let kills = 0;
    for (let k = 1; k <= total; k++) {
      const w = t.engine.createWorker({ component: C, name: `f-${k}` });
      t.engine.killAfterIndex(w.id, k);
      const run = { n: 0 };
      assert.equal(await invokeRetrying(w.id, 'self-name', [], run), `f-${k}`, `kill after ${k}`);
      assert.equal(await invokeRetrying(w.id, 'fork-to', [`f-${k}-copy`], run), true, `kill after ${k}`);
      kills += run.n;
      assert.equal(functions(w.id).filter((f) => f === 'golem:api/host.fork-worker').length, 1, `kill after ${k}: forked once`);
      assert.equal(t.engine.getWorker(`${C}/f-${k}-copy`).component, C);
      // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
      await t.engine.deleteWorker(w.id, { purge: true });
    }
    assert.equal(kills, total, 'a kill happened at every index');
  });

  test(`${v}: update-agent moves another agent to a new revision, asked once even when the asker is killed at every index`, async () => {
    await t.engine.registerComponent(C, source(v));
    const base = t.engine.createWorker({ component: C, name: 'asker', version: 1 });
    const target = t.engine.createWorker({ component: C, name: 'target', version: 1 });
    assert.equal(await invokeRetrying(target.id, 'self-name', [], { n: 0 }), 'target');
    await invokeRetrying(base.id, 'update-to', ['target', 2], { n: 0 });
    await until('the update', target.id, (i) => i.version === 2);
    assert.equal(
      await invokeRetrying(target.id, 'self-name', [], { n: 0 }),
      'target',
      'the updated agent replays its history on revision 2',
    );
    const total = t.engine.store.length(base.id);
    let kills = 0;
    for (let k = 2; k <= total; k++) {
      const w = t.engine.createWorker({ component: C, name: `u-${k}`, version: 1 });
      const other = t.engine.createWorker({ component: C, name: `u-${k}-target`, version: 1 });
      t.engine.killAfterIndex(w.id, k);
      const run = { n: 0 };
      await invokeRetrying(w.id, 'update-to', [`u-${k}-target`, 2], run);
      kills += run.n;
      await until(`the update, kill after ${k}`, other.id, (i) => i.version === 2);
      assert.equal(functions(w.id).filter((f) => f === 'golem:api/host.update-worker').length, 1, `kill after ${k}: asked once`);
    }
    assert.equal(kills, total - 1, 'a kill happened at every index');
  });
}
