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

/** A sender that gathers messages until the event loop's check phase, then sends them together, in order. */
export function batching<M>(send: (m: M | Batch<M>) => void): (m: M) => void {
  let out: M[] = [];
  const flush = () => {
    const ms = out;
    out = [];
    send(ms.length === 1 ? ms[0]! : { batch: ms });
  };
  return (m) => {
    if (out.push(m) === 1) setImmediate(flush);
  };
}

/** The messages one IPC message carries. */
export function unbatch<M extends object>(m: M | Batch<M>): M[] {
  return 'batch' in m && Array.isArray(m.batch) ? (m.batch as M[]) : [m as M];
}
