// What the per-worker summary row costs on the oplog's write path (issue 13),
// apart from threads and guests: 10 workers' invocations (an invoked entry,
// then a completed one, each a group commit of 5 workers' batches, as the
// committer makes them under load) through OplogStore.appendMany, with the
// summary kept and with its fold switched off, alternating. Printed as CPU µs
// per invocation (this process only; the figure to compare on a shared machine).
// Run: node --import tsx bench/summary-cost.ts   (BENCH_N rounds of 10 invocations, default 2000)

import { rmSync } from 'node:fs';
import { freshDatabase } from '../lib/testing/harness';
import { OplogStore } from '../lib/store/oplog-store';
import { createEntry, invoked, completed } from '../lib/testing/entries';
import { cpuMs, loadAverage } from './machine';

const N = Number(process.env.BENCH_N ?? 2000);
const W = 10;

function run(summary: boolean): number {
  const { db, dir } = freshDatabase('dp-bench-summary-');
  try {
    const store = new OplogStore(db);
    if (!summary) (store.summaries as unknown as { appended: () => void }).appended = () => {};
    const ids = Array.from({ length: W }, (_, i) => `c/w${i}`);
    for (const id of ids) store.append(id, [createEntry(id)]);
    const c0 = cpuMs();
    for (let i = 0; i < N; i++) {
      for (let g = 0; g < W; g += 5) {
        const group = ids.slice(g, g + 5);
        store.appendMany(group.map((id) => ({ workerId: id, bodies: [invoked(`${id}-${i}`)] })));
        store.appendMany(group.map((id) => ({ workerId: id, bodies: [completed(`${id}-${i}`)] })));
      }
    }
    return ((cpuMs() - c0) / (N * W)) * 1000;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`summary row cost on the write path — node ${process.version}, ${new Date().toISOString()}, load average ${loadAverage()}\n`);
for (let r = 0; r < 2; r++) {
  const off = run(false);
  const on = run(true);
  console.log(
    `round ${r + 1}: CPU per invocation without the summary ${off.toFixed(0).padStart(4)} µs, with it ${on.toFixed(0).padStart(4)} µs: +${(on - off).toFixed(0)} µs (load ${loadAverage()})`,
  );
}
