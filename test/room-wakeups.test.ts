// A start in a burst with nowhere to run at once waits for room before it
// boots a thread (lib/runtime/pool/placement.ts). Here that wait is made a
// minute long (roomWaitMs), so a start that runs before the one queued behind
// it was woken: by a worker leaving a shared thread (hosts.ts leave). Without
// that wake-up the start slot it holds is freed after 5 s (start-queue.ts),
// the start queued behind it overtakes it, and only that one's going idle
// wakes it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, recoveryDone, untilWorker, type TestEngine } from './helpers';

/** Longer than any bound below: a start that ends sooner was woken, not timed out. */
const ROOM_WAIT_MS = 60_000;
/** A generous bound for a woken start on a loaded machine, well under ROOM_WAIT_MS. */
const WOKEN_WITHIN_MS = 25_000;

// `hold` blocks its thread for `ms` (a sleep under a second blocks), then sleeps a minute (a longer one suspends:
// the worker leaves its thread).
const HOLD = {
  kind: 'js' as const,
  source: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
let n = 0;
export function hold(ms) {
  subscribeDuration(ms * 1000000).block();
  subscribeDuration(60000 * 1000000).block();
  return ms;
}
export function inc() { n += 1; return n; }
`,
  wit: `package t:hold;
world hold {
  import wasi:clocks/monotonic-clock@0.2.12;
  export hold: func(ms: u32) -> u32;
  export inc: func() -> u32;
}
`,
};

let t: TestEngine | undefined;
after(async () => t?.close());

/** Resolves with `p`, or fails saying `what` was not woken within WOKEN_WITHIN_MS. */
function woken<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} still waits for room after ${WOKEN_WITHIN_MS} ms: it was not woken`)),
      WOKEN_WITHIN_MS,
    );
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

test('a start waiting for room is woken by a worker leaving a shared thread, and joins it', { timeout: 120_000 }, async () => {
  // No spares, one start at a time (n2's start waits in line behind n1's: a burst), three workers to a thread.
  t = makeEngine({ spareThreads: 0, startConcurrency: 1, workersPerThread: 3, idleEvictMs: 600_000, roomWaitMs: ROOM_WAIT_MS });
  const { engine } = t;
  await engine.registerComponent('hold', HOLD);
  const [a, s] = ['a', 's'].map((name) => engine.createWorker({ component: 'hold', name }));
  for (const w of [a!, s!]) assert.equal((await engine.invoke(w.id, { function: 'inc' })).result, 1);
  assert.equal(engine.sharing().threads, 1, 'a and s share one thread');

  // s runs on the shared thread for 0.8 s, then suspends and leaves it: until then nothing may join it or take a's place.
  await engine.invoke(s!.id, { function: 'hold', args: [800], wait: false });
  await untilWorker(t, 's runs', s!.id, (w) => w.status === 'running', 10_000);
  const booted = engine.threadStats().spawned;

  const news = ['n1', 'n2'].map((name) => engine.createWorker({ component: 'hold', name }));
  // Threads booted once n1 has started (n2 starts after it, and may boot one: s's thread is full or busy by then).
  const bootedByN1 = recoveryDone(t, news[0]!.id).then(() => engine.threadStats().spawned);
  // n1's start takes the start slot first (both starts reach it after the same awaits) and waits for room; n2 waits in line.
  const order: string[] = [];
  const calls = news.map((w) => engine.invoke(w.id, { function: 'inc' }).finally(() => order.push(w.name)));
  const firsts = await woken('the start of n1', Promise.all(calls));
  assert.deepEqual(order, ['n1', 'n2'], 'n1, waiting for room, was woken before its slot was freed for n2');
  firsts.forEach((r) => assert.equal(r.result, 1));
  assert.equal(engine.status(s!.id).status, 'suspended', 's left the thread by suspending');
  assert.equal(await bootedByN1, booted, 'no thread was booted for n1: it joined the thread s left');
});
