// Replay debugger figures: the cost of a step and of a rewind on a worker
// with a 10,000-entry oplog. Run: npm run build:runtime && node --import tsx bench/debugger.ts

import { example, makeEngine } from '../lib/testing/harness';
import { pct } from './stats';

const ex = (f: string) => example('counter', f);
const row = (name: string, value: number, target: string) =>
  console.log(`${name.padEnd(52)} ${value.toFixed(2).padStart(9)} ms   ${target}`);

const { engine, close } = makeEngine({}, 'dp-bench-dbg-');
try {
  await engine.registerComponent('counter', { kind: 'js', source: ex('counter.js'), wit: ex('counter.wit') });
  const w = engine.createWorker({ component: 'counter', name: 'long' });
  for (let i = 0; i < 5000; i++) await engine.invoke(w.id, { function: 'api.add', args: [1] });
  const last = engine.store.length(w.id);
  console.log(`Durable Playground debugger bench — ${last} oplog entries, ${new Date().toISOString()}\n`);

  let t = performance.now();
  let { sessionId } = await engine.startDebug(w.id);
  row('open a session (instance ready, before entry 1)', performance.now() - t, '');
  const steps: number[] = [];
  for (let i = 0; i < 300; i++) {
    t = performance.now();
    await engine.debug(sessionId, { type: 'step' });
    steps.push(performance.now() - t);
  }
  row('step, p50 of 300', pct(steps, 50), 'target ≤ 20 ms');
  row('step, p99 of 300', pct(steps, 99), '');
  t = performance.now();
  await engine.debug(sessionId, { type: 'continue', toIndex: last - 1 });
  row(`continue to index ${last - 1}`, performance.now() - t, '');
  // A person looks at a stop before rewinding again: the standby session
  // (booted beside each session) is ready by then. Back-to-back rewinds wait
  // for it and are reported separately.
  const rewinds: number[] = [];
  const backToBack: number[] = [];
  for (const frac of [0.1, 0.5, 0.9, 0.99, 0.3]) {
    await new Promise((r) => setTimeout(r, 400));
    const to = Math.max(2, Math.floor(last * frac));
    t = performance.now();
    ({ sessionId } = await engine.debug(sessionId, { type: 'rewind', toIndex: to }));
    rewinds.push(performance.now() - t);
    t = performance.now();
    ({ sessionId } = await engine.debug(sessionId, { type: 'rewind', toIndex: to }));
    backToBack.push(performance.now() - t);
  }
  row('rewind to an index (median of 5, 400 ms after the last stop)', pct(rewinds, 50), 'target ≤ 200 ms');
  row('rewind, worst of 5', Math.max(...rewinds), '');
  row('rewind right after another rewind (median of 5)', pct(backToBack, 50), '');
  await engine.stopDebug(sessionId);
} finally {
  await close();
}
