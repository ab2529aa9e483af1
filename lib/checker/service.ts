// The web server's side of checks: validates a request, starts a check
// runtime, runs the check in the background and keeps its report in memory
// (the latest few) for GET and the SSE stream. One check at a time: runs are
// CPU-bound and a second check would only slow the first.

import path from 'node:path';
import { UserError } from '../components/errors';
import { findFunction } from '../components/functions';
import { qualifiedName } from '../wit/types';
import { jsonToJco, ValueError } from '../values/json';
import { parseWaveArgs } from '../values/wave';
import { databasePath, openDatabase } from '../store/db';
import { runtime } from '../api/server';
import { CheckRuntime } from './check-runtime';
import { newReport, runCheck } from './checker';
import { takeEffects } from './effects';
import type { CheckReport, CheckRequest, CheckStep, KillPoint, RunReport } from './types';

const KEEP = 20;
const MAX_STEPS = 50;
const PHASES = ['after-entry', 'in-host-call', 'in-recovery', 'runtime'];

type Listener = (event: 'run' | 'progress', data: RunReport | Pick<CheckReport, 'status' | 'done' | 'total' | 'error' | 'ms'>) => void;

interface State {
  checks: Map<string, CheckReport>;
  listeners: Map<string, Set<Listener>>;
  running?: string;
}

const KEY = Symbol.for('durable-playground.checks');
function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  g[KEY] ??= { checks: new Map(), listeners: new Map() };
  return g[KEY]!;
}

export function getCheck(id: string): CheckReport | undefined {
  return state().checks.get(id);
}

export function listChecks(): CheckReport[] {
  return [...state().checks.values()].reverse();
}

export function onCheck(id: string, l: Listener): () => void {
  const s = state();
  const set = s.listeners.get(id) ?? new Set();
  set.add(l);
  s.listeners.set(id, set);
  return () => set.delete(l);
}

/** Validates the body of POST /api/checks; every mistake is a 4xx with a message. */
export async function validate(b: Record<string, unknown>): Promise<{ req: CheckRequest; version: number }> {
  if (typeof b.component !== 'string' || !b.component) throw new UserError('missing "component"');
  if (b.version !== undefined && (!Number.isInteger(b.version) || (b.version as number) < 1))
    throw new UserError('"version" must be a positive integer');
  if (
    b.env !== undefined &&
    (typeof b.env !== 'object' || b.env === null || Array.isArray(b.env) || Object.values(b.env).some((v) => typeof v !== 'string'))
  ) {
    throw new UserError('"env" must be an object of string values');
  }
  if (!Array.isArray(b.steps) || b.steps.length === 0)
    throw new UserError('"steps" must be a non-empty list of { function, args? | wave?, complete? }');
  if (b.steps.length > MAX_STEPS) throw new UserError(`at most ${MAX_STEPS} steps`);
  const v = await runtime().api.componentVersion(b.component, b.version as number | undefined);
  if (!v)
    throw new UserError(
      b.version === undefined ? `no component named ${b.component}` : `component ${b.component} has no version ${b.version}`,
      404,
    );
  const steps: CheckStep[] = b.steps.map((raw: unknown, i) => {
    const s = raw as Record<string, unknown>;
    const where = `steps[${i}]`;
    if (typeof s !== 'object' || s === null || typeof s.function !== 'string' || !s.function)
      throw new UserError(`${where}: missing "function"`);
    const f = findFunction(v.exports, s.function);
    if (!f)
      throw new UserError(
        `${where}: ${b.component} v${v.version} exports no function "${s.function}"; it exports: ${v.exports.map(qualifiedName).join(', ')}`,
      );
    if (s.complete !== undefined && typeof s.complete !== 'string')
      throw new UserError(`${where}: "complete" must be the text to complete the awaited promise with`);
    const complete = s.complete !== undefined ? { complete: s.complete as string } : {};
    try {
      if (s.wave !== undefined) {
        if (typeof s.wave !== 'string') throw new UserError(`${where}: "wave" must be a string`);
        return { function: qualifiedName(f), args: parseWaveArgs(f.params, s.wave), ...complete };
      }
      const args = s.args ?? [];
      if (!Array.isArray(args) || args.length !== f.params.length)
        throw new UserError(`${where}: ${qualifiedName(f)} takes ${f.params.length} argument(s) as a JSON array "args"`);
      f.params.forEach((p, k) => jsonToJco(p.type, args[k], `${where}.args[${k}] (${p.name})`));
      return { function: qualifiedName(f), args, ...complete };
    } catch (e) {
      if (e instanceof ValueError) throw new UserError(`${where}: ${e.message}`);
      throw e;
    }
  });
  let killPoints: CheckRequest['killPoints'] = 'all';
  if (b.killPoints !== undefined && b.killPoints !== 'all') {
    if (!Array.isArray(b.killPoints) || b.killPoints.length === 0)
      throw new UserError('"killPoints" must be "all" or a non-empty list of { index, phase }');
    killPoints = b.killPoints.map((p: unknown, i): KillPoint => {
      const k = p as Record<string, unknown>;
      if (typeof k !== 'object' || k === null || !Number.isInteger(k.index) || !PHASES.includes(k.phase as string)) {
        throw new UserError(`killPoints[${i}] must be { index: integer, phase: ${PHASES.join(' | ')} }`);
      }
      return {
        index: k.index as number,
        phase: k.phase as KillPoint['phase'],
        ...(typeof k.call === 'string' ? { call: k.call } : {}),
        ...(Number.isInteger(k.recoveryIndex) ? { recoveryIndex: k.recoveryIndex as number } : {}),
      };
    });
  }
  return {
    req: { component: b.component, version: v.version, env: (b.env as Record<string, string>) ?? {}, steps, killPoints },
    version: v.version,
  };
}

/** Starts a check in the background; its report is filled in as runs finish. `origin` fills `{origin}` (lib/checker/placeholders.ts). */
export function startCheck(req: CheckRequest, version: number, origin?: string): CheckReport {
  const s = state();
  if (s.running) throw new UserError(`check ${s.running} is still running; one check runs at a time`, 409);
  const report = newReport({ component: req.component, version, steps: req.steps });
  s.checks.set(report.id, report);
  while (s.checks.size > KEEP) s.checks.delete(s.checks.keys().next().value!);
  s.running = report.id;
  const emit: Listener = (event, data) => {
    for (const l of s.listeners.get(report.id) ?? []) l(event, data);
  };
  void (async () => {
    // The 202 first: starting two runtimes and copying the component is work the caller need not wait for.
    await new Promise((r) => setImmediate(r));
    const crt = new CheckRuntime(path.join(process.cwd(), '.runtime', 'runtime.mjs'));
    // Runtime SIGKILLs on a second one: they run alongside the other runs, not alone after them.
    const crashRuntime = new CheckRuntime(path.join(process.cwd(), '.runtime', 'runtime.mjs'));
    try {
      const main = openDatabase({ readonly: true });
      try {
        for (const r of [crt, crashRuntime]) r.copyComponent({ db: main, filesDir: `${databasePath()}.files` }, req.component, version);
      } finally {
        main.close();
      }
      await runCheck(
        crt,
        { component: req.component, version, env: req.env ?? {}, steps: req.steps, killPoints: req.killPoints ?? 'all', origin },
        report,
        {
          effects: takeEffects,
          crashRuntime,
          progress: (r, run) => {
            if (run) emit('run', run);
            emit('progress', { status: r.status, done: r.done, total: r.total, error: r.error, ms: r.ms });
          },
        },
      );
    } catch (e) {
      report.status = 'failed';
      report.error = e instanceof Error ? e.message : String(e);
      emit('progress', { status: report.status, done: report.done, total: report.total, error: report.error });
    } finally {
      s.running = undefined;
      await Promise.all([crt.close().catch(() => {}), crashRuntime.close().catch(() => {})]);
    }
  })();
  return report;
}
