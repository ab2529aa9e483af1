// A replay debugger session, runtime side: its own thread replays a copy of a
// worker's history and stops where commands say. It never writes to the
// worker's oplog and never performs a live effect (the thread stops at the
// end of history instead of going live).

import type { Worker } from 'node:worker_threads';
import type { RuntimeEnd } from './sync-channel';
import type { FromThread } from './thread/protocol';
import type { DebugCommand, DebugState } from '../replay/stepper';

export class DebugSession {
  /** Last command (or opening): idle sessions are closed after a while. */
  lastUsed = Date.now();
  private waiting?: { resolve(s: DebugState): void; reject(e: Error): void };
  private closed = false;
  state?: DebugState;

  constructor(
    readonly id: string,
    readonly workerId: string,
    /** The component version replaying the history (the worker's own, or another to compare). */
    readonly version: number,
    private readonly thread: Worker,
    /** Commands go to the blocked thread over its sync channel. */
    private readonly channel: RuntimeEnd,
    /** Takes the thread once the session has left it (the pool's). */
    private readonly giveBack?: (thread: Worker) => void,
  ) {
    thread.on('message', (m: FromThread) => {
      if (m.type !== 'debug-paused') return;
      this.state = m.state;
      this.waiting?.resolve(m.state);
      this.waiting = undefined;
    });
    const fail = (e: Error) => {
      this.closed = true;
      this.waiting?.reject(e);
      this.waiting = undefined;
    };
    thread.on('error', fail);
    thread.on('exit', () => fail(new Error('the debug session ended')));
  }

  private next(): Promise<DebugState> {
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The first stop, before anything is replayed. */
  ready(): Promise<DebugState> {
    return this.state ? Promise.resolve(this.state) : this.next();
  }

  send(cmd: DebugCommand): Promise<DebugState> {
    if (this.closed) return Promise.reject(new Error('the debug session is closed'));
    // At the end only looking (memory) and what-ifs remain; moving on has nowhere to go.
    if (this.state?.ended && (cmd.type === 'step' || cmd.type === 'continue')) return Promise.resolve(this.state);
    const p = this.next();
    this.channel.answer(cmd);
    return p;
  }

  /** `reuse` false (the engine shutting down): the thread ends, and the promise waits for it. */
  async close(reuse = true): Promise<void> {
    // Paused, the thread waits for a command: told to leave, it drops the session's instance and serves the next worker.
    // Busy with a command (a long continue) or not yet paused, it ends.
    const paused = !this.closed && this.state !== undefined && !this.waiting;
    this.closed = true;
    if (reuse && paused && this.giveBack) {
      this.thread.removeAllListeners('exit');
      this.thread.removeAllListeners('error');
      // The thread closes its end of the channel when it has left.
      this.channel.answer({ type: 'leave' });
      return this.giveBack(this.thread);
    }
    this.channel.close();
    await this.thread.terminate();
  }
}
