// A burst of new workers (issue 13): while starts wait in line, a start
// takes a thread of idle workers (beside them, or in the place of one of
// them) instead of a new thread being booted for it (a boot costs ~0.1-0.3 s
// of CPU); lib/runtime/pool/placement.ts. Each worker still starts from its
// own state only, and keeps it after giving way (it comes back by replay).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, jsExample, sharingCounters, type TestEngine } from './helpers';

const BURST = 40;

let t: TestEngine | undefined;
after(async () => t?.close());

test(
  `a burst of ${BURST} new workers is served by the threads of idle workers, each with its own state`,
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
    const served = engine.threadStats().reused - before.reused + engine.sharing().joined;
    // Before this, every start beyond the spares booted a thread (~38 of 40).
    assert.ok(booted <= 8, `${booted} threads booted for a burst of ${BURST} (expected the idle workers' threads to serve it)`);
    assert.ok(served >= BURST - 10, `${served} starts of ${BURST} were served by a thread another worker had run on`);

    // Those that left their thread come back with their own count, by replay.
    const seconds = await Promise.all(workers.map((w) => engine.invoke(w.id, { function: 'api.add', args: [1000] })));
    seconds.forEach((r, i) => assert.equal(Number(r.result), i + 1 + 1000, `worker b${i} kept its count`));
  },
);

test(
  `a burst of ${BURST} new workers after idle workers share threads boots no thread it does not need, and moves nobody`,
  { timeout: 300_000 },
  async () => {
    await t?.close();
    // Eight workers made one after another share two threads; two spares wait.
    const shared = await sharingCounters({ startConcurrency: 2 }, 8, 'idle');
    t = shared.t;
    const { engine } = t;
    const idle = shared.workers;
    const before = engine.threadStats();

    const workers = Array.from({ length: BURST }, (_, i) => engine.createWorker({ component: 'counter', name: `b${i}` }));
    const firsts = await Promise.all(workers.map((w, i) => engine.invoke(w.id, { function: 'api.add', args: [i + 1] })));
    firsts.forEach((r, i) => assert.equal(Number(r.result), i + 1, `worker b${i} started from an empty counter`));
    // Two starts at once, four threads to run them on: none needs a new one (one may be booted should every thread
    // stay busy for 100 ms). Before, workers sharing a thread never handed it over: 4-7 were booted.
    const booted = engine.threadStats().spawned - before.spawned;
    assert.ok(booted <= 1, `${booted} threads booted for a burst of ${BURST} with four threads booted already`);
    assert.equal(engine.sharing().moved, 0, 'no worker was moved off a busy thread');
    // Those that gave way come back with their own count, by replay.
    const counts = await Promise.all([...idle, ...workers].map((w) => engine.invoke(w.id, { function: 'api.add', args: [1000] })));
    counts.forEach((r, i) => assert.equal(Number(r.result), (i < 8 ? 1 : i - 8 + 1) + 1000, `worker ${i} kept its count`));
  },
);
