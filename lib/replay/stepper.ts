// The replay debugger's brake, inside a debug session's thread: after each
// recorded entry the replay consumes, decide whether to stop there; stopping
// blocks the thread (and so the guest, mid-call if need be) until the next
// command. Nothing here writes to any oplog.

import type { OplogEntry, OplogKind } from '../oplog/entry';
import type { ReplayObserver } from './durable-context';

export interface Breakpoint {
  index?: number;
  kind?: OplogKind;
  /** A host or exported function name, e.g. `playground:http/client.send`. */
  functionName?: string;
}

export type DebugCommand =
  | { type: 'step' }
  | { type: 'continue'; toIndex?: number; breakpoints?: Breakpoint[] };

export interface DebugState {
  /** Index of the entry just replayed (0 before the first). */
  index: number;
  /** The recorded entry at that index. */
  entry?: OplogEntry;
  /** What the guest actually did there, when it was a host call or a write. */
  actual?: unknown;
  /** The exported-function invocation being replayed. */
  invocation?: { index: number; functionName: string };
  /** Guest output replayed so far. */
  output: { index: number; stream: 'stdout' | 'stderr'; message: string }[];
  /** Last index of the history. */
  lastIndex: number;
  /** Set when the replay can go no further. */
  ended?: { reason: string; divergence?: boolean };
}

export class Stepper implements ReplayObserver {
  private command: DebugCommand = { type: 'step' };
  private invocation?: DebugState['invocation'];
  private readonly output: DebugState['output'] = [];
  private last: DebugState;

  constructor(private readonly lastIndex: number, private readonly stop: (s: DebugState) => DebugCommand) {
    this.last = { index: 0, output: [], lastIndex };
  }

  consumed(entry: OplogEntry, actual?: unknown): void {
    if (entry.kind === 'exported-function-invoked') this.invocation = { index: entry.index, functionName: entry.functionName };
    if (entry.kind === 'log') this.output.push({ index: entry.index, stream: entry.stream, message: entry.message });
    this.last = { index: entry.index, entry, actual, invocation: this.invocation, output: [...this.output], lastIndex: this.lastIndex };
    if (this.shouldStop(entry)) this.command = this.stop(this.last);
  }

  /** Stops for good: history ended, or the guest diverged from it. */
  end(reason: string, divergence: boolean): never {
    const state = { ...this.last, ended: { reason, divergence } };
    for (;;) this.stop(state);
  }

  /** The very first stop, before anything is replayed. */
  begin(): void {
    this.command = this.stop(this.last);
  }

  private shouldStop(e: OplogEntry): boolean {
    const c = this.command;
    if (c.type === 'step') return true;
    if (c.toIndex !== undefined && e.index >= c.toIndex) return true;
    return (c.breakpoints ?? []).some((b) =>
      (b.index === undefined || b.index === e.index) &&
      (b.kind === undefined || b.kind === e.kind) &&
      (b.functionName === undefined || ('functionName' in e && e.functionName === b.functionName)) &&
      (b.index !== undefined || b.kind !== undefined || b.functionName !== undefined));
  }
}
