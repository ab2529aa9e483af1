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
  | { type: 'continue'; toIndex?: number; breakpoints?: Breakpoint[] }
  /** What-if: replace a recorded host call's response before replay reaches it. */
  | { type: 'override'; index: number; response: unknown };

export interface Override { index: number; response: unknown }

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
  /** Recorded responses replaced in this session (what-if). */
  overrides: Override[];
  /** Why the last command could not be applied. */
  notice?: string;
}

export class Stepper implements ReplayObserver {
  private command: DebugCommand = { type: 'step' };
  private invocation?: DebugState['invocation'];
  private readonly output: DebugState['output'] = [];
  private last: DebugState;
  private readonly overrides: Override[] = [];

  constructor(private readonly history: OplogEntry[], private readonly stop: (s: DebugState) => DebugCommand) {
    this.lastIndex = history.at(-1)?.index ?? 0;
    this.last = { index: 0, output: [], lastIndex: this.lastIndex, overrides: [] };
  }

  private readonly lastIndex: number;

  /** Stops, applying what-if overrides until a command resumes the replay. */
  private halt(state: DebugState): DebugCommand {
    let cmd = this.stop(state);
    while (cmd.type === 'override') {
      const notice = this.override(cmd);
      this.last = { ...state, overrides: [...this.overrides], notice };
      cmd = this.stop(this.last);
    }
    return cmd;
  }

  private override(cmd: { index: number; response: unknown }): string | undefined {
    if (cmd.index <= this.last.index) return `entry ${cmd.index} was already replayed: rewind before it to change it`;
    const e = this.history.find((x) => x.index === cmd.index);
    if (!e || e.kind !== 'imported-function-invoked') return `entry ${cmd.index} is not a recorded host call`;
    const r = cmd.response as { ok?: unknown; err?: unknown } | null;
    if (!r || typeof r !== 'object' || (!('ok' in r) && !('err' in r))) return 'a response is { "ok": value } or { "err": value }, in the oplog\'s encoding';
    e.response = r;
    const i = this.overrides.findIndex((o) => o.index === cmd.index);
    if (i >= 0) this.overrides.splice(i, 1);
    this.overrides.push({ index: cmd.index, response: r });
    return undefined;
  }

  consumed(entry: OplogEntry, actual?: unknown): void {
    if (entry.kind === 'exported-function-invoked') this.invocation = { index: entry.index, functionName: entry.functionName };
    if (entry.kind === 'log') {
      // What the guest printed now: after a what-if it may differ from the record.
      const printed = (actual as { message?: string } | undefined)?.message ?? entry.message;
      this.output.push({ index: entry.index, stream: entry.stream, message: printed });
    }
    this.last = { index: entry.index, entry, actual, invocation: this.invocation, output: [...this.output], lastIndex: this.lastIndex, overrides: [...this.overrides] };
    if (this.shouldStop(entry)) this.command = this.halt(this.last);
  }

  /** Stops for good: history ended, or the guest diverged from it. */
  end(reason: string, divergence: boolean): never {
    const state = { ...this.last, ended: { reason, divergence } };
    for (;;) this.halt(state);
  }

  /** The very first stop, before anything is replayed. */
  begin(): void {
    this.command = this.halt(this.last);
  }

  private shouldStop(e: OplogEntry): boolean {
    const c = this.command;
    if (c.type !== 'continue') return true;
    if (c.toIndex !== undefined && e.index >= c.toIndex) return true;
    return (c.breakpoints ?? []).some((b) =>
      (b.index === undefined || b.index === e.index) &&
      (b.kind === undefined || b.kind === e.kind) &&
      (b.functionName === undefined || ('functionName' in e && e.functionName === b.functionName)) &&
      (b.index !== undefined || b.kind !== undefined || b.functionName !== undefined));
  }
}
