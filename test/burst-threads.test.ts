// A burst of new workers (issue 13): while starts wait in line, a worker that
// goes idle gives its thread to the next start instead of a new thread being
// booted for it (a boot costs ~0.3 s of CPU). Each worker still starts from
// its own state only, and keeps it after leaving its thread (it comes back by
// replay).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, jsExample, type TestEngine } from './helpers';

const BURST = 40;

let t: TestEngine | undefined;
after(async () => t?.close());

test(
  `a burst of ${BURST} new workers is served by the threads idle workers leave, each with its own state`,
  { timeout: 300_000 },
  async () => {
    // Two start slots whatever the machine: the rest of the burst waits in line.
    t = makeEngine({ startConcurrency: 2, idleEvictMs: 600_000 });
    const { engine } = t;
    await engine.registerComponent('counter', jsExample('counter', 'counter'));
    await engine.components.load('counter', 1);
    const before = engine.threadStats();

    const workers = Array.from({ length: BURST }, (_, i) => engine.createWorker({ component: 'counter', name: `b${i}` }));
    // Each adds its own number: a worker that saw another's counter would answer more.
    const firsts = await Promise.all(workers.map((w, i) => engine.invoke(w.id, { function: 'api.add', args: [i + 1] })));
    firsts.forEach((r, i) => assert.equal(Number(r.result), i + 1, `worker b${i} started from an empty counter`));

    const booted = engine.threadStats().spawned - before.spawned;
    const reused = engine.threadStats().reused - before.reused;
    // Before this, every start beyond the spares booted a thread (~38 of 40).
    assert.ok(booted <= 8, `${booted} threads booted for a burst of ${BURST} (expected the idle workers' threads to serve it)`);
    assert.ok(reused >= BURST - 10, `${reused} starts of ${BURST} were served by a thread another worker left`);

    // Those that left their thread come back with their own count, by replay.
    const seconds = await Promise.all(workers.map((w) => engine.invoke(w.id, { function: 'api.add', args: [1000] })));
    seconds.forEach((r, i) => assert.equal(Number(r.result), i + 1 + 1000, `worker b${i} kept its count`));
  },
);
