import type { OplogEntryBody } from '../../oplog/entry';
import type { OplogSink } from '../../replay/durable-context';
import type { FromThread } from './protocol';

/**
 * Buffers entries and posts them to the runtime, which commits them in
 * order. Anything that must follow durability (an HTTP request, an answer to
 * a caller) is a message posted after them, so the runtime commits first.
 */
export class Writer implements OplogSink {
  private buffer: OplogEntryBody[] = [];
  written = 0;
  private lastCommit = Date.now();

  /** `writes` false: debug sessions, throwaway forks and plain workers never write. */
  constructor(
    private readonly post: (m: FromThread) => void,
    private readonly writes: boolean,
  ) {}

  add(e: OplogEntryBody): void {
    if (!this.writes) return;
    this.buffer.push(e);
    this.written += 1;
    // Commit often enough that a watcher sees a long invocation progress.
    if (this.buffer.length >= 256 || Date.now() - this.lastCommit > 20) this.commit();
  }

  /** What is buffered, handed to the caller to post with its own message instead of an `append`. */
  take(): OplogEntryBody[] {
    const out = this.buffer;
    this.buffer = [];
    this.lastCommit = Date.now();
    return out;
  }

  commit(): void {
    if (this.buffer.length === 0) return;
    this.post({ type: 'append', entries: this.buffer });
    this.buffer = [];
    this.lastCommit = Date.now();
  }
}
