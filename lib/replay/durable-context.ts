// Record or replay, decided per host call. Live: run the call and append it
// (with its result) to the oplog. Replay: answer from the next recorded entry,
// or stop with a Divergence naming the index, the expected and the actual
// call. When the recorded history runs out, the context goes live by itself.

import { encode, decode, sameEncoded, type Encoded } from '../oplog/codec';
import type { Durability, OplogEntry, OplogEntryBody } from '../oplog/entry';
import { HostError, type HostContext, type HttpRequestData, type HttpResponseData } from '../host/context';
import { ReplayLog, GUEST_KINDS, Divergence, describeEntry } from './replay-log';

export interface OplogSink {
  add(e: OplogEntryBody): void;
  /** Makes everything added so far durable. */
  commit(): void;
}

/** Sees every recorded entry replay consumes, with what the guest actually did. */
export interface ReplayObserver {
  consumed(entry: OplogEntry, actual?: unknown): void;
}

/** Thrown when history ends and the context may not go live (a debug session). */
export class EndOfHistory extends Error {
  constructor() {
    super('the end of the recorded history');
  }
}

export interface LiveServices {
  httpRequest(req: HttpRequestData): HttpResponseData;
  sleep(ms: number): void;
}

export class DurableContext implements HostContext {
  private replay?: ReplayLog;

  constructor(
    private readonly sink: OplogSink,
    private readonly services: LiveServices,
    readonly env: [string, string][],
    readonly args: string[],
    history: OplogEntry[] = [],
    private readonly options: { observer?: ReplayObserver; stopAtEnd?: boolean } = {},
  ) {
    if (history.length > 0) this.replay = new ReplayLog(history);
  }

  readonly replaying = (): boolean => this.replay !== undefined;

  /** The replay cursor (undefined once live). */
  get history(): ReplayLog | undefined {
    return this.replay;
  }

  goLive(): void {
    this.replay = undefined;
  }

  /**
   * Next entry the running invocation must match, told to the observer with
   * what the guest did; at the end of history the context goes live (or, in
   * a debug session, stops).
   */
  nextRecorded(actual?: unknown): OplogEntry | undefined {
    const e = this.replay?.take(GUEST_KINDS);
    if (!e) {
      if (this.options.stopAtEnd) throw new EndOfHistory();
      this.goLive();
      return undefined;
    }
    this.options.observer?.consumed(e, actual);
    return e;
  }

  durable<T>(functionName: string, durability: Durability, request: unknown, live: () => T): T {
    const req = encode(request);
    if (this.replay) {
      const e = this.nextRecorded({ functionName, request: req });
      if (e) {
        if (e.kind !== 'imported-function-invoked' || e.functionName !== functionName || !sameEncoded(e.request as Encoded, req)) {
          throw new Divergence(e.index, describeEntry(e), `a call to ${functionName}(${JSON.stringify(req)})`);
        }
        const res = e.response as { ok?: Encoded; err?: Encoded };
        if ('err' in res) throw new HostError(decode(res.err as Encoded));
        return decode(res.ok as Encoded) as T;
      }
    }
    // Externally visible effects wait until everything before them is durable.
    const remote = durability === 'write-remote';
    if (remote) this.sink.commit();
    const record = (response: { ok: Encoded } | { err: Encoded }) => {
      this.sink.add({ kind: 'imported-function-invoked', functionName, request: req, response, durability });
      if (remote) this.sink.commit();
    };
    let value: T;
    try {
      value = live();
    } catch (err) {
      if (!(err instanceof HostError)) throw err;
      record({ err: encode(err.payload) });
      throw err;
    }
    record({ ok: encode(value) });
    return value;
  }

  log(stream: 'stdout' | 'stderr', message: string): void {
    if (this.replay) {
      const e = this.nextRecorded({ stream, message });
      if (e) {
        if (e.kind !== 'log' || e.stream !== stream) throw new Divergence(e.index, describeEntry(e), `a write to ${stream}`);
        return;
      }
    }
    this.sink.add({ kind: 'log', stream, message });
  }

  httpRequest(req: HttpRequestData): HttpResponseData {
    return this.services.httpRequest(req);
  }

  sleep(ms: number): void {
    this.sink.commit();
    this.services.sleep(ms);
  }
}
