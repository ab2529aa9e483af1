// golem:api/oplog@1.5.0 for guests: read any worker's oplog (get-oplog, from an
// index, a page per get-next) or search it (search-oplog: entries whose
// content holds the text, with their indices). One public-oplog-entry per
// entry, so positions are indices. Each page is one recorded read-remote call:
// replay answers it from this worker's oplog, however the other log grew.
// What the playground does not track is reported empty or zero (component
// sizes, plugins, fuel, an update's snapshot before it is taken); a
// `promise-completed` entry, which Golem's public oplog has no case for, is a
// `no-op`; values are typed from what the oplog keeps (lib/host/value-and-type.ts).

import type { OplogEntry } from '../oplog/entry';
import { decode, type Encoded } from '../oplog/codec';
import type { HostContext } from './context';
import { traceIdOf } from './golem-context';
import { valueAndType } from './value-and-type';
import type { AgentId } from './golem-v13';

/** get-next's page size. */
export const OPLOG_PAGE = 100;

const ZERO_UUID = { highBits: 0n, lowBits: 0n };
/** The playground is one environment (as golem:api/host@1.5.0's metadata says). */
const ENVIRONMENT_ID = { uuid: { highBits: 0n, lowBits: 1n } };

/** What the runtime answers for a page: the entries and the component version in effect before the first. */
export interface OplogPage {
  entries: OplogEntry[];
  version: number;
}

export const datetime = (ms: number) => ({ seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 });
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

function typedData(values: unknown[]) {
  const parts = values.map((v) => valueAndType(v));
  return {
    value: { tag: 'tuple', val: parts.map((p) => ({ tag: 'component-model', val: p.value })) },
    schema: { tag: 'tuple', val: parts.map((p, i) => [`arg${i + 1}`, { tag: 'component-model', val: p.typ }]) },
  };
}

/** One of our entries as Golem 1.5's public-oplog-entry (jco's shapes: variants `{ tag, val }`, records camelCase). */
export function publicEntry(e: OplogEntry, agent: AgentId, workerId: string, version: number): { tag: string; val?: unknown } {
  const timestamp = datetime(e.timestamp);
  const invocation = (functionName: string, args: unknown[], key: string) => ({
    tag: 'agent-method-invocation',
    val: {
      idempotencyKey: key,
      methodName: functionName,
      functionInput: typedData(args),
      traceId: traceIdOf(workerId, key),
      traceStates: [],
      invocationContext: [],
    },
  });
  switch (e.kind) {
    case 'create':
      return {
        tag: 'create',
        val: {
          timestamp,
          agentId: agent,
          agentMode: 'durable',
          componentRevision: BigInt(e.componentVersion),
          env: e.env,
          createdBy: { uuid: ZERO_UUID },
          environmentId: ENVIRONMENT_ID,
          parent: undefined,
          componentSize: 0n,
          initialTotalLinearMemorySize: 0n,
          initialActivePlugins: [],
          localAgentConfig: [],
          originalPhantomId: undefined,
          instanceId: ZERO_UUID,
        },
      };
    case 'exported-function-invoked':
      return { tag: 'agent-invocation-started', val: { timestamp, invocation: invocation(e.functionName, e.args, e.idempotencyKey) } };
    case 'exported-function-completed':
      return {
        tag: 'agent-invocation-finished',
        val: {
          timestamp,
          result: { tag: 'agent-method', val: { output: typedData(e.result === null ? [] : [e.result]) } },
          consumedFuel: 0n,
          componentRevision: BigInt(version),
        },
      };
    case 'imported-function-invoked': {
      const res = e.response as { ok?: Encoded; err?: Encoded };
      const response = 'ok' in res ? { ok: decode(res.ok as Encoded) } : { err: decode(res.err as Encoded) };
      return {
        tag: 'host-call',
        val: {
          timestamp,
          functionName: e.functionName,
          request: valueAndType(decode(e.request as Encoded)),
          response: valueAndType(response),
          durableFunctionType: { tag: e.durability },
        },
      };
    }
    case 'error':
      return {
        tag: 'error',
        val: { timestamp, error: e.error, retryFrom: BigInt(e.index), insideAtomicRegion: false, retryPolicyState: undefined },
      };
    case 'log':
      return { tag: 'log', val: { timestamp, level: e.stream, context: '', message: e.message } };
    case 'jump':
      return { tag: 'jump', val: { timestamp, jump: { start: BigInt(e.start), end: BigInt(e.end) } } };
    case 'revert':
      return { tag: 'revert', val: { timestamp, droppedRegion: { start: BigInt(e.start), end: BigInt(e.end) } } };
    case 'end-atomic-region':
    case 'end-remote-write':
      return { tag: e.kind, val: { timestamp, beginIndex: BigInt(e.beginIndex) } };
    case 'pending-worker-invocation':
      return { tag: 'pending-agent-invocation', val: { timestamp, invocation: invocation(e.functionName, e.args, e.idempotencyKey) } };
    case 'cancel-pending-invocation':
      return { tag: 'cancel-pending-invocation', val: { timestamp, idempotencyKey: e.idempotencyKey } };
    case 'snapshot':
      return { tag: 'snapshot', val: { timestamp, data: { data: bytes(e.data), mimeType: e.mimeType ?? 'application/octet-stream' } } };
    case 'pending-update':
      return {
        tag: 'pending-update',
        val: {
          timestamp,
          targetRevision: BigInt(e.targetVersion),
          description:
            e.mode === 'automatic'
              ? { tag: 'auto-update' }
              : { tag: 'snapshot-based', val: { payload: new Uint8Array(), mimeType: 'application/octet-stream' } },
        },
      };
    case 'successful-update':
      return {
        tag: 'successful-update',
        val: { timestamp, targetRevision: BigInt(e.targetVersion), newComponentSize: 0n, newActivePlugins: [] },
      };
    case 'failed-update':
      return { tag: 'failed-update', val: { timestamp, targetRevision: BigInt(e.targetVersion), details: e.details } };
    case 'suspend':
    case 'interrupted':
    case 'exited':
    case 'begin-atomic-region':
    case 'begin-remote-write':
      return { tag: e.kind, val: { timestamp } };
    case 'promise-completed':
      return { tag: 'no-op', val: { timestamp } };
  }
}

/** One version of the interface: its import key, how its ids name a worker, and how an entry looks in it. */
export interface OplogFlavor<Id> {
  key: string;
  /** The component's uuid and the worker's name in this version's id. */
  parts(id: Id): { uuid: { highBits: bigint; lowBits: bigint }; name: string };
  entry(e: OplogEntry, id: Id, workerId: string, version: number): unknown;
}

/** get-oplog and search-oplog over any version's entries (Golem keeps them alike from 1.1.7 to 1.5.0). */
export function oplogResources<Id>(ctx: HostContext, flavor: OplogFlavor<Id>) {
  const workerOf = (id: Id) => {
    const { uuid, name } = flavor.parts(id);
    return `${ctx.runtime({ op: 'component-of-uuid', uuid: [Number(uuid.highBits), Number(uuid.lowBits)] }) as string}/${name}`;
  };
  const entries = (p: OplogPage, id: Id, worker: string) => {
    let version = p.version;
    return p.entries.map((e) => {
      if (e.kind === 'create') version = e.componentVersion;
      if (e.kind === 'successful-update') version = e.targetVersion;
      return [e.index, flavor.entry(e, id, worker, version)] as const;
    });
  };

  class GetOplog {
    private next: number;
    constructor(
      private readonly id: Id,
      start: bigint,
    ) {
      this.next = Math.max(1, Number(start));
    }
    getNext() {
      const from = this.next;
      const page = ctx.durable('golem:api/oplog.get-oplog.get-next', 'read-remote', { id: this.id, from }, () => {
        const worker = workerOf(this.id);
        const p = ctx.runtime({ op: 'read-oplog', worker, from, limit: OPLOG_PAGE }) as OplogPage;
        return p.entries.length === 0 ? undefined : entries(p, this.id, worker).map(([, e]) => e);
      });
      if (page) this.next = from + page.length;
      return page;
    }
  }

  class SearchOplog {
    private next = 1;
    constructor(
      private readonly id: Id,
      private readonly text: string,
    ) {}
    getNext() {
      const from = this.next;
      const page = ctx.durable('golem:api/oplog.search-oplog.get-next', 'read-remote', { id: this.id, text: this.text, from }, () => {
        const worker = workerOf(this.id);
        const p = ctx.runtime({ op: 'read-oplog', worker, from, limit: OPLOG_PAGE, text: this.text }) as OplogPage;
        return p.entries.length === 0 ? undefined : entries(p, this.id, worker).map(([i, e]) => [BigInt(i), e] as const);
      });
      if (page) this.next = Number(page[page.length - 1]![0]) + 1;
      return page;
    }
  }

  return { [flavor.key]: { GetOplog, SearchOplog } };
}

export function golemOplogImports(ctx: HostContext) {
  return oplogResources<AgentId>(ctx, {
    key: 'golem:api/oplog@1.5.0',
    parts: (a) => ({ uuid: a.componentId.uuid, name: a.agentId }),
    entry: publicEntry,
  });
}
