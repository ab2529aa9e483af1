// golem:durability/durability@1.5.0 (and 1.3.0, 1.2.1): Golem's API for making a guest's own
// "host functions" durable (an SDK wrapping a call the host does not know).
// The guest asks whether it runs live; live, it performs the call itself and
// persists the result; replaying, it reads that result back. Persisting is one
// recorded host call whose response holds what the guest gave, so replay
// answers the matching read from the oplog like every other host call.
// A write-remote-batched function (or a write-remote one in idempotence mode
// off) is bracketed by begin/end-remote-write, as on Golem: recovery re-runs a
// batch left in doubt (idempotence on) or fails the worker (off).

import type { HostContext, PersistenceLevel } from './context';
import { Pollable } from './io';
import type { HostFunction } from './functions';

type Datetime = { seconds: bigint; nanoseconds: number };
/** golem:api/oplog's wrapped-function-type, as jco hands it over. */
type FunctionType = { tag: string; val?: bigint };

export const PERSISTED_INVOCATION = 'golem:durability/durability.persist-durable-function-invocation' satisfies HostFunction;

interface Persisted {
  timestamp: Datetime;
  functionName: string;
  request: unknown;
  response: unknown;
  functionType: FunctionType;
  /** The instance's durable-call count after persisting: replay, which skipped the live calls, takes it up. */
  callSeq: number;
}

/** A pollable standing for one set later: ready and blocking as that one does. */
class LazyPollable extends Pollable {
  constructor(private readonly inner: () => Pollable | undefined) {
    super(undefined, () => {
      const p = inner();
      if (!p) throw new Error('lazy-initialized-pollable: subscribe().block() before set()');
      p.block();
    });
  }
  override ready(): boolean {
    return this.inner()?.ready() ?? false;
  }
  override block(): void {
    this.onReady?.();
  }
}

const REMOTE_WRITES = new Set(['write-remote', 'write-remote-batched', 'write-remote-transaction']);

/**
 * Golem brackets a durable function with begin/end-remote-write when it is a
 * batch of its own (write-remote-batched(none); one naming its batch's begin
 * index belongs to that batch) or a remote write in idempotence mode off.
 * Transactions (write-remote-transaction) are not bracketed here.
 */
function opens(type: FunctionType, idempotent: boolean): boolean {
  return (type.tag === 'write-remote-batched' && type.val === undefined) || (type.tag === 'write-remote' && !idempotent);
}

export function golemDurabilityImports(ctx: HostContext) {
  class LazyInitializedPollable {
    private pollable?: Pollable;
    set(p: Pollable): void {
      this.pollable = p;
    }
    subscribe(): Pollable {
      return new LazyPollable(() => this.pollable);
    }
  }

  const durability = {
    LazyInitializedPollable,
    // Golem counts these for observability; nothing to record.
    observeFunctionCall: (_iface: string, _fn: string): void => {},
    // A batch left in doubt runs again in idempotence mode on; anything else in doubt fails the worker.
    beginDurableFunction: (type: FunctionType): bigint =>
      BigInt(
        opens(type, ctx.golem.idempotent)
          ? ctx.beginRemoteWrite(type.tag === 'write-remote-batched' && ctx.golem.idempotent)
          : ctx.oplogPosition(),
      ),
    endDurableFunction: (type: FunctionType, begin: bigint, forcedCommit: boolean): void => {
      ctx.endRemoteWrite(Number(begin));
      // As Golem: a remote write, or a caller that asks, is durable before this returns (one replica
      // here: committed to the store). Otherwise the entries may wait in the thread's buffer (~20 ms).
      if (forcedCommit || REMOTE_WRITES.has(type.tag)) ctx.commitOplog();
    },
    currentDurableExecutionState: () => ({
      isLive: ctx.isLive(),
      persistenceLevel: { tag: ctx.golem.persistence as PersistenceLevel },
    }),
    persistDurableFunctionInvocation: (functionName: string, request: unknown, response: unknown, functionType: FunctionType): void => {
      ctx.durable(PERSISTED_INVOCATION, 'write-local', null, (): Persisted => {
        const ms = Date.now();
        return {
          timestamp: { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 },
          functionName,
          request,
          response,
          functionType,
          callSeq: ctx.callSeq,
        };
      });
    },
    readPersistedDurableFunctionInvocation: () => {
      const p = ctx.durable(PERSISTED_INVOCATION, 'write-local', null, (): Persisted => {
        // Golem traps too: there is nothing to read once the worker runs live.
        throw new Error('read-persisted-durable-function-invocation: nothing persisted to read, the worker runs live');
      });
      ctx.callSeq = p.callSeq;
      return {
        timestamp: p.timestamp,
        functionName: p.functionName,
        response: p.response,
        functionType: p.functionType,
        entryVersion: 'v2',
      };
    },
  };
  // 1.2.1 (with golem:api 1.1.7) also persists and reads untyped invocations: bytes instead of a value-and-type.
  const { persistDurableFunctionInvocation: persistTyped, readPersistedDurableFunctionInvocation: readTyped, ...common } = durability;
  const v121 = {
    ...common,
    persistTypedDurableFunctionInvocation: persistTyped,
    readPersistedTypedDurableFunctionInvocation: readTyped,
    persistDurableFunctionInvocation: (functionName: string, request: Uint8Array, response: Uint8Array, functionType: FunctionType): void =>
      persistTyped(functionName, request, response, functionType),
    readPersistedDurableFunctionInvocation: () => {
      const p = readTyped();
      if (!(p.response instanceof Uint8Array))
        throw new Error(
          `read-persisted-durable-function-invocation: ${p.functionName} was persisted typed; read it with read-persisted-typed-durable-function-invocation`,
        );
      return p;
    },
  };
  // 1.3.0 is 1.5.0's interface over that version's types (test/golem-wit.test.ts checks each).
  return {
    'golem:durability/durability@1.2.1': v121,
    'golem:durability/durability@1.3.0': durability,
    'golem:durability/durability@1.5.0': durability,
  };
}
