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
  | { type: 'override'; index: number; response: unknown }
  /**
   * Read a region of the guest's linear memory (stays stopped). With skipZero,
   * `length`-byte reads that are all zero are skipped, up to the end of the
   * 64 KiB page holding `offset`: one command opens a page where its bytes begin.
   */
  | { type: 'memory'; offset: number; length: number; skipZero?: boolean };

export interface Override {
  index: number;
  response: unknown;
}

export interface DebugOutput {
  index: number;
  stream: 'stdout' | 'stderr';
  message: string;
}

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
  output: DebugOutput[];
  /** Last index of the history. */
  lastIndex: number;
  /** Set when the replay can go no further. */
  ended?: { reason: string; divergence?: boolean };
  /** Recorded responses replaced in this session (what-if). */
  overrides: Override[];
  /** Why the last command could not be applied. */
  notice?: string;
  /** The guest's linear memory: size, and the 64 KiB pages changed since the previous stop. */
  memory?: { pageSize: number; pages: number; changed: number[]; digest: string };
  /** The region read by a memory command, as hex; `from` is the offset asked for (before zero reads were skipped). */
  memoryView?: { offset: number; hex: string; from: number };
}

const PAGE = 65536;

/** A cheap fingerprint of one page (FNV-1a over 32-bit words). */
function pageHash(words: Uint32Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ words[i]!, 0x01000193); // callers pass end <= words.length
  return h >>> 0;
}

export class Stepper implements ReplayObserver {
  private command: DebugCommand = { type: 'step' };
  private invocation?: DebugState['invocation'];
  private readonly output: DebugState['output'] = [];
  private last: DebugState;
  private readonly overrides: Override[] = [];

  private hashes: number[] = [];

  constructor(
    private readonly history: OplogEntry[],
    private readonly stop: (s: DebugState) => DebugCommand,
    private readonly memory: () => WebAssembly.Memory | undefined = () => undefined,
  ) {
    this.lastIndex = history.at(-1)?.index ?? 0;
    this.last = { index: 0, output: [], lastIndex: this.lastIndex, overrides: [] };
  }

  private readonly lastIndex: number;

  /** Stops, applying what-if overrides until a command resumes the replay. */
  private halt(state: DebugState): DebugCommand {
    state.memory = this.memoryChanges();
    let cmd = this.stop(state);
    while (cmd.type === 'override' || cmd.type === 'memory') {
      if (cmd.type === 'override') {
        const notice = this.override(cmd);
        this.last = { ...state, overrides: [...this.overrides], notice };
      } else this.last = { ...state, ...this.readMemory(cmd.offset, cmd.length, cmd.skipZero === true) };
      cmd = this.stop(this.last);
    }
    return cmd;
  }

  /** Which pages changed since the previous stop (all of them the first time). */
  private memoryChanges(): DebugState['memory'] {
    const mem = this.memory();
    if (!mem) return undefined;
    const words = new Uint32Array(mem.buffer);
    const pages = Math.floor(mem.buffer.byteLength / PAGE);
    const changed: number[] = [];
    const next: number[] = new Array(pages);
    for (let p = 0; p < pages; p++) {
      next[p] = pageHash(words, (p * PAGE) / 4, ((p + 1) * PAGE) / 4);
      if (next[p] !== this.hashes[p]) changed.push(p);
    }
    this.hashes = next;
    // The same state at the same index has the same digest, however it was reached.
    const digest = (next.reduce((h, x) => Math.imul(h ^ x, 0x01000193), 0x811c9dc5) >>> 0).toString(16);
    return { pageSize: PAGE, pages, changed, digest };
  }

  private readMemory(offset: number, length: number, skipZero: boolean): Pick<DebugState, 'memoryView' | 'notice'> {
    const mem = this.memory();
    if (!mem) return { notice: 'this guest exposes no linear memory' };
    const len = Math.max(0, Math.min(length, 4096));
    if (!Number.isInteger(offset) || offset < 0 || offset + len > mem.buffer.byteLength) {
      return { notice: `memory is ${mem.buffer.byteLength} bytes: ${offset}..${offset + len} is outside it` };
    }
    const bytes = new Uint8Array(mem.buffer);
    let at = offset;
    if (skipZero && len > 0) {
      const pageEnd = Math.min(mem.buffer.byteLength, (Math.floor(offset / PAGE) + 1) * PAGE);
      // The last read that fits in the page is shown even when zero: the view then says the page is.
      while (at + 2 * len <= pageEnd && bytes.subarray(at, at + len).every((b) => b === 0)) at += len;
    }
    return { memoryView: { offset: at, hex: Buffer.from(mem.buffer, at, len).toString('hex'), from: offset }, notice: undefined };
  }

  private override(cmd: { index: number; response: unknown }): string | undefined {
    if (cmd.index <= this.current().index) return `entry ${cmd.index} was already replayed: rewind before it to change it`;
    const e = this.history.find((x) => x.index === cmd.index);
    if (!e || e.kind !== 'imported-function-invoked') return `entry ${cmd.index} is not a recorded host call`;
    const r = cmd.response as { ok?: unknown; err?: unknown } | null;
    if (!r || typeof r !== 'object' || (!('ok' in r) && !('err' in r)))
      return 'a response is { "ok": value } or { "err": value }, in the oplog\'s encoding';
    e.response = r;
    const i = this.overrides.findIndex((o) => o.index === cmd.index);
    if (i >= 0) this.overrides.splice(i, 1);
    this.overrides.push({ index: cmd.index, response: r });
    return undefined;
  }

  consumed(entry: OplogEntry, actual?: unknown): void {
    if (entry.kind === 'exported-function-invoked') this.invocation = { index: entry.index, functionName: entry.functionName };
    // What the guest printed now (after a what-if it may differ from the record);
    // when it did something else here, it printed nothing: that is a divergence.
    const printed = (actual as { message?: unknown } | undefined)?.message;
    if (entry.kind === 'log' && typeof printed === 'string')
      this.output.push({ index: entry.index, stream: entry.stream, message: printed });
    // The state is built only where replay stops: copying it per entry made a
    // long continue quadratic in the output.
    this.pending = { entry, actual, invocation: this.invocation };
    if (this.shouldStop(entry)) this.command = this.halt(this.current());
  }

  private pending?: { entry: OplogEntry; actual?: unknown; invocation?: DebugState['invocation'] };

  /** The state at the last consumed entry. */
  private current(): DebugState {
    if (this.pending) {
      const { entry, actual, invocation } = this.pending;
      this.last = {
        index: entry.index,
        entry,
        actual,
        invocation,
        output: [...this.output],
        lastIndex: this.lastIndex,
        overrides: [...this.overrides],
      };
      this.pending = undefined;
    }
    return this.last;
  }

  /** Stops for good: history ended, or the guest diverged from it. */
  end(reason: string, divergence: boolean): never {
    const state = { ...this.current(), ended: { reason, divergence } };
    for (;;) this.halt(state);
  }

  /** The very first stop, before anything is replayed. */
  begin(): void {
    this.command = this.halt(this.current());
  }

  private shouldStop(e: OplogEntry): boolean {
    const c = this.command;
    if (c.type !== 'continue') return true;
    if (c.toIndex !== undefined && e.index >= c.toIndex) return true;
    return (c.breakpoints ?? []).some(
      (b) =>
        (b.index === undefined || b.index === e.index) &&
        (b.kind === undefined || b.kind === e.kind) &&
        (b.functionName === undefined || ('functionName' in e && e.functionName === b.functionName)) &&
        (b.index !== undefined || b.kind !== undefined || b.functionName !== undefined),
    );
  }
}
