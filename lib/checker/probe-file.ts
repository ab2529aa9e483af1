// A check runtime is SIGKILLed at some kill points; the pinned inputs its
// throwaway workers need after the restart are kept in a file it reads at start.

import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { CheckProbe } from './probe';
import { config } from '../config';

/** Set only on a check runtime: the path of its probe file. */
export const CHECK_PROBES_ENV = 'PLAYGROUND_CHECK_PROBES';

export function loadCheckProbes(engine: { setCheckProbe(id: string, p: CheckProbe | null): void }): void {
  const file = config.checkProbes;
  if (!file || !existsSync(file)) return;
  const probes = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CheckProbe>;
  for (const [id, p] of Object.entries(probes)) engine.setCheckProbe(id, { pinned: p.pinned });
}

/** Written before a runtime-phase run: only the pins, never a kill (it already happened). */
export function saveCheckProbes(file: string, probes: Record<string, CheckProbe>): void {
  const pins = Object.fromEntries(Object.entries(probes).map(([id, p]) => [id, { pinned: p.pinned }]));
  writeFileSync(`${file}.tmp`, JSON.stringify(pins));
  renameSync(`${file}.tmp`, file);
}
