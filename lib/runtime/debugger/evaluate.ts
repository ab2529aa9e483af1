// Evaluation: an export run on a throwaway fork of a worker as it was at an
// index. A separate instance replays that history, then runs the export with
// every effect refused and nothing written.

import { findFunction } from '../../components/functions';
import { qualifiedName } from '../../wit/types';
import type { JsonValue } from '../../values/json-value';
import type { FromThread } from '../thread/protocol';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import { checkArgs } from '../work/invoke';

/** `index` is rounded down to the last finished invocation. For read-only exports such as get-cart-contents. */
export async function evaluateAt(
  k: Kernel,
  id: string,
  p: { index: number; function: string; args?: JsonValue[] },
): Promise<{ atIndex: number; result: JsonValue; callSeq?: number }> {
  const row = k.records.row(id);
  const version = k.components.getVersion(row.componentName, row.version);
  const f = version && findFunction(version.exports, p.function);
  if (!version || !f) throw new EngineError(`${row.componentName} v${row.version} exports no function "${p.function}"`, 404);
  const args = p.args ?? [];
  if (args.length !== f.params.length)
    throw new EngineError(`${qualifiedName(f)} takes ${f.params.length} argument(s), got ${args.length}`);
  checkArgs(f, args);
  k.committer.flush();
  const atIndex = k.store.lastOf(id, ['create', 'exported-function-completed'], p.index)?.index ?? 1;
  const loaded = await k.components.load(row.componentName, row.version);
  const { init, threadPort } = k.threads.init(row, loaded, { evaluate: { functionName: qualifiedName(f), args }, historyUpTo: atIndex });
  const thread = k.threads.assign(init, threadPort);
  let answered = false;
  try {
    const reply = await new Promise<Extract<FromThread, { type: 'evaluated' }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new EngineError(`the evaluation took longer than ${k.invocationTimeoutMs} ms`, 409)),
        k.invocationTimeoutMs,
      );
      thread.on('message', (m: FromThread) => {
        if (m.type === 'evaluated') resolve(m);
        // The instance could not be made as it was (its snapshot did not load): the thread halts, no answer comes.
        // (A failure with a key is the replay's, and 'evaluated' follows it: the thread goes back to the pool.)
        else if (m.type === 'failed' && m.key === undefined) reject(new EngineError(`the evaluation failed: ${m.error}`, 409));
        else return;
        clearTimeout(timer);
      });
      thread.once('error', (e) => (clearTimeout(timer), reject(e)));
      thread.once('exit', () => (clearTimeout(timer), reject(new EngineError('the evaluation ended without an answer', 409))));
    });
    answered = true;
    if (reply.error !== undefined) throw new EngineError(`the evaluation failed: ${reply.error}`, 409);
    return { atIndex, result: reply.result ?? null, callSeq: reply.callSeq };
  } finally {
    thread.removeAllListeners('exit');
    thread.removeAllListeners('error');
    // Answered: the thread has let go of the throwaway instance and serves the next worker; else (a timeout) it ends.
    if (answered) k.threads.release(thread);
    else await thread.terminate();
  }
}
