// One of our oplog entries as golem:api/oplog's public-oplog-entry, at 1.1.7
// (workers), 1.3.0 (agents) and 1.5.0 (jco's shapes: variants `{ tag, val }`,
// records camelCase). The versions agree on most cases; each one's table says
// how it differs (its value encoding, field names) and shapes its own cases.
// What the playground does not track is reported empty or zero (component
// sizes, plugins, fuel, an update's snapshot before it is taken); an entry
// kind a version has no case for (a promise completion; a snapshot before
// 1.5.0) is a `no-op`; values are typed from what the oplog keeps
// (lib/host/value-and-type.ts).

import type { OplogEntry } from '../oplog/entry';
import { decode, type Encoded } from '../oplog/codec';
import { traceIdOf } from './golem-context';
import { valueAndType } from './value-and-type';

export type OplogVersion = '1.1.7' | '1.3.0' | '1.5.0';
type Mapped = { tag: string; val?: unknown };
type Kind = OplogEntry['kind'];
type Of<K extends Kind> = Extract<OplogEntry, { kind: K }>;

export const datetime = (ms: number) => ({ seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 });

/** What a case may use besides the entry: its time, whose entry it is, and the component version in effect. */
interface At {
  timestamp: ReturnType<typeof datetime>;
  id: unknown;
  workerId: string;
  version: number;
}

interface Dialect {
  /** A value as this version's oplog carries it: a bare wit-value (1.1.7) or a value-and-type. */
  value(x: unknown): unknown;
  /** The field that names an update's target. */
  revision: 'targetVersion' | 'targetRevision';
  /** Entries that carry only their time: a bare datetime (1.1.7), else a record. */
  bareTime: boolean;
  hostCall: { tag: string; durability: 'wrappedFunctionType' | 'durableFunctionType' };
  cancelTag: string;
  /** Cases this version shapes its own way. */
  own: { create: (e: Of<'create'>, at: At) => Mapped } & { [K in Kind]?: (e: Of<K>, at: At) => Mapped };
}

const ZERO_UUID = { highBits: 0n, lowBits: 0n };
/** The playground is one environment (as golem:api/host@1.5.0's metadata says). */
const ENVIRONMENT_ID = { uuid: { highBits: 0n, lowBits: 1n } };
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const trace = (workerId: string, key: string) => ({ traceId: traceIdOf(workerId, key), traceStates: [], invocationContext: [] });
const created = { parent: undefined, componentSize: 0n, initialTotalLinearMemorySize: 0n, initialActivePlugins: [] };

function typedData(values: unknown[]) {
  const parts = values.map((v) => valueAndType(v));
  return {
    value: { tag: 'tuple', val: parts.map((p) => ({ tag: 'component-model', val: p.value })) },
    schema: { tag: 'tuple', val: parts.map((p, i) => [`arg${i + 1}`, { tag: 'component-model', val: p.typ }]) },
  };
}

/** 1.5.0's invocation record (started, pending). */
const invocation = (e: { functionName: string; args: unknown[]; idempotencyKey: string }, workerId: string) => ({
  tag: 'agent-method-invocation',
  val: {
    idempotencyKey: e.idempotencyKey,
    methodName: e.functionName,
    functionInput: typedData(e.args),
    ...trace(workerId, e.idempotencyKey),
  },
});

const V1_1_7: Dialect = {
  value: (x) => valueAndType(x).value,
  revision: 'targetVersion',
  bareTime: true,
  hostCall: { tag: 'imported-function-invoked', durability: 'wrappedFunctionType' },
  cancelTag: 'cancel-invocation',
  own: {
    create: (e, { timestamp, id }) => ({
      tag: 'create',
      val: {
        timestamp,
        workerId: id,
        componentVersion: BigInt(e.componentVersion),
        args: e.args,
        env: e.env,
        accountId: { value: '' },
        ...created,
      },
    }),
    'exported-function-completed': (e, { timestamp }) => ({
      tag: 'exported-function-completed',
      val: { timestamp, response: valueAndType(e.result).value, consumedFuel: 0n },
    }),
    error: (e, { timestamp }) => ({ tag: 'error', val: { timestamp, error: e.error } }),
    jump: (e, { timestamp }) => ({ tag: 'jump', val: { timestamp, start: BigInt(e.start), end: BigInt(e.end) } }),
    'pending-worker-invocation': (e, { timestamp }) => ({
      tag: 'pending-worker-invocation',
      val: {
        timestamp,
        invocation: {
          tag: 'exported-function',
          val: { idempotencyKey: e.idempotencyKey, functionName: e.functionName, input: e.args.map((x) => valueAndType(x).value) },
        },
      },
    }),
  },
};

/** How 1.3.0 and 1.5.0 record an agent's creation. */
const agentCreated = (e: Of<'create'>, { timestamp, id }: At) => ({
  timestamp,
  agentId: id,
  componentRevision: BigInt(e.componentVersion),
  env: e.env,
  createdBy: { uuid: ZERO_UUID },
  environmentId: ENVIRONMENT_ID,
  ...created,
});

const V1_3_0: Dialect = {
  value: (x) => valueAndType(x),
  revision: 'targetRevision',
  bareTime: false,
  hostCall: { tag: 'imported-function-invoked', durability: 'wrappedFunctionType' },
  cancelTag: 'cancel-invocation',
  own: {
    create: (e, at) => ({ tag: 'create', val: { ...agentCreated(e, at), args: e.args, configVars: [] } }),
  },
};

const V1_5_0: Dialect = {
  ...V1_3_0,
  hostCall: { tag: 'host-call', durability: 'durableFunctionType' },
  cancelTag: 'cancel-pending-invocation',
  own: {
    create: (e, at) => ({
      tag: 'create',
      val: { ...agentCreated(e, at), agentMode: 'durable', localAgentConfig: [], originalPhantomId: undefined, instanceId: ZERO_UUID },
    }),
    'exported-function-invoked': (e, { timestamp, workerId }) => ({
      tag: 'agent-invocation-started',
      val: { timestamp, invocation: invocation(e, workerId) },
    }),
    'exported-function-completed': (e, { timestamp, version }) => ({
      tag: 'agent-invocation-finished',
      val: {
        timestamp,
        result: { tag: 'agent-method', val: { output: typedData(e.result === null ? [] : [e.result]) } },
        consumedFuel: 0n,
        componentRevision: BigInt(version),
      },
    }),
    error: (e, { timestamp }) => ({
      tag: 'error',
      val: { timestamp, error: e.error, retryFrom: BigInt(e.index), insideAtomicRegion: false, retryPolicyState: undefined },
    }),
    revert: (e, { timestamp }) => ({ tag: 'revert', val: { timestamp, droppedRegion: { start: BigInt(e.start), end: BigInt(e.end) } } }),
    'pending-worker-invocation': (e, { timestamp, workerId }) => ({
      tag: 'pending-agent-invocation',
      val: { timestamp, invocation: invocation(e, workerId) },
    }),
    snapshot: (e, { timestamp }) => ({
      tag: 'snapshot',
      val: { timestamp, data: { data: bytes(e.data), mimeType: e.mimeType ?? 'application/octet-stream' } },
    }),
    'pending-update': (e, { timestamp }) => ({
      tag: 'pending-update',
      val: {
        timestamp,
        targetRevision: BigInt(e.targetVersion),
        description:
          e.mode === 'automatic'
            ? { tag: 'auto-update' }
            : { tag: 'snapshot-based', val: { payload: new Uint8Array(), mimeType: 'application/octet-stream' } },
      },
    }),
  },
};

const DIALECTS: Record<OplogVersion, Dialect> = { '1.1.7': V1_1_7, '1.3.0': V1_3_0, '1.5.0': V1_5_0 };

/** One of our entries as `v`'s public-oplog-entry; `version` is the component version in effect at it. */
export function publicEntry(v: OplogVersion, e: OplogEntry, id: unknown, workerId: string, version: number): Mapped {
  const d = DIALECTS[v];
  const at: At = { timestamp: datetime(e.timestamp), id, workerId, version };
  const own = d.own[e.kind] as ((e: OplogEntry, at: At) => Mapped) | undefined;
  if (own) return own(e, at);
  const { timestamp } = at;
  switch (e.kind) {
    case 'create':
      return d.own.create(e, at);
    case 'exported-function-invoked':
      return {
        tag: 'exported-function-invoked',
        val: {
          timestamp,
          functionName: e.functionName,
          request: e.args.map(d.value),
          idempotencyKey: e.idempotencyKey,
          ...trace(workerId, e.idempotencyKey),
        },
      };
    case 'exported-function-completed':
      return {
        tag: 'exported-function-completed',
        val: { timestamp, response: e.result === null ? undefined : d.value(e.result), consumedFuel: 0n },
      };
    case 'imported-function-invoked': {
      const res = e.response as { ok?: Encoded; err?: Encoded };
      const response = 'ok' in res ? { ok: decode(res.ok as Encoded) } : { err: decode(res.err as Encoded) };
      return {
        tag: d.hostCall.tag,
        val: {
          timestamp,
          functionName: e.functionName,
          request: d.value(decode(e.request as Encoded)),
          response: d.value(response),
          [d.hostCall.durability]: { tag: e.durability },
        },
      };
    }
    case 'error':
      return { tag: 'error', val: { timestamp, error: e.error, retryFrom: BigInt(e.index) } };
    case 'log':
      return { tag: 'log', val: { timestamp, level: e.stream, context: '', message: e.message } };
    case 'jump':
      return { tag: 'jump', val: { timestamp, jump: { start: BigInt(e.start), end: BigInt(e.end) } } };
    case 'revert':
      return { tag: 'revert', val: { timestamp, start: BigInt(e.start), end: BigInt(e.end) } };
    case 'end-atomic-region':
    case 'end-remote-write':
      return { tag: e.kind, val: { timestamp, beginIndex: BigInt(e.beginIndex) } };
    case 'pending-worker-invocation': {
      const input = {
        idempotencyKey: e.idempotencyKey,
        functionName: e.functionName,
        input: e.args.map(d.value),
        ...trace(workerId, e.idempotencyKey),
      };
      return { tag: 'pending-agent-invocation', val: { timestamp, invocation: { tag: 'exported-function', val: input } } };
    }
    case 'cancel-pending-invocation':
      return { tag: d.cancelTag, val: { timestamp, idempotencyKey: e.idempotencyKey } };
    case 'pending-update':
      return {
        tag: 'pending-update',
        val: {
          timestamp,
          [d.revision]: BigInt(e.targetVersion),
          updateDescription: e.mode === 'automatic' ? { tag: 'auto-update' } : { tag: 'snapshot-based', val: new Uint8Array() },
        },
      };
    case 'successful-update':
      return {
        tag: 'successful-update',
        val: { timestamp, [d.revision]: BigInt(e.targetVersion), newComponentSize: 0n, newActivePlugins: [] },
      };
    case 'failed-update':
      return { tag: 'failed-update', val: { timestamp, [d.revision]: BigInt(e.targetVersion), details: e.details } };
    case 'suspend':
    case 'interrupted':
    case 'exited':
    case 'begin-atomic-region':
    case 'begin-remote-write':
      return { tag: e.kind, val: d.bareTime ? timestamp : { timestamp } };
    case 'promise-completed':
    case 'snapshot':
      return { tag: 'no-op', val: d.bareTime ? timestamp : { timestamp } };
  }
}
