// The durability checker, driven as the web app drives it: a runtime process
// of its own, killed for real at every kill point (threads terminated, the
// process SIGKILLed). It must pass the shipped examples, report the HTTP
// request repeated by a kill inside the call, and find a planted bug.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CheckRuntime } from '../lib/checker/check-runtime';
import { RUNTIME_SAMPLES } from '../lib/checker/plan';
import { EXAMPLE_SCRIPTS } from '../lib/checker/scripts';
import { jsExample } from './helpers';
import { byPhase, checkRig, describeRun as describe, newCheckRuntime, type CheckRig } from './checker-rig';

let rig: CheckRig;
let crt: CheckRuntime;
/** The cart's runtime SIGKILL runs on a second runtime, alongside the other runs, as the web app runs it; the counter's runs after them on the first. */
let crashRuntime: CheckRuntime | undefined;
let services: CheckRig['services'];

before(async () => {
  rig = await checkRig({ PLAYGROUND_TEST_HOST: '1' });
  ({ crt, services } = rig);
});
after(async () => {
  await rig.close();
  await crashRuntime?.close();
});

const check: CheckRig['check'] = (...a) => rig.check(...a);

// The full grid the web app runs ('all', the default runtime samples): the
// browser test (e2e/checker.spec.ts) checks a shorter script's grid on screen.
test('shopping cart: identical at every kill point, the payment repeated only by a kill inside the request', async () => {
  crashRuntime = newCheckRuntime();
  for (const r of [crt, crashRuntime]) await r.client.api.registerComponent('shopping-cart', jsExample('shopping-cart', 'cart'));
  const crashPid = crashRuntime.client.pid;
  const script = EXAMPLE_SCRIPTS['shopping-cart'];
  assert.ok(script);
  const r = await check(
    { component: 'shopping-cart', version: 1, env: { PAYMENT_URL: `${services.url}/payment` }, steps: script.steps, killPoints: 'all' },
    undefined,
    undefined,
    crashRuntime,
  );
  assert.equal(r.status, 'done', r.error);
  assert.equal(r.done, r.total);
  // The checkout was paid once in the baseline, with a random order id.
  assert.equal(r.baseline.effects.length, 1);
  const n = r.baseline.oplogLength;
  assert.ok(n >= 20, `baseline has ${n} entries`);
  assert.ok(r.total > 40, `${r.total} kill points`);
  assert.equal(byPhase(r.runs, 'after-entry').length, n);
  // RUNTIME_SAMPLES runtime SIGKILLs, one right after the payment request is recorded.
  const runtimeKills = byPhase(r.runs, 'runtime').map((x) => x.killAt.index);
  assert.equal(runtimeKills.length, RUNTIME_SAMPLES);
  assert.ok(
    runtimeKills.includes(r.baseline.oplog.find((e) => e.text.startsWith('playground:http/client.send'))!.index),
    String(runtimeKills),
  );
  // They were SIGKILLs of the second runtime, and only of it.
  assert.notEqual(crashRuntime.client.pid, crashPid);
  assert.equal(crashRuntime.client.restarts, RUNTIME_SAMPLES);
  assert.equal(crt.client.restarts, 0);
  // A recovery kill after every entry whose recovery replays two guest entries or more: all but the first few.
  assert.ok(byPhase(r.runs, 'in-recovery').length >= n - 4, `${byPhase(r.runs, 'in-recovery').length} recovery kills of ${n} entries`);
  const inCall = byPhase(r.runs, 'in-host-call');
  assert.deepEqual(inCall.map((x) => x.killAt.call).sort(), [
    'playground:http/client.send',
    'wasi:cli/environment.get-environment',
    'wasi:random/random.get-random-u64',
  ]);

  for (const run of r.runs) {
    const httpWindow = run.killAt.phase === 'in-host-call' && run.killAt.call === 'playground:http/client.send';
    // The request left, the kill hit before its response was recorded: recovery sends it again, with the same order id.
    assert.equal(run.verdict, httpWindow ? 'repeated-effect' : 'identical', describe(run));
    assert.equal(run.kills, run.killAt.phase === 'in-recovery' ? 2 : 1, describe(run));
    assert.equal(run.effects?.length, httpWindow ? 2 : 1, describe(run));
    assert.deepEqual(run.results, r.baseline.results);
  }
  const repeated = inCall.find((x) => x.verdict === 'repeated-effect')!;
  assert.equal(repeated.effects![0]!.body, repeated.effects![1]!.body);
  assert.equal(repeated.effects![0]!.body, r.baseline.effects[0]!.body);
});

test('counter: identical at every kill point', async () => {
  await crt.client.api.registerComponent('counter', jsExample('counter', 'counter'));
  const r = await check({ component: 'counter', version: 1, env: {}, steps: EXAMPLE_SCRIPTS.counter!.steps, killPoints: 'all' }, 1);
  assert.equal(r.status, 'done', r.error);
  assert.deepEqual(
    r.baseline.results.map((x) => ('ok' in x ? x.ok : x.error)),
    [1, 3, 3, 42, 42],
  );
  // Every point, none sampled: a kill after each entry, and a recovery kill after each from the first whose recovery replays two guest entries.
  const n = r.baseline.oplogLength;
  assert.equal(byPhase(r.runs, 'after-entry').length, n);
  const recovery = byPhase(r.runs, 'in-recovery').map((x) => x.killAt.index);
  assert.ok(recovery.length > 0);
  assert.deepEqual(
    recovery,
    Array.from({ length: n - recovery[0]! }, (_, k) => recovery[0]! + k),
  );
  for (const run of r.runs) assert.equal(run.verdict, 'identical', describe(run));
});

// The service's URL is an argument: `{origin}` in it is filled as in env (here the local service stands in for this server).
test('workflow: identical at every kill point, a step repeated only by a kill inside its request', async () => {
  await crt.client.api.registerComponent('workflow', jsExample('workflow', 'workflow'));
  const script = EXAMPLE_SCRIPTS.workflow!;
  const r = await check({ component: 'workflow', version: 1, env: {}, steps: script.steps, killPoints: 'all', origin: services.url }, 1);
  assert.equal(r.status, 'done', r.error);
  assert.deepEqual(r.baseline.results, [{ ok: ['step 1 -> 200', 'step 2 -> 200'] }]);
  // The argument reached the service: each step posted once, to {origin}/api/demo/workflow.
  assert.deepEqual(r.baseline.effects, [
    { service: 'POST /api/demo/workflow', body: 'step 1' },
    { service: 'POST /api/demo/workflow', body: 'step 2' },
  ]);
  const n = r.baseline.oplogLength;
  assert.equal(byPhase(r.runs, 'after-entry').length, n);
  assert.ok(byPhase(r.runs, 'in-recovery').length >= n - 4, `${byPhase(r.runs, 'in-recovery').length} recovery kills of ${n} entries`);
  assert.equal(byPhase(r.runs, 'runtime').length, 1);
  const sends = byPhase(r.runs, 'in-host-call').filter((x) => x.killAt.call === 'playground:http/client.send');
  assert.equal(sends.length, 2);
  for (const run of r.runs) {
    const httpWindow = run.killAt.phase === 'in-host-call' && run.killAt.call === 'playground:http/client.send';
    assert.equal(run.verdict, httpWindow ? 'repeated-effect' : 'identical', describe(run));
    assert.deepEqual(run.results, r.baseline.results, describe(run));
  }
  // Killed inside step k's request: the service saw step k twice, the other step once.
  for (const [k, run] of sends.entries()) {
    const bodies = run.effects!.map((e) => e.body);
    assert.deepEqual(bodies, k === 0 ? ['step 1', 'step 1', 'step 2'] : ['step 1', 'step 2', 'step 2'], describe(run));
  }
});

const PLANTED_WIT = `package test:planted;
interface unrecorded { next-token: func() -> u32; }
interface api { add: func(n: u32) -> u32; start: func(); total: func() -> u32; }
world planted { import unrecorded; export api; }`;
const PLANTED_JS = `import { nextToken } from 'test:planted/unrecorded';
let sum = 0;
let token = 0;
export const api = {
  add(n) { sum += n; return sum; },
  start() { token = nextToken(); },
  total() { return sum + 100 * token; },
};`;

test('a planted bug (a host function whose result is never recorded) is found: differs from the first kill after the call', async () => {
  await crt.client.api.registerComponent('planted', { kind: 'js', source: PLANTED_JS, wit: PLANTED_WIT });
  const steps = [
    { function: 'api.add', args: [1] },
    { function: 'api.start', args: [] },
    { function: 'api.add', args: [2] },
    { function: 'api.total', args: [] },
  ];
  const points = [1, 2, 3, 4, 5, 6, 7, 8].map((index) => ({ index, phase: 'after-entry' as const }));
  const r = await check({ component: 'planted', version: 1, env: {}, steps, killPoints: points });
  assert.equal(r.status, 'done', r.error);
  assert.deepEqual(r.baseline.results.at(-1), { ok: 103 });
  // start's invocation is entry 4; the unrecorded call runs inside it.
  for (const run of r.runs) {
    if (run.killAt.index < 4) assert.equal(run.verdict, 'identical', describe(run));
    else {
      assert.equal(run.verdict, 'differs', describe(run));
      assert.deepEqual(run.firstDifference, { what: 'result', step: 3, baseline: '103', run: '3' }, describe(run));
    }
  }
});
