// One run of a check's script on a throwaway worker: each step is invoked with
// a fixed idempotency key, and a step cut short by a kill (of the thread or of
// the whole runtime) is retried with its key, which is how a client finishes
// an interrupted invocation. A step with `complete` is answered the way a
// person answers it: once the worker waits on a promise it created, that
// promise is completed with the text.

import type { RuntimeClient } from '../runtime/client';
import type { CheckStep, StepOutcome } from './types';
import { fillArgs } from './placeholders';

/** The steps of every run use the same keys, so their oplogs compare entry by entry. */
export const stepKey = (i: number) => `check-step-${i + 1}`;

const KILLED = /killed|the runtime stopped|restarting/;
/** More kills than a kill point can cause means the run is not converging. */
const MAX_KILLS = 4;
const POLL_MS = 25;

export async function runScript(
  rt: RuntimeClient,
  workerId: string,
  steps: CheckStep[],
  /** This server's origin, for `{origin}` in arguments. */
  origin?: string,
): Promise<{ results: StepOutcome[]; kills: number }> {
  const results: StepOutcome[] = [];
  const name = workerId.slice(workerId.indexOf('/') + 1);
  let kills = 0;
  for (const [i, step] of steps.entries()) {
    const answering = step.complete !== undefined ? answerPromises(rt, workerId, step.complete) : undefined;
    try {
      for (;;) {
        try {
          const r = await rt.api.invoke(workerId, {
            function: step.function,
            args: fillArgs(step.args, { origin, worker: name }),
            wave: step.wave,
            idempotencyKey: stepKey(i),
          });
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
    } finally {
      answering?.stop();
    }
  }
  return { results, kills };
}

/** Completes each promise the worker awaits (and has not had completed) with `text`, until stopped. */
function answerPromises(rt: RuntimeClient, workerId: string, text: string): { stop(): void } {
  let on = true;
  const data = Buffer.from(text, 'utf8').toString('base64');
  void (async () => {
    while (on) {
      try {
        for (const p of await rt.api.listPromises(workerId)) {
          if (p.awaited && !p.completed) await rt.api.completePromise(workerId, p.oplogIndex, data);
        }
      } catch {
        // The runtime restarting (a runtime-phase kill): ask again.
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  return {
    stop: () => {
      on = false;
    },
  };
}
