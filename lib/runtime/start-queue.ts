// A cap on CPU-bound work at once, first come first served: thread starts
// (boot, module instantiation, replay) and component builds (the kernel's
// build slots). 100 sleepers due at the same moment that all start together share
// the cores and all finish late; started a few at a time, the first ones are
// back at once and the rest follow in the order they came due.

import { availableParallelism } from 'node:os';

export class StartQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `limit` starts run at once; `maxHoldMs` frees a slot a stuck start still holds. */
  constructor(
    readonly limit = Math.max(2, availableParallelism()),
    private readonly maxHoldMs = 5000,
  ) {}

  /** Waits for a slot (FIFO); call the returned function once the start is over. */
  async acquire(): Promise<() => void> {
    if (this.running < this.limit && this.waiting.length === 0) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    const timer = setTimeout(() => release(), this.maxHoldMs);
    timer.unref();
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      const next = this.waiting.shift();
      // The slot passes straight to the next in line: `running` stays the same.
      if (next) next();
      else this.running -= 1;
    };
    return release;
  }

  /** Runs `work` in a slot, freed when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Starts waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
