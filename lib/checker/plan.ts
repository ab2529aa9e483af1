// Kill points of a check, all derived from the baseline's oplog: after every
// committed entry; inside every host call (after it ran, before its result is
// recorded); a second kill while recovering from each after-entry kill; and a
// runtime SIGKILL at a sample of entries (each one restarts the runtime).

import type { OplogEntry } from '../oplog/entry';
import { GUEST_KINDS } from '../replay/replay-log';
import type { KillPoint } from './types';
import type { RecordedResponse } from './probe';

/** Runtime SIGKILLs per check: each costs a runtime restart, and runs alone. */
export const RUNTIME_SAMPLES = 4;

export function planKillPoints(baseline: OplogEntry[], runtimeSamples = RUNTIME_SAMPLES): KillPoint[] {
  const last = baseline.at(-1)?.index ?? 0;
  const points: KillPoint[] = [];
  for (let i = 1; i <= last; i++) points.push({ index: i, phase: 'after-entry' });
  for (const e of baseline) {
    if (e.kind === 'imported-function-invoked') points.push({ index: e.index, phase: 'in-host-call', call: e.functionName });
  }
  // Recovery from a kill after index i replays the guest entries before it: the second kill hits halfway.
  // (After the last entry nothing needs recovering: the result is answered from the oplog.)
  const guest = baseline.filter((e) => GUEST_KINDS.includes(e.kind));
  for (let i = 1; i < last; i++) {
    const replayed = guest.filter((e) => e.index <= i);
    if (replayed.length >= 2)
      points.push({ index: i, phase: 'in-recovery', recoveryIndex: replayed[Math.floor((replayed.length - 1) / 2)]!.index });
  }
  // Runtime samples: spread over the history, and right after each remote write (the effect is out).
  const samples = new Set<number>();
  for (const e of baseline) if (e.kind === 'imported-function-invoked' && e.durability === 'write-remote') samples.add(e.index);
  for (let k = 1; samples.size < Math.min(runtimeSamples, last) && k <= runtimeSamples * 2; k++)
    samples.add(Math.max(1, Math.round((k * last) / (runtimeSamples + 1))));
  for (const i of [...samples].sort((a, b) => a - b).slice(0, runtimeSamples)) points.push({ index: i, phase: 'runtime' });
  return points;
}

/** The baseline's answers to local reads, by function in call order: runs get the same clocks, random and environment. */
export function pinnedInputs(baseline: OplogEntry[]): Record<string, RecordedResponse[]> {
  const out: Record<string, RecordedResponse[]> = {};
  for (const e of baseline) {
    if (e.kind === 'imported-function-invoked' && e.durability === 'read-local')
      (out[e.functionName] ??= []).push(e.response as RecordedResponse);
  }
  return out;
}

/** Which call of its function (1-based) an entry records: the thread counts calls the same way. */
export function occurrence(baseline: OplogEntry[], index: number): number {
  const target = baseline.find((e) => e.index === index);
  if (target?.kind !== 'imported-function-invoked') throw new Error(`baseline index ${index} is not a host call`);
  return baseline.filter((e) => e.index <= index && e.kind === 'imported-function-invoked' && e.functionName === target.functionName)
    .length;
}

/** Index of the entry a kill point kills at, checked against what was asked for. */
export function validPoint(baseline: OplogEntry[], p: KillPoint): string | undefined {
  const last = baseline.at(-1)?.index ?? 0;
  if (!Number.isInteger(p.index) || p.index < 1 || p.index > last)
    return `kill point index ${p.index} is outside the baseline's oplog (1-${last})`;
  if (p.phase === 'in-host-call' && baseline.find((e) => e.index === p.index)?.kind !== 'imported-function-invoked')
    return `baseline index ${p.index} is not a host call`;
  if (p.phase === 'in-recovery' && (!Number.isInteger(p.recoveryIndex) || p.recoveryIndex! > p.index || p.recoveryIndex! < 1))
    return 'an in-recovery kill point needs a recoveryIndex from 1 to its index';
  return undefined;
}
