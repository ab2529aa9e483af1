// The durability checker on the shipped examples that use Golem's host API:
// the approval workflow (a promise the script completes while the worker is
// suspended on it) and ping-pong (worker-to-worker RPC). Killed for real at
// every kill point the web app's grid has: after every entry, inside every host
// call (the calls the runtime records itself, create-promise, too), again during
// every recovery, and one runtime SIGKILL (the phase's sample; the cart's test
// runs the default four).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE_SCRIPTS } from '../lib/checker/scripts';
import { jsExample } from './helpers';
import { byPhase, checkRig, describeRun as describe, type CheckRig } from './checker-rig';

let rig: CheckRig;
before(async () => {
  rig = await checkRig();
});
after(() => rig.close());

/** Every kill point the plan derived from the baseline ran (none left out), one runtime SIGKILL among them. */
function everyPhase(r: Awaited<ReturnType<CheckRig['check']>>): void {
  assert.equal(r.runs.length, r.total);
  assert.equal(byPhase(r.runs, 'after-entry').length, r.baseline.oplogLength);
  assert.ok(byPhase(r.runs, 'in-recovery').length > r.baseline.oplogLength / 2, `${byPhase(r.runs, 'in-recovery').length} recovery kills`);
  assert.equal(byPhase(r.runs, 'runtime').length, 1);
}

test('approval workflow: the script completes the promise run waits on; identical at every kill point, inside create-promise too', async () => {
  await rig.crt.client.api.registerComponent('approval-workflow', jsExample('approval-workflow', 'approval'));
  const script = EXAMPLE_SCRIPTS['approval-workflow']!;
  const r = await rig.check(
    {
      component: 'approval-workflow',
      version: 1,
      env: { NOTIFY_URL: `${rig.services.url}/notify` },
      steps: script.steps,
      killPoints: 'all',
    },
    1,
  );
  assert.equal(r.status, 'done', r.error);
  assert.deepEqual(r.baseline.results, [{ ok: 'no request yet' }, { ok: 'approved: buy a boat' }, { ok: '"buy a boat" approved by ann' }]);
  // One notification, naming the worker (normalised: each run has its own) and the promise to complete.
  assert.equal(r.baseline.effects.length, 1);
  const promise = r.baseline.oplog.find((e) => e.text.startsWith('golem:api/host.create-promise'))!;
  assert.equal(r.baseline.effects[0]?.body, JSON.stringify({ worker: '{worker}', promise: promise.index, request: 'buy a boat' }));
  // The promise was created, awaited (the worker suspended), completed by the script, and read.
  assert.ok(r.baseline.oplog.some((e) => e.text.startsWith('golem:api/host.await-promise')));
  const inCall = byPhase(r.runs, 'in-host-call');
  // create-promise is recorded by the runtime, not the thread: a kill inside it is reached too.
  for (const fn of [
    'golem:api/host.create-promise',
    'golem:api/host.get-self-metadata',
    'playground:http/client.send',
    'golem:api/host.await-promise',
  ]) {
    assert.ok(
      inCall.some((x) => x.killAt.call === fn),
      `an in-host-call kill point inside ${fn}`,
    );
  }
  everyPhase(r);
  for (const run of r.runs) {
    const httpWindow = run.killAt.phase === 'in-host-call' && run.killAt.call === 'playground:http/client.send';
    assert.equal(run.verdict, httpWindow ? 'repeated-effect' : 'identical', describe(run));
    assert.equal(run.kills, run.killAt.phase === 'in-recovery' ? 2 : 1, describe(run));
    assert.equal(run.effects?.length, httpWindow ? 2 : 1, describe(run));
  }
  // A kill before the promise existed shifted its id (the interrupted entry took an index): compared as the same promise.
  const early = r.runs.find((x) => x.killAt.phase === 'after-entry' && x.killAt.index < promise.index)!;
  assert.notEqual(early.oplog.find((e) => e.text.startsWith('golem:api/host.create-promise'))!.index, promise.index, describe(early));
});

test('ping-pong: each run calls a callee of its own; identical at every kill point, inside the RPC call too', async () => {
  await rig.crt.client.api.registerComponent('rpc-pair', jsExample('rpc-pair', 'pingpong'));
  const r = await rig.check(
    { component: 'rpc-pair', version: 1, env: {}, steps: EXAMPLE_SCRIPTS['rpc-pair']!.steps, killPoints: 'all' },
    1,
  );
  assert.equal(r.status, 'done', r.error);
  assert.deepEqual(r.baseline.results, [{ ok: { ok: 2 } }, { ok: { ok: 42 } }, { ok: 8 }, { ok: 1 }]);
  const rpcCalls = byPhase(r.runs, 'in-host-call').filter((x) => x.killAt.call === 'golem:rpc/types.wasm-rpc.invoke-and-await');
  assert.equal(rpcCalls.length, 2);
  everyPhase(r);
  for (const run of r.runs) {
    assert.equal(run.verdict, 'identical', describe(run));
    assert.equal(run.kills, run.killAt.phase === 'in-recovery' ? 2 : 1, describe(run));
  }
  // Each run's callee answered each of its two pings once, however the caller was killed (the RPC's key is the caller's).
  const callees = (await rig.crt.client.api.listWorkers({ component: 'rpc-pair' })).filter(
    (w) => w.name.endsWith('-pong') && w.name.startsWith(r.id.slice(0, 8)),
  );
  assert.equal(callees.length, r.runs.length + 1);
  for (const w of callees)
    assert.equal((await rig.crt.client.api.invoke(w.id, { function: 'demo:pingpong/api.{count}' })).result, 2, w.name);
});
