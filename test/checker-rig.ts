// What the checker's test files share: a check runtime of their own beside a
// local effects service, a report to fill, and how runs are selected and described.

import path from 'node:path';
import { CheckRuntime } from '../lib/checker/check-runtime';
import { newReport, runCheck, type CheckInput } from '../lib/checker/checker';
import type { CheckReport, KillPoint, RunReport } from '../lib/checker/types';
import { root, LOOPBACK_ALLOWED_ENV } from './helpers';
import { effectsServer } from './local-services';

export interface CheckRig {
  crt: CheckRuntime;
  services: Awaited<ReturnType<typeof effectsServer>>;
  check(input: CheckInput, runtimeSamples?: number, select?: (p: KillPoint) => boolean, second?: CheckRuntime): Promise<CheckReport>;
  close(): Promise<void>;
}

export const newCheckRuntime = (env: Record<string, string> = {}) =>
  new CheckRuntime(path.join(root, '.runtime', 'runtime.mjs'), { ...process.env, ...LOOPBACK_ALLOWED_ENV, ...env });

export async function checkRig(env: Record<string, string> = {}): Promise<CheckRig> {
  const services = await effectsServer();
  const crt = newCheckRuntime(env);
  await crt.client.whenReady();
  return {
    crt,
    services,
    check: (input, runtimeSamples, select, second) =>
      runCheck(crt, input, newReport(input), { effects: (id) => services.take(id), runtimeSamples, select, crashRuntime: second }),
    close: async () => {
      await crt.close();
      await services.close();
    },
  };
}

export const byPhase = (runs: RunReport[], phase: string) => runs.filter((r) => r.killAt.phase === phase);
export const describeRun = (r: RunReport) =>
  `${r.killAt.phase}@${r.killAt.index}: ${r.verdict} ${r.error ?? ''} ${JSON.stringify(r.firstDifference ?? '')}`;
