// For a component that uses clocks, random, stdout and HTTP, kill the worker's
// thread right after each oplog index in turn. Every recovery must end in the
// same state as an uninterrupted run, and the HTTP service must have seen
// each request exactly once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineWithServer, jsExample } from './helpers';
import type { Engine } from '../lib/runtime/engine';
import { decode, type Encoded } from '../lib/oplog/codec';

const STEPS = 3;
const { t, server } = await engineWithServer(async (t) => {
  await t.engine.registerComponent('steps', jsExample('durable-steps', 'steps'));
});

/** Invokes; an invocation cut short by a kill is retried with its key. */
async function invokeRetrying(
  engine: Engine,
  id: string,
  fn: string,
  args: unknown[],
  key: string,
  kills: { n: number },
): Promise<unknown> {
  for (;;) {
    try {
      return (await engine.invoke(id, { function: fn, args: args as never, idempotencyKey: key })).result;
    } catch (e) {
      assert.match((e as Error).message, /killed/);
      kills.n += 1;
      assert.ok(kills.n < 3, 'a worker was killed more than once');
    }
  }
}

async function runWorkflow(engine: Engine, id: string): Promise<{ results: string[]; summary: string[]; kills: number }> {
  const kills = { n: 0 };
  const results: string[] = [];
  for (let n = 1; n <= STEPS; n++)
    results.push((await invokeRetrying(engine, id, 'api.step', [n, server.authority], `step-${n}`, kills)) as string);
  const summary = (await invokeRetrying(engine, id, 'api.summary', [], 'summary', kills)) as string[];
  return { results, summary, kills: kills.n };
}

/**
 * What the callers were told must be what the oplog recorded, once: the random
 * number, the service's reply and the printed line of every step come from
 * the one recorded call (a replay that drew again, asked again or printed
 * again would disagree), and the kinds of entries match the uninterrupted
 * run's except for one `interrupted` entry right after the kill point.
 */
function checkAgainstOplog(id: string, results: string[], label: string): string[] {
  const entries = t.engine.store.slice(id, 1);
  const calls = (fn: string) =>
    entries
      .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === fn)
      .map(
        (e) =>
          (e.kind === 'imported-function-invoked'
            ? { request: decode(e.request as Encoded), response: decode(e.response as Encoded) }
            : undefined)!,
      );
  const randoms = calls('wasi:random/random.get-random-u64').map((c) => String(Number((c.response as { ok: bigint }).ok) % 1000000)); // the guest sees a u64 as a JS number
  const http = calls('playground:http/client.send');
  const logs = entries.filter((e) => e.kind === 'log').map((e) => (e.kind === 'log' ? e.message : ''));
  assert.equal(randoms.length, STEPS, `${label}: one random draw recorded per step`);
  results.forEach((line, i) => {
    const [n, r, , reply] = line.split(':');
    assert.equal(n, String(i + 1), label);
    assert.equal(r, randoms[i], `${label}: step ${n} returned the recorded random number`);
    const res = (http[i]!.response as { ok: { status: number; body: string } }).ok;
    assert.equal(reply, `${res.status} ${res.body}`, `${label}: step ${n} returned the recorded reply`);
    assert.equal(
      Buffer.from((http[i]!.request as { body: string }).body, 'base64').toString(),
      `step-${n}-${r}`,
      `${label}: step ${n} sent its number`,
    );
  });
  assert.deepEqual(
    logs,
    randoms.map((r, i) => `step ${i + 1} drew ${r}\n`),
    `${label}: each line printed once, with the recorded number`,
  );
  return entries.map((e) => e.kind);
}

test('kill at every oplog index: recovery always reaches the uninterrupted state, HTTP exactly once', async () => {
  const base = t.engine.createWorker({ component: 'steps', name: 'baseline' });
  const before = server.bodies.length;
  const baseline = await runWorkflow(t.engine, base.id);
  assert.equal(baseline.kills, 0);
  assert.equal(server.bodies.length - before, STEPS);
  const total = t.engine.store.length(base.id);
  const baseKinds = checkAgainstOplog(base.id, baseline.results, 'baseline');
  assert.ok(!baseKinds.includes('interrupted'));
  const shape = (lines: string[]) => lines.map((l) => l.split(':')[0] + ':' + l.split(':')[2]);

  let killedRuns = 0;
  for (let k = 1; k <= total; k++) {
    const w = t.engine.createWorker({ component: 'steps', name: `kill-at-${k}` });
    t.engine.killAfterIndex(w.id, k);
    const sent = server.bodies.length;
    const run = await runWorkflow(t.engine, w.id);
    killedRuns += run.kills;

    // Same state as an uninterrupted run: same steps in order, and the guest's
    // memory holds exactly the results the callers were given.
    assert.deepEqual(shape(run.results), shape(baseline.results), `kill after index ${k}`);
    assert.deepEqual(run.summary, run.results, `kill after index ${k}: memory matches results`);
    const kinds = checkAgainstOplog(w.id, run.results, `kill after index ${k}`);
    assert.equal(kinds[k], 'interrupted', `kill after index ${k}: the entry at ${k + 1} says the worker was interrupted`);
    // A retry that reaches an interrupted worker is first recorded as pending: the one other difference allowed.
    const retried = kinds.filter((x, i) => i !== k && x !== 'pending-worker-invocation');
    assert.deepEqual(retried, baseKinds, `kill after index ${k}: the same entries as the uninterrupted run, plus the interruption`);
    assert.ok(
      kinds.filter((x) => x === 'pending-worker-invocation').length <= 1,
      `kill after index ${k}: at most the retried call was enqueued`,
    );

    // Every request recorded in this worker's oplog reached the service once.
    const recorded = t.engine.store
      .slice(w.id, 1)
      .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'playground:http/client.send')
      .map((e) => (e.kind === 'imported-function-invoked' ? Buffer.from((e.request as { body: string }).body, 'base64').toString() : ''));
    assert.equal(recorded.length, STEPS, `kill after index ${k}: one recorded request per step`);
    const seen = server.bodies.slice(sent);
    for (const body of recorded) assert.equal(seen.filter((b) => b === body).length, 1, `kill after index ${k}: ${body} seen once`);
    assert.equal(seen.length, STEPS, `kill after index ${k}: no request sent twice`);
    // Done with it: deleting gives its thread to the next run (a kill point costs one thread boot, not two).
    await t.engine.deleteWorker(w.id, { purge: true });
  }
  // The kill must really have happened for every index inside the run.
  assert.equal(killedRuns, total);
});

test('a guest that asks for another call than the recorded one stops recovery with a divergence naming both', async () => {
  const w = t.engine.createWorker({ component: 'steps', name: 'diverge' });
  await t.engine.invoke(w.id, { function: 'api.step', args: [1, server.authority] });
  // History that this code could not have produced: the recorded random call becomes a clock call.
  const rnd = t.engine.store.hostCalls(w.id, 'wasi:random/random.get-random-u64')[0]!;
  t.engine.db
    .prepare(
      `UPDATE "OplogEntry" SET payload = json_set(payload, '$.functionName', 'wasi:clocks/wall-clock.now') WHERE workerId = ? AND idx = ?`,
    )
    .run(w.id, rnd.index);
  await t.engine.kill(w.id);
  await assert.rejects(
    t.engine.invoke(w.id, { function: 'api.summary' }),
    new RegExp(
      `replay diverged at oplog index ${rnd.index}: the oplog recorded a call to wasi:clocks/wall-clock.now\\(null\\), but the guest made a call to wasi:random/random.get-random-u64\\(null\\)`,
    ),
  );
  assert.equal(t.engine.getWorker(w.id).status, 'failed');
});
