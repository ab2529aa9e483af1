// The one seam between a guest and the world. Every WASI implementation in
// lib/host calls `ctx.durable(...)` for anything non-deterministic; whether the
// call runs live or is answered from the oplog is decided here and nowhere
// else, so a new durable interface is a declaration plus its live code.

import type { Durability } from '../oplog/entry';

/** Thrown by an import to make jco return `err(payload)` to the guest. */
export class HostError {
  constructor(readonly payload: unknown) {}
}

/** Thrown when the guest calls wasi:cli/exit; unwinds the guest. */
export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`guest exited with code ${code}`);
  }
}

export interface HttpRequestData {
  method: string;
  url: string;
  headers: [string, string][];
  /** base64 */
  body: string;
}
export type HttpResponseData =
  | { status: number; headers: [string, string][]; body: string }
  | { error: string; message: string };

export interface HostContext {
  /**
   * Runs `live` and records its outcome, or, while replaying, returns the
   * recorded outcome without running it. A thrown HostError is recorded too.
   */
  durable<T>(functionName: string, durability: Durability, request: unknown, live: () => T): T;
  /** Guest output: recorded as a log entry, never repeated on replay. */
  log(stream: 'stdout' | 'stderr', text: string): void;
  readonly env: [string, string][];
  readonly args: string[];
  /** Blocks this thread until the runtime performs the request. */
  httpRequest(req: HttpRequestData): HttpResponseData;
  /** Blocks this thread for ms milliseconds (live only; replay never sleeps). */
  sleep(ms: number): void;
  readonly replaying: () => boolean;
}
