// An instance made while no worker runs on this thread (or, on a thread with
// room for another worker, once the last one recovered), for the version the
// runtime said it will most likely run next: that worker's start then skips
// loading its bindings and instantiating.

import { instantiateEarly, type EarlyInstance } from './instance';
import type { PrepareMessage } from './protocol';

export class Prewarm {
  private wanted: PrepareMessage | undefined;
  private early: Promise<EarlyInstance | undefined> | undefined;

  /** The version this thread will most likely run next: its bindings loaded, an instance made ahead when idle. */
  prepare(m: PrepareMessage, idle: boolean): void {
    if (this.wanted?.bindingsUrl === m.bindingsUrl) return;
    this.wanted = m;
    void import(m.bindingsUrl).catch(() => {});
    if (idle) {
      this.early = undefined;
      this.make();
    }
  }

  /** Makes the instance ahead, if none is made yet (call only while no worker runs here). */
  make(): void {
    if (!this.early && this.wanted?.modules) this.early = instantiateEarly(this.wanted.bindingsUrl, this.wanted.modules);
  }

  /** The instance made ahead when it is of this version (it is used up either way, before any await: two workers never get one instance). */
  async take(bindingsUrl: string): Promise<EarlyInstance | undefined> {
    const early = this.early;
    this.early = undefined;
    const made = early ? await early : undefined;
    return made?.bindingsUrl === bindingsUrl ? made : undefined;
  }
}
