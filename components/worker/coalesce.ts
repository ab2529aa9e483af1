// Runs an async job on demand, coalesced: pokes within `delayMs` of each other
// run it once, after the last one (a trailing debounce), and it never runs
// concurrently with itself: a poke while it runs makes one more run after it.
// The state watch uses it so a burst of invocations asks for one evaluation.

export class Coalescer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private disposed = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  poke(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.delayMs);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.job()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        // Asked again while running (and no newer poke pending): one more run, with what is newest then.
        if (this.again && !this.timer) {
          this.again = false;
          this.fire();
        } else this.again = false;
      });
  }
}
