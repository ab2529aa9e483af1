// The state watch's scheduler (components/worker/coalesce.ts): a burst of
// pokes runs the job once, after the burst; the job never overlaps itself; a
// poke during a run makes exactly one more run after it. On mocked timers, and
// with jobs the test ends itself: a loaded machine's late timers cannot change
// what these tests see (they once did: a 300 ms job had ended before a check
// that expected it still running).

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer } from '../components/worker/coalesce';

/** Lets the job's promise chain settle (setImmediate is not mocked). */
const settle = () => new Promise((r) => setImmediate(r));

/** A coalescer whose job runs until the test calls `finish`, on mocked setTimeout. */
function probe(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let runs = 0;
  let active = 0;
  let maxActive = 0;
  const ends: (() => void)[] = [];
  const c = new Coalescer(async () => {
    runs++;
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((r) => ends.push(r));
    active--;
  }, 40);
  /** Ends the runs under way, and lets what follows them happen. */
  const finish = async () => {
    for (const end of ends.splice(0)) end();
    await settle();
  };
  const tick = (ms: number) => t.mock.timers.tick(ms);
  /** `count` pokes, `gap` ms apart. */
  const burst = (count: number, gap: number) => {
    for (let i = 0; i < count; i++) {
      c.poke();
      tick(gap);
    }
  };
  return { c, stats: () => ({ runs, maxActive }), finish, tick, burst };
}

test('a burst of pokes closer than the delay runs the job once, after the last poke', async (t) => {
  const { c, stats, finish, tick, burst } = probe(t);
  burst(20, 10);
  assert.equal(stats().runs, 0, 'nothing runs while the burst goes on');
  tick(40);
  await finish();
  tick(200);
  assert.deepEqual(stats(), { runs: 1, maxActive: 1 });
  c.dispose();
});

test('pokes while the job runs make one more run after it, never a concurrent one', async (t) => {
  const { c, stats, finish, tick, burst } = probe(t);
  burst(1, 40); // the first run starts, and goes on until finish()
  assert.equal(stats().runs, 1);
  burst(5, 10);
  tick(80); // their trailing timer has fired, the first run still goes on
  assert.deepEqual(stats(), { runs: 1, maxActive: 1 });
  await finish();
  assert.deepEqual(stats(), { runs: 2, maxActive: 1 });
  await finish();
  tick(600);
  assert.deepEqual(stats(), { runs: 2, maxActive: 1 });
  c.dispose();
});

test('separate pokes (further apart than the delay and the job) each run', async (t) => {
  const { c, stats, finish, tick } = probe(t);
  for (let i = 0; i < 3; i++) {
    c.poke();
    tick(50);
    await finish();
    tick(50);
  }
  assert.deepEqual(stats(), { runs: 3, maxActive: 1 });
  c.dispose();
  c.poke();
  tick(80);
  assert.equal(stats().runs, 3, 'nothing runs after dispose');
});
