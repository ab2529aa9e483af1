// A runtime SIGKILLed while it is bringing back a worker that a crash (or a
// kill that recovers at once) cut off: after the restart, the cut-off
// invocation must still run to its end by itself, with no caller touching the
// worker (the first `interrupted` entry is still the newest lifecycle entry then).

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { jsExample, untilValue } from './helpers';
import { runtimeProcess } from './runtime-process';

const { rt, dbPath } = runtimeProcess('dp-crash-twice-');

/** Counts in the worker's oplog, read from the runtime's database (the client's view lags the pipe). */
function oplog(workerId: string): { steps: number; interrupts: number; completed: number; lastInterruptIdx: number; stepsAfter: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare(`SELECT idx, kind, payload FROM "OplogEntry" WHERE workerId = ? ORDER BY idx`).all(workerId) as {
      idx: number;
      kind: string;
      payload: string;
    }[];
    let lastInterruptIdx = -1;
    for (const r of rows) if (r.kind === 'interrupted') lastInterruptIdx = r.idx;
    const isStep = (r: { kind: string; payload: string }) => r.kind === 'log' && r.payload.includes('step ');
    return {
      steps: rows.filter(isStep).length,
      interrupts: rows.filter((r) => r.kind === 'interrupted').length,
      completed: rows.filter((r) => r.kind === 'exported-function-completed').length,
      lastInterruptIdx,
      stepsAfter: rows.filter((r) => r.idx > lastInterruptIdx && isStep(r)).length,
    };
  } finally {
    db.close();
  }
}

const until = <T>(what: string, read: () => T, ok: (v: T) => boolean) => untilValue(what, read, ok, 20_000, 10);

before(() => rt.api.registerComponent('tally', jsExample('lessons', 'tally')));

for (const first of ['crash', 'kill that recovers at once'] as const) {
  test(`SIGKILL during the recovery that follows a ${first}: after the restart the invocation finishes by itself`, async () => {
    const w = await rt.api.createWorker({ component: 'tally', name: first === 'crash' ? 'crashed' : 'killed' });
    // 40 steps of 50 ms: about two seconds of work, each step recorded.
    await rt.api.invoke(w.id, { function: 'lesson:tally/api.{work}', args: [40, 50], wait: false });
    const read = () => oplog(w.id);
    await until('the invocation made progress', read, (o) => o.steps >= 3);
    if (first === 'crash') await rt.crash();
    else await rt.api.kill(w.id, { recover: true });
    // Brought back: the interruption is recorded and the invocation goes on live past it.
    await until('live again after the first interruption', read, (o) => o.interrupts === 1 && o.stepsAfter >= 2);
    assert.equal(read().completed, 0, 'still running when the SIGKILL lands');
    await rt.crash();
    const after = await until('finished after the restart, untouched', read, (o) => o.completed === 1);
    // Both interruptions are in the history; each of the 40 steps is recorded once (replayed steps are not written again).
    assert.equal(after.interrupts, 2);
    assert.equal(after.steps, 40);
    const total = await rt.api.invoke(w.id, { function: 'lesson:tally/api.{get}', args: [] });
    assert.equal(total.result, 40);
  });
}
