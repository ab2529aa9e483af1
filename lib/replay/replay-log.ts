// Replay reads a worker's oplog front to back. A Jump or Revert entry removes
// a range from the history, so those entries are never replayed. The cursor
// can stop after any entry: that is what the replay debugger steps through.

import type { OplogEntry, OplogKind } from '../oplog/entry';
import { History } from '../oplog/history';
import { REPLAYED_KINDS } from '../oplog/kinds';

/** Entries a running invocation produces, matched one by one on replay. */
export const GUEST_KINDS: readonly OplogKind[] = REPLAYED_KINDS;

export class Divergence extends Error {
  constructor(
    readonly index: number,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`replay diverged at oplog index ${index}: the oplog recorded ${expected}, but the guest made ${actual}`);
  }
}

export class ReplayLog {
  private pos = 0;
  /** What the whole log means (what a jump hides, a remote write in doubt). */
  readonly history: History;

  constructor(readonly entries: OplogEntry[]) {
    this.history = new History(entries);
  }

  /** Index of the last entry consumed (0 before the first). */
  get index(): number {
    return this.entries[this.pos - 1]?.index ?? 0;
  }

  get lastIndex(): number {
    return this.entries.at(-1)?.index ?? 0;
  }

  /** Consumes entries up to and including the next one of the given kinds. */
  take(kinds: readonly OplogKind[]): OplogEntry | undefined {
    while (this.pos < this.entries.length) {
      const e = this.entries[this.pos++]!;
      if (!this.history.hides(e) && kinds.includes(e.kind)) return e;
    }
    return undefined;
  }

  /** True when nothing of the given kinds is left to replay. */
  exhausted(kinds: readonly OplogKind[]): boolean {
    for (let i = this.pos; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (!this.history.hides(e) && kinds.includes(e.kind)) return false;
    }
    return true;
  }
}

/** Describes an entry for divergence messages. */
export function describeEntry(e: OplogEntry | undefined): string {
  if (!e) return 'nothing more (end of the invocation)';
  switch (e.kind) {
    case 'imported-function-invoked':
      return `a call to ${e.functionName}(${JSON.stringify(e.request)})`;
    case 'log':
      return `a write to ${e.stream}`;
    case 'exported-function-completed':
      return 'the end of the invocation';
    case 'begin-atomic-region':
      return 'the beginning of an atomic region';
    case 'end-atomic-region':
      return 'the end of an atomic region';
    default:
      return `a ${e.kind} entry`;
  }
}
