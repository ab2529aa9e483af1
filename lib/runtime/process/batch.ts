// IPC batching for the web app <-> runtime channel. No imports: the web app's
// bundle takes this file, and must not take the engine with it (protocol.ts's
// values do).

/**
 * Messages sent within one turn of the sender's event loop travel as one
 * (each IPC message is a write, a read and a serialisation: an invocation
 * makes a reply and several events).
 */
export interface Batch<M> {
  batch: M[];
}

/**
 * A sender that gathers messages until the event loop's check phase, then
 * sends them together, in order. With `turns` 2 it waits one more turn, so
 * what two consecutive turns make goes as one message, at the cost of one
 * more pass of the event loop (microseconds) before anything leaves. In the
 * runtime an invocation's status, entries and reply are all emitted by one
 * group commit, so one turn already sends them together; the second turn
 * merges consecutive group commits (other workers' invocations under load,
 * or one whose thread messages arrived across two turns): with 10 workers at
 * once, ~0.12-0.18 messages per invocation instead of ~0.21-0.27.
 */
export function batching<M>(send: (m: M | Batch<M>) => void, turns: 1 | 2 = 1): (m: M) => void {
  let out: M[] = [];
  const flush = () => {
    const ms = out;
    out = [];
    send(ms.length === 1 ? ms[0]! : { batch: ms });
  };
  const schedule = turns === 1 ? () => setImmediate(flush) : () => setImmediate(() => setImmediate(flush));
  return (m) => {
    if (out.push(m) === 1) schedule();
  };
}

/** The messages one IPC message carries. */
export function unbatch<M extends object>(m: M | Batch<M>): M[] {
  return 'batch' in m && Array.isArray(m.batch) ? (m.batch as M[]) : [m as M];
}
