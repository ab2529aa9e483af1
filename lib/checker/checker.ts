// Runs a check: the script once uninterrupted (the baseline), then once per
// kill point on a fresh throwaway worker, killed for real, recovered and
// finished, each compared with the baseline. Independent runs go concurrently;
// runtime SIGKILL runs go one at a time (a SIGKILL kills every run in its
// runtime): on a second check runtime alongside the others when there is one,
// else alone at the end.

import { randomUUID } from 'node:crypto';
import type { OplogEntry } from '../oplog/entry';
import type { CheckProbe } from './probe';
import type { CheckReport, CheckStep, Effect, KillPoint, RunReport, StepOutcome } from './types';
import { comparable, compare, output } from './compare';
import { occurrence, pinnedInputs, planKillPoints, validPoint } from './plan';
import { runScript } from './run';
import { normaliser, promiseIds, type Normalise } from './normalise';
import type { CheckRuntime } from './check-runtime';
import { fillEnv } from './placeholders';

export interface CheckInput {
  component: string;
  version: number;
  env: Record<string, string>;
  steps: CheckStep[];
  killPoints: 'all' | KillPoint[];
  /** This server's origin: `{origin}` in the environment and in arguments (the demo services' URLs). */
  origin?: string;
}

export interface CheckOptions {
  /** What the local services saw from a throwaway worker (taken: asked once per worker). */
  effects(workerId: string): Effect[];
  /** Runs at once (not counting runtime ones); the default suits two cores. */
  concurrency?: number;
  runtimeSamples?: number;
  /** A second check runtime (with the component) for the runtime-phase kill points. */
  crashRuntime?: CheckRuntime;
  /** Keeps only some of the planned kill points (tests sample phases to stay quick). */
  select?(p: KillPoint, i: number): boolean;
  /** Called after every change of the report. */
  progress?(report: CheckReport, run?: RunReport): void;
}

/** A running check's report before any run: what runCheck fills in. */
export function newReport(input: Pick<CheckInput, 'component' | 'version' | 'steps'>): CheckReport {
  return {
    id: randomUUID(),
    status: 'running',
    component: input.component,
    version: input.version,
    steps: input.steps,
    total: 0,
    done: 0,
    baseline: { results: [], oplogLength: 0, oplog: [], output: [], effects: [] },
    runs: [],
    startedAt: new Date().toISOString(),
  };
}

export async function runCheck(crt: CheckRuntime, input: CheckInput, report: CheckReport, opts: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const tag = report.id.slice(0, 8);
  const rt = crt.client;
  try {
    const baseWorker = await rt.api.createWorker({
      component: input.component,
      name: `${tag}-baseline`,
      version: input.version,
      env: fillEnv(input.env, { origin: input.origin, worker: `${tag}-baseline` }),
    });
    const base = await runScript(rt, baseWorker.id, input.steps, input.origin);
    const baseOplog = crt.oplog(baseWorker.id);
    const basePromises = promiseIds(baseOplog);
    const norm = normaliser(baseWorker.name, basePromises);
    report.baseline = {
      results: normResults(base.results, norm),
      oplogLength: baseOplog.at(-1)?.index ?? 0,
      oplog: comparable(baseOplog, norm),
      output: output(baseOplog, norm),
      effects: normEffects(opts.effects(baseWorker.id), norm),
    };
    // A script that fails uninterrupted cannot be checked for durability: say so.
    const failed = base.results.findIndex((r) => 'error' in r);
    if (failed >= 0)
      throw new Error(
        `the baseline run failed at step ${failed + 1} (${input.steps[failed]?.function}): ${(base.results[failed] as { error: string }).error}`,
      );
    await rt.api.deleteWorker(baseWorker.id, { purge: true });

    const planned = input.killPoints === 'all' ? planKillPoints(baseOplog, opts.runtimeSamples) : input.killPoints;
    const points = opts.select ? planned.filter((p, i) => opts.select!(p, i)) : planned;
    for (const p of points) {
      const bad = validPoint(baseOplog, p);
      if (bad) throw new Error(bad);
    }
    report.total = points.length;
    opts.progress?.(report);
    const pinned = pinnedInputs(baseOplog);
    let n = 0;
    const one = async (p: KillPoint, on = crt) => {
      const run = await runOne(on, input, baseOplog, basePromises, report, p, pinned, `${tag}-${++n}`, opts);
      report.runs.push(run);
      report.done += 1;
      opts.progress?.(report, run);
    };
    const local = points.filter((p) => p.phase !== 'runtime');
    const queue = [...local];
    const lanes = Array.from({ length: Math.min(opts.concurrency ?? 4, queue.length) }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await one(p);
    });
    const crashes = async (on: CheckRuntime) => {
      for (const p of points.filter((q) => q.phase === 'runtime')) await one(p, on);
    };
    if (opts.crashRuntime) await Promise.all([...lanes, crashes(opts.crashRuntime)]);
    else {
      await Promise.all(lanes);
      await crashes(crt);
    }
    report.runs.sort((a, b) => points.indexOf(a.killAt) - points.indexOf(b.killAt));
    report.status = 'done';
  } catch (e) {
    report.status = 'failed';
    report.error = e instanceof Error ? e.message : String(e);
  }
  report.ms = Math.round(performance.now() - started);
  opts.progress?.(report);
  return report;
}

async function runOne(
  crt: CheckRuntime,
  input: CheckInput,
  baseOplog: OplogEntry[],
  basePromises: number[],
  report: CheckReport,
  p: KillPoint,
  pinned: CheckProbe['pinned'],
  name: string,
  opts: CheckOptions,
): Promise<RunReport> {
  const started = performance.now();
  const rt = crt.client;
  const env = fillEnv(input.env, { origin: input.origin, worker: name });
  const w = await rt.api.createWorker({ component: input.component, name, version: input.version, env });
  const probe: CheckProbe = { pinned };
  if (p.phase === 'in-host-call') probe.hostCallKill = { functionName: p.call ?? '', occurrence: occurrence(baseOplog, p.index) };
  if (p.phase === 'in-recovery') probe.recoveryKill = p.recoveryIndex;
  if (p.phase === 'runtime') {
    probe.sigkillAfter = p.index;
    crt.savePins(w.id, probe);
  }
  await rt.api.setCheckProbe(w.id, probe);
  if (p.phase !== 'in-host-call') await rt.api.killAfterIndex(w.id, p.index);
  let run: RunReport;
  try {
    const { results, kills } = await runScript(rt, w.id, input.steps, input.origin);
    const entries = crt.oplog(w.id);
    const norm = normaliser(w.name, promiseIds(entries), basePromises);
    const side = { results: normResults(results, norm), oplog: comparable(entries, norm), effects: normEffects(opts.effects(w.id), norm) };
    const expected = p.phase === 'in-recovery' ? 2 : 1;
    const { verdict, firstDifference } = compare(report.baseline, side);
    // A kill point that was never reached proves nothing: that is an error, not a pass.
    const missed = kills < expected && verdict !== 'differs';
    run = {
      killAt: p,
      verdict: missed ? 'error' : verdict,
      results: side.results,
      ...(firstDifference ? { firstDifference } : {}),
      effects: side.effects,
      kills,
      oplog: side.oplog,
      output: output(entries, norm),
      ms: 0,
      ...(missed ? { error: `the run was killed ${kills} time(s), expected ${expected}: the kill point was not reached` } : {}),
    };
  } catch (e) {
    run = {
      killAt: p,
      verdict: 'error',
      results: [],
      kills: 0,
      oplog: [],
      output: [],
      error: e instanceof Error ? e.message : String(e),
      ms: 0,
    };
  }
  // Throwaway: nothing of the run is kept in the runtime.
  await rt.api.setCheckProbe(w.id, null).catch(() => {});
  await rt.api.deleteWorker(w.id, { purge: true }).catch(() => {});
  if (p.phase === 'runtime') crt.savePins(w.id, null);
  run.ms = Math.round(performance.now() - started);
  return run;
}

const normEffects = (effects: Effect[], norm: Normalise): Effect[] => effects.map((e) => ({ ...e, body: norm(e.body) }));
const normResults = (results: StepOutcome[], norm: Normalise): StepOutcome[] =>
  results.map((r) => JSON.parse(norm(JSON.stringify(r))) as StepOutcome);
