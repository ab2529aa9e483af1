// The debugger's command queue: commands run one at a time, in the order they
// were given; one given while another runs waits its turn (a click is never
// dropped). Plain code (no React) so that it is tested alone.

export interface QueueView {
  /** Whether the page is still there to show anything (and to run commands for). */
  live(): boolean;
  /** How many commands wait behind the one running. */
  waiting(n: number): void;
  /** A command starts: shown as `label` while it runs. */
  started(label: string): void;
  failed(e: unknown): void;
  /** Nothing runs or waits any more. */
  idle(): void;
}

/** Returns `enqueue(label, fn)`: runs `fn` after the commands before it; resolves when it is done (never rejects). */
export function commandQueue(view: QueueView): (label: string, fn: () => Promise<unknown>) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  // Commands in the queue, running or waiting.
  let count = 0;
  // The one running is not waiting: all but one of those queued.
  const showWaiting = () => view.live() && view.waiting(Math.max(0, count - 1));
  return (label, fn) => {
    count += 1;
    showWaiting();
    const job = tail.then(async () => {
      try {
        // A page that went away runs nothing more, but each command still leaves the count.
        if (!view.live()) return;
        showWaiting();
        view.started(label);
        await fn();
      } catch (e) {
        if (view.live()) view.failed(e);
      } finally {
        count -= 1;
        showWaiting();
        if (view.live() && count === 0) view.idle();
      }
    });
    tail = job;
    return job;
  };
}
