// golem:api/host@1.1.7 and golem:rpc/types@0.2.1: Golem's own host API.
// Anything that reaches beyond this instance (promises, other workers,
// metadata) is a question to the runtime, recorded like every host call so
// replay answers it from the oplog. Settings (retry policy, persistence,
// idempotence) live in the context; replaying the calls that set them
// restores them.

import { createHash, randomBytes } from 'node:crypto';
import { HostError, type HostContext, type PersistenceLevel, type RetryPolicy } from './context';
import { Pollable } from './io';

type Uuid = { highBits: bigint; lowBits: bigint };
export type GolemWorkerId = { componentId: { uuid: Uuid }; workerName: string };
type PromiseId = { workerId: GolemWorkerId; oplogIdx: bigint };
type Datetime = { seconds: bigint; nanoseconds: number };

/** Worker metadata as the runtime reports it to a guest. */
export interface GuestWorkerMetadata {
  component: string;
  name: string;
  uuid: [number, number];
  args: string[];
  env: [string, string][];
  status: string;
  version: number;
  retryCount: number;
}

const HALF = 2 ** 52;

/**
 * A component's Golem component-id, derived from its name. Each half keeps to
 * 52 bits: JavaScript guests (componentize-qjs) see u64 as plain numbers.
 */
export function componentUuid(name: string): [number, number] {
  const h = createHash('sha256').update(`component:${name}`).digest();
  return [Number(h.readBigUInt64BE(0) % BigInt(HALF)), Number(h.readBigUInt64BE(8) % BigInt(HALF))];
}

function randomUuid(): Uuid {
  const b = randomBytes(16);
  return { highBits: b.readBigUInt64BE(0) % BigInt(HALF), lowBits: b.readBigUInt64BE(8) % BigInt(HALF) };
}

export function uuidToString(u: Uuid): string {
  const hex = BigInt.asUintN(64, u.highBits).toString(16).padStart(16, '0') + BigInt.asUintN(64, u.lowBits).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseUuid(s: string): Uuid {
  const hex = s.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new HostError(`not a UUID: ${s}`);
  return { highBits: BigInt(`0x${hex.slice(0, 16)}`), lowBits: BigInt(`0x${hex.slice(16)}`) };
}

const uuidPair = (u: Uuid): [number, number] => [Number(u.highBits), Number(u.lowBits)];
const toUuid = ([hi, lo]: [number, number]): Uuid => ({ highBits: BigInt(hi), lowBits: BigInt(lo) });

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

const NS_PER_MS = 1_000_000n;

function policyToGuest(p: RetryPolicy) {
  return {
    maxAttempts: p.maxAttempts,
    minDelay: BigInt(Math.round(p.minDelayMs)) * NS_PER_MS,
    maxDelay: BigInt(Math.round(p.maxDelayMs)) * NS_PER_MS,
    multiplier: p.multiplier,
    maxJitterFactor: p.maxJitterFactor,
  };
}

function policyFromGuest(p: ReturnType<typeof policyToGuest>): RetryPolicy {
  return {
    maxAttempts: p.maxAttempts,
    minDelayMs: Number(p.minDelay / NS_PER_MS),
    maxDelayMs: Number(p.maxDelay / NS_PER_MS),
    multiplier: p.multiplier,
    maxJitterFactor: p.maxJitterFactor ?? undefined,
  };
}

export function golemImports(ctx: HostContext) {
  /** `component/name` of a Golem worker-id (live only: the runtime knows the components). */
  const workerKey = (w: GolemWorkerId): string => {
    const component = ctx.runtime({ op: 'component-of-uuid', uuid: uuidPair(w.componentId.uuid) }) as string;
    return `${component}/${w.workerName}`;
  };
  const guestMeta = (m: GuestWorkerMetadata) => ({
    workerId: { componentId: { uuid: toUuid(m.uuid) }, workerName: m.name },
    args: m.args,
    env: m.env,
    status: m.status,
    componentVersion: BigInt(m.version),
    retryCount: BigInt(m.retryCount),
  });
  const promiseWorker = (id: PromiseId) => workerKey(id.workerId);

  class GetWorkers {
    private done = false;
    constructor(
      private readonly componentId: { uuid: Uuid },
      private readonly filter: unknown,
      private readonly precise: boolean,
    ) {}
    getNext() {
      const list = ctx.durable(
        'golem:api/host.get-workers.get-next',
        'read-remote',
        { componentId: this.componentId, filter: this.filter ?? null, precise: this.precise, done: this.done },
        () =>
          this.done
            ? undefined
            : (ctx.runtime({ op: 'list-workers', componentUuid: uuidPair(this.componentId.uuid) }) as GuestWorkerMetadata[]).map(guestMeta),
      );
      this.done = true;
      return list;
    }
  }

  const host = {
    GetWorkers,
    createPromise: (): PromiseId =>
      ctx.recordedByRuntime('golem:api/host.create-promise', null, () => ctx.runtime({ op: 'create-promise' }) as PromiseId),
    awaitPromise: (id: PromiseId): Uint8Array => {
      const index = Number(id.oplogIdx);
      return ctx.durable('golem:api/host.await-promise', 'read-remote', { worker: id.workerId.workerName, index }, () => {
        if (id.workerId.workerName !== ctx.workerId.split('/')[1] || promiseWorker(id) !== ctx.workerId) {
          throw new Error('await-promise: a worker can only await promises it created');
        }
        const data = ctx.runtime({ op: 'promise-poll', worker: ctx.workerId, index }) as string | null;
        if (data === null) {
          if (!ctx.canSuspend) throw new Error(`promise ${index} is not completed`);
          ctx.suspend({ promise: index });
        }
        return unb64(data as string);
      });
    },
    pollPromise: (id: PromiseId): Uint8Array | undefined => {
      const index = Number(id.oplogIdx);
      return ctx.durable('golem:api/host.poll-promise', 'read-remote', { worker: id.workerId.workerName, index }, () => {
        const data = ctx.runtime({ op: 'promise-poll', worker: promiseWorker(id), index }) as string | null;
        return data === null ? undefined : unb64(data);
      });
    },
    completePromise: (id: PromiseId, data: Uint8Array): boolean =>
      ctx.durable(
        'golem:api/host.complete-promise',
        'write-remote',
        { worker: id.workerId.workerName, index: Number(id.oplogIdx), data },
        () => ctx.runtime({ op: 'promise-complete', worker: promiseWorker(id), index: Number(id.oplogIdx), data: b64(data) }) as boolean,
      ),
    // Promises stay in the oplog for the record; deleting one changes nothing here.
    deletePromise: (id: PromiseId): void =>
      void ctx.durable('golem:api/host.delete-promise', 'write-local', { index: Number(id.oplogIdx) }, () => null),

    getOplogIndex: (): bigint =>
      BigInt(ctx.durable('golem:api/host.get-oplog-index', 'read-local', null, () => ctx.runtime({ op: 'oplog-index' }) as number)),
    setOplogIndex: (idx: bigint): void => {
      if (ctx.replaying()) return; // its effect (a jump) is already in the history being replayed
      ctx.runtime({ op: 'set-oplog-index', index: Number(idx) });
    },
    // One replica here: committing is making everything written so far durable.
    oplogCommit: (_replicas: number): void => ctx.commitOplog(),
    markBeginOperation: (): bigint => BigInt(ctx.beginAtomicRegion()),
    markEndOperation: (begin: bigint): void => ctx.endAtomicRegion(Number(begin)),

    getRetryPolicy: () => policyToGuest(ctx.golem.retryPolicy),
    setRetryPolicy: (p: ReturnType<typeof policyToGuest>): void => {
      const policy = policyFromGuest(p);
      ctx.durable('golem:api/host.set-retry-policy', 'write-local', policy, () => null);
      ctx.golem.retryPolicy = policy;
    },
    getOplogPersistenceLevel: () => ({ tag: ctx.golem.persistence }),
    setOplogPersistenceLevel: (level: { tag: PersistenceLevel }): void => {
      ctx.durable('golem:api/host.set-oplog-persistence-level', 'write-local', level.tag, () => null);
      ctx.golem.persistence = level.tag;
    },
    getIdempotenceMode: (): boolean => ctx.golem.idempotent,
    setIdempotenceMode: (idempotent: boolean): void => {
      ctx.durable('golem:api/host.set-idempotence-mode', 'write-local', idempotent, () => null);
      ctx.golem.idempotent = idempotent;
    },
    // Recorded and committed before the guest sees it: a key for third parties.
    generateIdempotencyKey: (): Uuid => ctx.durable('golem:api/host.generate-idempotency-key', 'write-remote', null, randomUuid),

    updateWorker: (workerId: GolemWorkerId, targetVersion: bigint, mode: string): void =>
      void ctx.durable('golem:api/host.update-worker', 'write-remote', { workerId, targetVersion, mode }, () =>
        ctx.runtime({ op: 'update-worker', worker: workerKey(workerId), version: Number(targetVersion), mode }),
      ),
    getSelfMetadata: () =>
      ctx.durable('golem:api/host.get-self-metadata', 'read-remote', null, () =>
        guestMeta(ctx.runtime({ op: 'metadata' }) as GuestWorkerMetadata),
      ),
    getWorkerMetadata: (workerId: GolemWorkerId) =>
      ctx.durable('golem:api/host.get-worker-metadata', 'read-remote', { workerId }, () => {
        const m = ctx.runtime({ op: 'metadata', worker: workerKey(workerId) }) as GuestWorkerMetadata | null;
        return m ? guestMeta(m) : undefined;
      }),
    forkWorker: (source: GolemWorkerId, target: GolemWorkerId, cutOff: bigint): void =>
      void ctx.durable('golem:api/host.fork-worker', 'write-remote', { source, target, cutOff }, () =>
        ctx.runtime({ op: 'fork-worker', source: workerKey(source), target: target.workerName, cutOff: Number(cutOff) }),
      ),
    revertWorker: (workerId: GolemWorkerId, target: { tag: string; val: bigint }): void =>
      void ctx.durable('golem:api/host.revert-worker', 'write-remote', { workerId, target }, () =>
        ctx.runtime(
          target.tag === 'revert-to-oplog-index'
            ? { op: 'revert-worker', worker: workerKey(workerId), toIndex: Number(target.val) }
            : { op: 'revert-worker', worker: workerKey(workerId), lastInvocations: Number(target.val) },
        ),
      ),
    resolveComponentId: (ref: string) =>
      ctx.durable('golem:api/host.resolve-component-id', 'read-remote', ref, () => {
        const uuid = ctx.runtime({ op: 'resolve-component', ref }) as [number, number] | null;
        return uuid ? { uuid: toUuid(uuid) } : undefined;
      }),
    resolveWorkerId: (ref: string, name: string) =>
      ctx.durable('golem:api/host.resolve-worker-id', 'read-remote', { ref, name }, () => {
        const uuid = ctx.runtime({ op: 'resolve-component', ref }) as [number, number] | null;
        return uuid ? { componentId: { uuid: toUuid(uuid) }, workerName: name } : undefined;
      }),
    resolveWorkerIdStrict: (ref: string, name: string) =>
      ctx.durable('golem:api/host.resolve-worker-id-strict', 'read-remote', { ref, name }, () => {
        const uuid = ctx.runtime({ op: 'resolve-component', ref }) as [number, number] | null;
        if (!uuid) return undefined;
        const m = ctx.runtime({ op: 'metadata', worker: `${ref}/${name}` }) as GuestWorkerMetadata | null;
        return m ? { componentId: { uuid: toUuid(uuid) }, workerName: name } : undefined;
      }),
    // The runtime records this call in both workers: 'original' here, 'forked' in the copy.
    fork: (name: string): string =>
      ctx.recordedByRuntime('golem:api/host.fork', { name }, () => ctx.runtime({ op: 'fork', name }) as string),
  };

  type Result = { tag: 'ok'; val: unknown } | { tag: 'err'; val: unknown };

  class FutureInvokeResult {
    constructor(private readonly result: Result) {}
    subscribe(): Pollable {
      return new Pollable();
    }
    get(): Result {
      return this.result;
    }
  }

  class CancellationToken {
    constructor(
      private readonly target: GolemWorkerId,
      private readonly key: string,
    ) {}
    cancel(): void {
      ctx.durable('golem:rpc/types.cancellation-token.cancel', 'write-remote', { target: this.target, key: this.key }, () =>
        ctx.runtime({ op: 'cancel-invocation', worker: workerKey(this.target), key: this.key }),
      );
    }
  }

  /** Exactly once: the callee dedups on a key that every replay of this worker computes alike. */
  const rpcKey = () => `rpc:${ctx.workerId}:${ctx.callSeq}`;
  const rpcError = (e: unknown) => new HostError({ tag: 'remote-internal-error', val: e instanceof Error ? e.message : String(e) });

  class WasmRpc {
    constructor(private readonly target: GolemWorkerId) {}
    static ephemeral(componentId: { uuid: Uuid }): WasmRpc {
      return new WasmRpc({ componentId, workerName: `ephemeral-${uuidToString(randomUuid()).slice(0, 8)}` });
    }
    private call(
      kind: string,
      fn: string,
      params: unknown[],
      mode: 'await' | 'enqueue',
      scheduleAt?: number,
    ): { key: string; result?: unknown } {
      return ctx.durable(`golem:rpc/types.wasm-rpc.${kind}`, 'write-remote', { target: this.target, fn, params, scheduleAt }, () => {
        const key = rpcKey();
        try {
          const worker = workerKey(this.target);
          return { key, result: ctx.runtime({ op: 'rpc', worker, function: fn, params, key, mode, scheduleAt }) };
        } catch (e) {
          throw rpcError(e);
        }
      });
    }
    invokeAndAwait(fn: string, params: unknown[]): unknown {
      return this.call('invoke-and-await', fn, params, 'await').result;
    }
    invoke(fn: string, params: unknown[]): void {
      this.call('invoke', fn, params, 'enqueue');
    }
    asyncInvokeAndAwait(fn: string, params: unknown[]): FutureInvokeResult {
      try {
        return new FutureInvokeResult({ tag: 'ok', val: this.invokeAndAwait(fn, params) });
      } catch (e) {
        return new FutureInvokeResult({ tag: 'err', val: e instanceof HostError ? e.payload : String(e) });
      }
    }
    scheduleInvocation(at: Datetime, fn: string, params: unknown[]): void {
      this.call('schedule-invocation', fn, params, 'enqueue', Number(at.seconds) * 1000 + Math.floor(at.nanoseconds / 1e6));
    }
    scheduleCancelableInvocation(at: Datetime, fn: string, params: unknown[]): CancellationToken {
      const { key } = this.call(
        'schedule-cancelable-invocation',
        fn,
        params,
        'enqueue',
        Number(at.seconds) * 1000 + Math.floor(at.nanoseconds / 1e6),
      );
      return new CancellationToken(this.target, key);
    }
  }

  const types = {
    WasmRpc,
    FutureInvokeResult,
    CancellationToken,
    parseUuid,
    uuidToString,
    extractValue: (vnt: { value: unknown }) => vnt.value,
    extractType: (vnt: { typ: unknown }) => vnt.typ,
  };

  // Keyed by version (lib/host/satisfy.ts); the bare names serve versions transpiled before.
  return { 'golem:api/host@1.1.7': host, 'golem:api/host': host, 'golem:rpc/types@0.2.1': types, 'golem:rpc/types': types };
}
