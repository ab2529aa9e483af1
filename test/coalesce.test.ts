// The state watch's scheduler (components/worker/coalesce.ts): a burst of
// pokes runs the job once, after the burst; the job never overlaps itself; a
// poke during a run makes exactly one more run after it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer } from '../components/worker/coalesce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function probe(jobMs: number) {
  let runs = 0;
  let active = 0;
  let maxActive = 0;
  const c = new Coalescer(async () => {
    runs++;
    active++;
    maxActive = Math.max(maxActive, active);
    await sleep(jobMs);
    active--;
  }, 40);
  return { c, stats: () => ({ runs, maxActive }) };
}

test('a burst of pokes closer than the delay runs the job once, after the last poke', async () => {
  const { c, stats } = probe(5);
  for (let i = 0; i < 20; i++) {
    c.poke();
    await sleep(10);
  }
  assert.equal(stats().runs, 0, 'nothing runs while the burst goes on');
  await sleep(120);
  assert.deepEqual(stats(), { runs: 1, maxActive: 1 });
  c.dispose();
});

test('pokes while the job runs make one more run after it, never a concurrent one', async () => {
  const { c, stats } = probe(300);
  c.poke();
  await sleep(60); // the first run has started (at 40 ms; it lasts 300)
  assert.equal(stats().runs, 1);
  for (let i = 0; i < 5; i++) {
    c.poke();
    await sleep(10);
  }
  await sleep(80); // their trailing timer has fired, the first run still goes on
  assert.deepEqual(stats(), { runs: 1, maxActive: 1 });
  await sleep(600);
  assert.deepEqual(stats(), { runs: 2, maxActive: 1 });
  c.dispose();
});

test('separate pokes (further apart than the delay and the job) each run', async () => {
  const { c, stats } = probe(5);
  for (let i = 0; i < 3; i++) {
    c.poke();
    await sleep(100);
  }
  assert.deepEqual(stats(), { runs: 3, maxActive: 1 });
  c.dispose();
  c.poke();
  await sleep(80);
  assert.equal(stats().runs, 3, 'nothing runs after dispose');
});
