// The durability checker on the shopping cart, every kill point of every phase
// (after each entry, inside each host call, during recovery, runtime SIGKILL):
// prints the wall time of the whole check. Target: under 30 s on 2 cores.
// Needs `npm run build:runtime`. BENCH_CONCURRENCY changes the runs at once (4).

import path from 'node:path';
import os from 'node:os';
import { CheckRuntime } from '../lib/checker/check-runtime';
import { newReport, runCheck } from '../lib/checker/checker';
import { EXAMPLE_SCRIPTS } from '../lib/checker/scripts';
import type { CheckReport } from '../lib/checker/types';
import { example, root } from '../test/helpers';
import { effectsServer } from '../test/local-services';
import { loadAverage } from './machine';

const services = await effectsServer();
const crt = new CheckRuntime(path.join(root, '.runtime', 'runtime.mjs'));
// The runtime SIGKILLs on a runtime of their own, as the web app runs them (lib/checker/service.ts).
const crashRuntime = new CheckRuntime(path.join(root, '.runtime', 'runtime.mjs'));
await crt.client.whenReady();
await crt.client.api.registerComponent('shopping-cart', {
  kind: 'js',
  source: example('shopping-cart', 'cart.js'),
  wit: example('shopping-cart', 'cart.wit'),
});
crashRuntime.copyComponent(crt, 'shopping-cart', 1);
const script = EXAMPLE_SCRIPTS['shopping-cart'];
if (!script) throw new Error('no example script for shopping-cart');
const steps = script.steps;
const report = newReport({ component: 'shopping-cart', version: 1, steps });
const started = performance.now();
await runCheck(
  crt,
  { component: 'shopping-cart', version: 1, env: { PAYMENT_URL: `${services.url}/payment` }, steps, killPoints: 'all' },
  report,
  {
    effects: (id) => services.take(id),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
    crashRuntime,
  },
);
const ms = performance.now() - started;
await crt.close();
await crashRuntime.close();
await services.close();

const tally = (key: (r: CheckReport['runs'][number]) => string) =>
  Object.entries(report.runs.reduce<Record<string, number>>((m, r) => ({ ...m, [key(r)]: (m[key(r)] ?? 0) + 1 }), {}))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()}`);
console.log(`shopping cart: ${steps.length} invocations, baseline of ${report.baseline.oplogLength} oplog entries`);
console.log(`kill points: ${report.total} (${tally((r) => r.killAt.phase)})`);
console.log(`verdicts: ${tally((r) => r.verdict)}`);
console.log(`status ${report.status}${report.error ? ` (${report.error})` : ''}`);
const byPhase = (p: string) => report.runs.filter((r) => r.killAt.phase === p).map((r) => r.ms);
for (const p of ['after-entry', 'in-host-call', 'in-recovery', 'runtime']) {
  const xs = byPhase(p);
  if (xs.length) console.log(`  ${p}: median run ${xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]} ms`);
}
console.log(`whole check: ${(ms / 1000).toFixed(1)} s (target: under 30 s)`);
