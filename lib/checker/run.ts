// One run of a check's script on a throwaway worker: each step is invoked with
// a fixed idempotency key, and a step cut short by a kill (of the thread or of
// the whole runtime) is retried with its key, which is how a client finishes
// an interrupted invocation.

import type { RuntimeClient } from '../runtime/client';
import type { CheckStep, StepOutcome } from './types';

/** The steps of every run use the same keys, so their oplogs compare entry by entry. */
export const stepKey = (i: number) => `check-step-${i + 1}`;

const KILLED = /killed|the runtime stopped|restarting/;
/** More kills than a kill point can cause means the run is not converging. */
const MAX_KILLS = 4;

export async function runScript(rt: RuntimeClient, workerId: string, steps: CheckStep[]): Promise<{ results: StepOutcome[]; kills: number }> {
  const results: StepOutcome[] = [];
  let kills = 0;
  for (const [i, step] of steps.entries()) {
    for (;;) {
      try {
        const r = await rt.api.invoke(workerId, { function: step.function, args: step.args, wave: step.wave, idempotencyKey: stepKey(i) });
        results.push({ ok: r.result ?? null });
        break;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (KILLED.test(message) && kills < MAX_KILLS) {
          kills += 1;
          // A runtime restart: calls wait for the new one; a call racing its exit is refused at once.
          if (/restarting|stopped/.test(message)) await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        results.push({ error: message });
        break;
      }
    }
  }
  return { results, kills };
}
