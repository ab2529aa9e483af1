// One-shot timers by key at wall-clock times: wake-ups of suspended and
// retrying workers, scheduled invocations. Nothing here is durable: the
// engine rebuilds every timer from the oplog when it starts.

/** setTimeout's longest delay (~24.8 days); a later time re-arms on the way. */
const MAX_DELAY = 2 ** 31 - 1;

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Runs `run` at `when` (epoch ms), replacing whatever was scheduled under `key`. */
  at(key: string, when: number, run: () => void): void {
    this.cancel(key);
    const delay = Math.min(Math.max(0, when - Date.now()), MAX_DELAY);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (when > Date.now()) return this.at(key, when, run);
      run();
    }, delay);
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  cancelWhere(match: (key: string) => boolean): void {
    for (const key of [...this.timers.keys()]) if (match(key)) this.cancel(key);
  }

  clear(): void {
    this.cancelWhere(() => true);
  }

  get size(): number {
    return this.timers.size;
  }
}
