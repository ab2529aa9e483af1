// Record or replay, decided per host call. Live: run the call and append it
// (with its result) to the oplog. Replay: answer from the next recorded entry,
// or stop with a Divergence naming the index, the expected and the actual
// call. When the recorded history runs out, the context goes live by itself.

import { encode, decode, sameEncoded, type Encoded } from '../oplog/codec';
import type { Durability, OplogEntry, OplogEntryBody } from '../oplog/entry';
import {
  HostError,
  FatalError,
  DEFAULT_RETRY_POLICY,
  type GolemState,
  type HostContext,
  type HttpRequestData,
  type HttpResponseData,
  type RuntimeCall,
  type RuntimeReply,
} from '../host/context';
import { ReplayLog, GUEST_KINDS, Divergence, describeEntry } from './replay-log';
import type { DurableHooks } from '../checker/probe';
import { MARK_BEGIN_OPERATION, MARK_END_OPERATION, type HostFunction } from '../host/functions';

/** What the guest did, told to a replay observer for golem:durability's brackets (not recorded host functions). */
const BEGIN_DURABLE_FUNCTION = 'golem:durability/durability.begin-durable-function';
const END_DURABLE_FUNCTION = 'golem:durability/durability.end-durable-function';
export { FatalError };

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
  runtime(call: RuntimeCall): RuntimeReply;
  /** Posts the suspension and blocks forever: the runtime ends the thread. */
  suspend(reason: { until: number } | { promise: number }): never;
  readonly canSuspend: boolean;
}

/** What the context's owner hears about (the thread: the stderr tail for trap reasons, the end of recovery). */
export interface ContextEvents {
  /** The guest wrote output (called even where it is not recorded). */
  logged?(stream: 'stdout' | 'stderr', text: string): void;
  /** History ran out (or the owner ended it): calls from now on are live. Called on every goLive. */
  wentLive?(): void;
}

export class DurableContext implements HostContext {
  private replay?: ReplayLog;
  readonly golem: GolemState = { retryPolicy: { ...DEFAULT_RETRY_POLICY }, persistence: 'smart', idempotent: true };
  callSeq = 0;
  /** Calls made in persist-nothing zones: replay ran them again, so results may differ. */
  unrecorded = 0;

  constructor(
    private readonly sink: OplogSink,
    private readonly services: LiveServices,
    readonly env: [string, string][],
    readonly args: string[],
    history: OplogEntry[] = [],
    private readonly options: {
      observer?: ReplayObserver;
      stopAtEnd?: boolean;
      workerId?: string;
      maxOutputBytes?: number;
      hooks?: DurableHooks;
      events?: ContextEvents;
    } = {},
  ) {
    if (history.length > 0) this.replay = new ReplayLog(history);
  }

  get workerId(): string {
    return this.options.workerId ?? '';
  }

  get canSuspend(): boolean {
    return this.services.canSuspend;
  }

  readonly replaying = (): boolean => this.replay !== undefined;

  isLive(): boolean {
    return !this.replay || this.replay.exhausted(GUEST_KINDS);
  }

  oplogPosition(): number {
    if (this.replay && !this.replay.exhausted(GUEST_KINDS)) return this.replay.index;
    return this.lastIndex();
  }

  invocationKey = '';

  /** The replay cursor (undefined once live). */
  get history(): ReplayLog | undefined {
    return this.replay;
  }

  goLive(): void {
    this.replay = undefined;
    this.options.events?.wentLive?.();
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

  /** The recorded answer to this call while replaying; undefined once live. */
  private replayed<T>(functionName: string, req: Encoded): { value: T } | undefined {
    const e = this.nextRecorded({ functionName, request: req });
    if (!e) return undefined;
    if (e.kind !== 'imported-function-invoked' || e.functionName !== functionName || !sameEncoded(e.request as Encoded, req)) {
      throw new Divergence(e.index, describeEntry(e), `a call to ${functionName}(${JSON.stringify(req)})`);
    }
    const res = e.response as { ok?: Encoded; err?: Encoded };
    if ('err' in res) throw new HostError(decode(res.err as Encoded));
    return { value: decode(res.ok as Encoded) as T };
  }

  durable<T>(functionName: HostFunction, durability: Durability, request: unknown, live: () => T): T {
    this.callSeq += 1;
    // Golem's persist-nothing zone: nothing recorded, so replay runs it again.
    if (this.golem.persistence === 'persist-nothing') {
      this.unrecorded += 1;
      return live();
    }
    const req = encode(request);
    // A durability check counts calls per function (replayed ones too): the n-th is the same call in every run.
    const hooks = this.options.hooks;
    const n = hooks ? this.occurrence(functionName) : 0;
    const remote = durability === 'write-remote';
    // At most once: a remote write of a non-idempotent worker is bracketed, and
    // one that began but left no result fails the worker instead of repeating.
    const bracketed = remote && !this.golem.idempotent;
    if (this.replay) {
      if (bracketed) {
        const begin = this.nextRecorded({ functionName, request: req });
        if (begin) {
          if (begin.kind !== 'begin-remote-write')
            throw new Divergence(begin.index, describeEntry(begin), `a remote write ${functionName}`);
          if (this.replay.exhausted(GUEST_KINDS)) {
            throw new FatalError(
              `a non-idempotent remote write (${functionName}, begun at oplog index ${begin.index}) did not finish before the worker stopped; it may or may not have happened, so it is not repeated`,
            );
          }
          const out = this.replayed<T>(functionName, req)!;
          this.nextRecorded(); // its end-remote-write
          return out.value;
        }
      } else {
        const out = this.replayed<T>(functionName, req);
        if (out) return out.value;
      }
    }
    // Externally visible effects wait until everything before them is durable.
    if (remote) this.sink.commit();
    let beginIndex = 0;
    if (bracketed) {
      this.sink.add({ kind: 'begin-remote-write' });
      beginIndex = this.lastIndex();
    }
    const record = (response: { ok: Encoded } | { err: Encoded }) => {
      hooks?.afterLive(functionName, n);
      this.sink.add({ kind: 'imported-function-invoked', functionName, request: req, response, durability });
      if (bracketed) this.sink.add({ kind: 'end-remote-write', beginIndex });
      if (remote) this.sink.commit();
    };
    let value: T;
    try {
      const pinned = hooks?.answer(functionName, durability, n);
      if (pinned && 'err' in pinned) throw new HostError(decode(pinned.err));
      value = pinned ? (decode(pinned.ok) as T) : live();
    } catch (err) {
      if (!(err instanceof HostError)) throw err;
      record({ err: encode(err.payload) });
      throw err;
    }
    record({ ok: encode(value) });
    return value;
  }

  private readonly occurrences = new Map<string, number>();

  private occurrence(functionName: string): number {
    const n = (this.occurrences.get(functionName) ?? 0) + 1;
    this.occurrences.set(functionName, n);
    return n;
  }

  recordedByRuntime<T>(functionName: HostFunction, request: unknown, live: () => T): T {
    this.callSeq += 1;
    const hooks = this.options.hooks;
    const n = hooks ? this.occurrence(functionName) : 0;
    if (this.replay) {
      const out = this.replayed<T>(functionName, encode(request));
      if (out) return out.value;
    }
    this.sink.commit();
    const value = live();
    // The runtime has recorded the call and the guest has not seen its answer yet: a check kills "inside" it here.
    hooks?.afterLive(functionName, n);
    return value;
  }

  /** Index of the newest entry (after committing what this thread wrote). */
  private lastIndex(): number {
    this.sink.commit();
    return this.runtime({ op: 'oplog-index' }) as number;
  }

  runtime(call: RuntimeCall): unknown {
    this.sink.commit();
    const reply = this.services.runtime(call);
    if ('error' in reply) throw new Error(reply.error);
    return reply.ok;
  }

  suspend(reason: { until: number } | { promise: number }): never {
    this.sink.commit();
    return this.services.suspend(reason);
  }

  beginAtomicRegion(): number {
    if (this.replay) {
      const e = this.nextRecorded({ functionName: MARK_BEGIN_OPERATION });
      if (e) {
        if (e.kind !== 'begin-atomic-region') throw new Divergence(e.index, describeEntry(e), 'the beginning of an atomic region');
        return e.index;
      }
    }
    this.sink.commit();
    return this.runtime({ op: 'begin-atomic-region' }) as number;
  }

  endAtomicRegion(begin: number): void {
    if (this.replay) {
      const e = this.nextRecorded({ functionName: MARK_END_OPERATION });
      if (e) {
        if (e.kind !== 'end-atomic-region') throw new Divergence(e.index, describeEntry(e), 'the end of an atomic region');
        return;
      }
    }
    this.sink.add({ kind: 'end-atomic-region', beginIndex: begin });
    this.sink.commit();
  }

  /** Remote writes begun through golem:durability and not ended yet (their begin entries' indexes). */
  private readonly openWrites = new Set<number>();

  beginRemoteWrite(rerun: boolean): number {
    if (this.replay) {
      const begin = this.nextRecorded({ functionName: BEGIN_DURABLE_FUNCTION });
      if (begin) {
        if (begin.kind !== 'begin-remote-write') throw new Divergence(begin.index, describeEntry(begin), 'the beginning of a remote write');
        // A debug session replays a fixed history (perhaps cut short): it neither repairs nor fails it.
        if (this.options.stopAtEnd || !this.replay.history.remoteWriteInDoubt(begin.index)) {
          this.openWrites.add(begin.index);
          return begin.index;
        }
        if (!rerun) {
          throw new FatalError(
            `an unfinished remote write (begun at oplog index ${begin.index} by begin-durable-function) did not end before the worker stopped; the remote side may or may not have applied it, so it is not repeated (idempotence mode is off)`,
          );
        }
        // At least once: the attempt in doubt is hidden from every later replay and the guest runs it again live.
        const end = this.lastIndex();
        this.goLive();
        if (end > begin.index) this.sink.add({ kind: 'jump', start: begin.index + 1, end });
        this.sink.commit();
        this.openWrites.add(begin.index);
        return begin.index;
      }
    }
    this.sink.add({ kind: 'begin-remote-write' });
    const index = this.lastIndex(); // committed: what follows may reach the remote side
    this.openWrites.add(index);
    return index;
  }

  endRemoteWrite(begin: number): boolean {
    if (!this.openWrites.delete(begin)) return false;
    if (this.replay) {
      const e = this.nextRecorded({ functionName: END_DURABLE_FUNCTION });
      if (e) {
        if (e.kind !== 'end-remote-write' || e.beginIndex !== begin)
          throw new Divergence(e.index, describeEntry(e), `the end of the remote write begun at oplog index ${begin}`);
        return true;
      }
    }
    this.sink.add({ kind: 'end-remote-write', beginIndex: begin });
    return true;
  }

  commitOplog(): void {
    // The runtime commits everything posted before it answers a question.
    if (this.isLive()) this.lastIndex();
  }

  /** Guest output of the running invocation so far, in bytes (the cap is per invocation). */
  private outputBytes = 0;

  /** Called as each invocation starts, live or replayed. */
  startInvocation(key = ''): void {
    this.outputBytes = 0;
    this.invocationKey = key;
  }

  log(stream: 'stdout' | 'stderr', text: string): void {
    this.options.events?.logged?.(stream, text);
    if (this.golem.persistence === 'persist-nothing') return;
    // Past the cap, output is dropped after one recorded note. The same output
    // is cut at the same place on replay, so the entries still line up.
    const max = this.options.maxOutputBytes ?? Infinity;
    if (this.outputBytes > max) return;
    const size = Buffer.byteLength(text);
    this.outputBytes += size;
    const message =
      this.outputBytes <= max
        ? text
        : `${Buffer.from(text)
            .subarray(0, Math.max(0, max - (this.outputBytes - size)))
            .toString()}\n[output cut: this invocation printed more than ${max} bytes (PLAYGROUND_MAX_OUTPUT_KB); the rest is not stored]\n`;
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
