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
 * sends them together, in order. With `turns` 2 it waits one more turn: what
 * one request makes over two turns (the runtime: a worker's status in the
 * turn its thread's messages arrive, then the entries, the next status and
 * the reply once the group commit ran, in the check phase) goes as one
 * message, not two, at the cost of one pass of the event loop.
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
