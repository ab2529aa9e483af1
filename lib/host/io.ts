// wasi:io — streams, pollables and errors. Streams are in-memory: stdout and
// stderr become log entries, HTTP bodies are buffers. Readiness of a pollable
// is decided by a deadline (clocks) or is immediate (everything else here).

import { HostError, type HostContext } from './context';

export class IoError {
  constructor(readonly message: string) {}
  toDebugString(): string {
    return this.message;
  }
}

// One worker per thread: the blocking strategy is set once by ioImports.
let waiter: (list: Pollable[]) => void = () => {};

export class Pollable {
  /** Absolute deadline on the host's monotonic clock in ns, or undefined when always ready. */
  constructor(readonly deadlineNs?: bigint, readonly onReady?: () => void) {}
  ready(): boolean {
    return this.deadlineNs === undefined || process.hrtime.bigint() >= this.deadlineNs;
  }
  block(): void {
    this.onReady?.();
    waiter([this]);
  }
}

export interface OutputSink { write(bytes: Uint8Array): void; closed?: boolean }
export interface InputSource { read(max: number): Uint8Array | undefined }

const closed = () => new HostError({ tag: 'closed' });

export class OutputStream {
  constructor(readonly sink: OutputSink) {}
  checkWrite(): bigint {
    if (this.sink.closed) throw closed();
    return 1048576n;
  }
  write(contents: Uint8Array): void {
    if (this.sink.closed) throw closed();
    this.sink.write(contents);
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable {
    return new Pollable();
  }
  writeZeroes(len: bigint): void {
    this.write(new Uint8Array(Number(len)));
  }
  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
  }
  splice(src: InputStream, len: bigint): bigint {
    const chunk = src.read(len);
    this.write(chunk);
    return BigInt(chunk.length);
  }
  blockingSplice(src: InputStream, len: bigint): bigint {
    return this.splice(src, len);
  }
}

export class InputStream {
  constructor(readonly source: InputSource) {}
  read(len: bigint): Uint8Array {
    const chunk = this.source.read(Number(len));
    if (chunk === undefined) throw closed();
    return chunk;
  }
  blockingRead(len: bigint): Uint8Array {
    return this.read(len);
  }
  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }
  blockingSkip(len: bigint): bigint {
    return this.skip(len);
  }
  subscribe(): Pollable {
    return new Pollable();
  }
}

/** A byte buffer read front to back, then closed. */
export function bufferSource(bytes: Uint8Array): InputSource {
  let pos = 0;
  return {
    read(max) {
      if (pos >= bytes.length) return undefined;
      const end = Math.min(bytes.length, pos + max);
      const chunk = bytes.slice(pos, end);
      pos = end;
      return chunk;
    },
  };
}

export function ioImports(ctx: HostContext) {
  /** Waits until the earliest deadline; recorded so replay never waits. */
  const waitFor = (list: Pollable[]): void => {
    if (list.some((p) => p.ready())) return;
    const deadlines = list.map((p) => p.deadlineNs).filter((d): d is bigint => d !== undefined);
    if (deadlines.length === 0) return;
    const earliest = deadlines.reduce((a, b) => (a < b ? a : b));
    const ms = Number(earliest - process.hrtime.bigint()) / 1e6;
    ctx.durable('wasi:io/poll.block', 'read-local', { ms: Math.max(0, Math.round(ms)) }, () => {
      if (ms > 0) ctx.sleep(ms);
      return null;
    });
  };
  waiter = waitFor;
  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': {
      Pollable,
      poll(list: Pollable[]): Uint32Array {
        for (const p of list) p.onReady?.();
        waitFor(list);
        // Which pollables are ready depends on timing: record the answer.
        const ready = ctx.durable('wasi:io/poll.poll', 'read-local', { count: list.length }, () =>
          list.flatMap((p, i) => (p.ready() ? [i] : [])),
        );
        return new Uint32Array(ready.length > 0 ? ready : [0]);
      },
    },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}

