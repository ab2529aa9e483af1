// The sync channel between a worker's thread and the runtime, both ends. A
// host call is synchronous for the guest: the thread posts its request, then
// blocks on a shared flag (Atomics.wait) until the runtime has posted the
// answer on a MessagePort and raised the flag. A debug session uses the same
// channel the other way round: it blocks for the next command.

import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** A new channel: the runtime keeps `runtime`, the thread gets `port` and `signal` in its ThreadInit. */
export function openSyncChannel(): { runtime: RuntimeEnd; port: MessagePort; signal: SharedArrayBuffer } {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  return { runtime: new RuntimeEnd(port1, signal), port: port2, signal };
}

/** The runtime's end: answers the blocked thread. */
export class RuntimeEnd {
  private readonly flag: Int32Array;

  constructor(
    private readonly port: MessagePort,
    signal: SharedArrayBuffer,
  ) {
    this.flag = new Int32Array(signal);
  }

  /** Posts the answer, then wakes the thread (in that order: it reads the port when it wakes). */
  answer(message: unknown): void {
    this.port.postMessage(message);
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  close(): void {
    this.port.close();
  }
}

/** The thread's end: `call` posts a request through `post` and blocks until the runtime answers. */
export class ThreadEnd {
  private readonly flag: Int32Array;

  constructor(
    signal: SharedArrayBuffer,
    private readonly port: MessagePort,
    private readonly post: (message: unknown) => void,
  ) {
    this.flag = new Int32Array(signal);
  }

  call(request: unknown): unknown {
    Atomics.store(this.flag, 0, 0);
    this.post(request);
    // Woken, it checks the flag: the previous answer's notify may come late (the runtime stores the flag, then
    // notifies, and can be descheduled between the two) and reach this wait, with no answer on the port yet.
    while (Atomics.load(this.flag, 0) === 0) Atomics.wait(this.flag, 0, 0);
    const reply = receiveMessageOnPort(this.port);
    if (!reply) throw new Error('runtime sent no reply to a host call');
    return reply.message;
  }
}
