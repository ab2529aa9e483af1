// wasi:io — streams, pollables and errors. Streams are in-memory: stdout and
// stderr become log entries, HTTP bodies are buffers. Readiness of a pollable
// is decided by a deadline (clocks) or is immediate (everything else here).

import { config } from '../config';
import { HostError, type HostContext } from './context';

export class IoError {
  constructor(readonly message: string) {}
  toDebugString(): string {
    return this.message;
  }
}

/** A wait longer than this suspends the worker: no thread, no memory, a scheduler wakes it. */
export const SUSPEND_AFTER_MS = config.suspendAfterMs;

export class Pollable {
  /**
   * Deadline as wall-clock epoch ms (recorded when the pollable was made), or
   * undefined when always ready. Wall clock, so a worker suspended before a
   * restart or a reboot still wakes at the right moment.
   */
  constructor(
    readonly deadlineMs?: number,
    readonly onReady?: () => void,
    /** How its instance waits (a deadline's pollable): per instance, so one made ahead for another worker never decides it. */
    readonly wait?: (list: Pollable[]) => void,
  ) {}
  ready(): boolean {
    return this.deadlineMs === undefined || Date.now() >= this.deadlineMs;
  }
  block(): void {
    this.onReady?.();
    this.wait?.([this]);
  }
}

export interface OutputSink {
  write(bytes: Uint8Array): void;
  closed?: boolean;
}
export interface InputSource {
  read(max: number): Uint8Array | undefined;
}

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

/** A stored value's body (keyvalue, blobstore) as the guest writes it, in pieces, read back whole. */
export class OutgoingBytes {
  private readonly chunks: Uint8Array[] = [];
  protected append(b: Uint8Array): void {
    this.chunks.push(b.slice());
  }
  protected stream(): OutputStream {
    return new OutputStream({ write: (b) => this.append(b) });
  }
  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}

/**
 * Waits until the earliest deadline; recorded so replay never waits. The
 * deadlines were recorded too, so the request is the same on every replay.
 * A long wait suspends the worker; once woken, replay reaches this call
 * again (it was never recorded) and it waits out only what is left.
 */
export function pollWaiter(ctx: HostContext): (list: Pollable[]) => void {
  return (list) => {
    if (list.some((p) => p.deadlineMs === undefined)) return;
    if (list.length === 0) return;
    const until = Math.min(...list.map((p) => p.deadlineMs as number));
    ctx.durable('wasi:io/poll.block', 'read-local', { until }, () => {
      const ms = until - Date.now();
      if (ms > SUSPEND_AFTER_MS && ctx.canSuspend) ctx.suspend({ until });
      if (ms > 0) ctx.sleep(ms);
      return null;
    });
  };
}

export function ioImports(ctx: HostContext) {
  const waitFor = pollWaiter(ctx);
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
