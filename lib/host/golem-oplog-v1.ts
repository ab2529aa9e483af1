// golem:api/oplog at 1.1.7 (workers) and 1.3.0 (agents): the same reading as
// 1.5.0's (lib/host/golem-oplog.ts) with those versions' oplog-entry shapes:
// host calls and invocation values as a bare wit-value (1.1.7) or a
// value-and-type (1.3.0); no snapshot case (a snapshot, like a promise
// completion, is a no-op there).

import type { OplogEntry } from '../oplog/entry';
import { decode, type Encoded } from '../oplog/codec';
import type { HostContext } from './context';
import type { GolemWorkerId } from './golem';
import { traceIdOf } from './golem-context';
import { datetime, oplogResources } from './golem-oplog';
import type { AgentId } from './golem-v13';
import { valueAndType } from './value-and-type';

type Version = '1.1.7' | '1.3.0';

const ZERO_UUID = { highBits: 0n, lowBits: 0n };

function entryV1(v: Version, e: OplogEntry, id: GolemWorkerId | AgentId, workerId: string): { tag: string; val?: unknown } {
  const timestamp = datetime(e.timestamp);
  const old = v === '1.1.7';
  // A value as this version's oplog carries it.
  const value = (x: unknown) => (old ? valueAndType(x).value : valueAndType(x));
  const revision = (n: number) => (old ? { targetVersion: BigInt(n) } : { targetRevision: BigInt(n) });
  const trace = (key: string) => ({ traceId: traceIdOf(workerId, key), traceStates: [], invocationContext: [] });
  switch (e.kind) {
    case 'create':
      return {
        tag: 'create',
        val: old
          ? {
              timestamp,
              workerId: id,
              componentVersion: BigInt(e.componentVersion),
              args: e.args,
              env: e.env,
              accountId: { value: '' },
              parent: undefined,
              componentSize: 0n,
              initialTotalLinearMemorySize: 0n,
              initialActivePlugins: [],
            }
          : {
              timestamp,
              agentId: id,
              componentRevision: BigInt(e.componentVersion),
              args: e.args,
              env: e.env,
              createdBy: { uuid: ZERO_UUID },
              environmentId: { uuid: { highBits: 0n, lowBits: 1n } },
              parent: undefined,
              componentSize: 0n,
              initialTotalLinearMemorySize: 0n,
              initialActivePlugins: [],
              configVars: [],
            },
      };
    case 'exported-function-invoked':
      return {
        tag: 'exported-function-invoked',
        val: {
          timestamp,
          functionName: e.functionName,
          request: e.args.map(value),
          idempotencyKey: e.idempotencyKey,
          ...trace(e.idempotencyKey),
        },
      };
    case 'exported-function-completed':
      return {
        tag: 'exported-function-completed',
        val: { timestamp, response: old ? value(e.result) : e.result === null ? undefined : value(e.result), consumedFuel: 0n },
      };
    case 'imported-function-invoked': {
      const res = e.response as { ok?: Encoded; err?: Encoded };
      const response = 'ok' in res ? { ok: decode(res.ok as Encoded) } : { err: decode(res.err as Encoded) };
      return {
        tag: 'imported-function-invoked',
        val: {
          timestamp,
          functionName: e.functionName,
          request: value(decode(e.request as Encoded)),
          response: value(response),
          wrappedFunctionType: { tag: e.durability },
        },
      };
    }
    case 'error':
      return { tag: 'error', val: old ? { timestamp, error: e.error } : { timestamp, error: e.error, retryFrom: BigInt(e.index) } };
    case 'log':
      return { tag: 'log', val: { timestamp, level: e.stream, context: '', message: e.message } };
    case 'jump':
      return {
        tag: 'jump',
        val: old
          ? { timestamp, start: BigInt(e.start), end: BigInt(e.end) }
          : { timestamp, jump: { start: BigInt(e.start), end: BigInt(e.end) } },
      };
    case 'revert':
      return { tag: 'revert', val: { timestamp, start: BigInt(e.start), end: BigInt(e.end) } };
    case 'end-atomic-region':
    case 'end-remote-write':
      return { tag: e.kind, val: { timestamp, beginIndex: BigInt(e.beginIndex) } };
    case 'pending-worker-invocation': {
      const input = {
        idempotencyKey: e.idempotencyKey,
        functionName: e.functionName,
        input: e.args.map(value),
        ...(old ? {} : trace(e.idempotencyKey)),
      };
      return {
        tag: old ? 'pending-worker-invocation' : 'pending-agent-invocation',
        val: { timestamp, invocation: { tag: 'exported-function', val: input } },
      };
    }
    case 'cancel-pending-invocation':
      return { tag: 'cancel-invocation', val: { timestamp, idempotencyKey: e.idempotencyKey } };
    case 'pending-update':
      return {
        tag: 'pending-update',
        val: {
          timestamp,
          ...revision(e.targetVersion),
          updateDescription: e.mode === 'automatic' ? { tag: 'auto-update' } : { tag: 'snapshot-based', val: new Uint8Array() },
        },
      };
    case 'successful-update':
      return { tag: 'successful-update', val: { timestamp, ...revision(e.targetVersion), newComponentSize: 0n, newActivePlugins: [] } };
    case 'failed-update':
      return { tag: 'failed-update', val: { timestamp, ...revision(e.targetVersion), details: e.details } };
    case 'suspend':
    case 'interrupted':
    case 'exited':
    case 'begin-atomic-region':
    case 'begin-remote-write':
      return { tag: e.kind, val: old ? timestamp : { timestamp } };
    case 'promise-completed':
    case 'snapshot':
      return { tag: 'no-op', val: old ? timestamp : { timestamp } };
  }
}

export function golemOplogV1Imports(ctx: HostContext) {
  return {
    ...oplogResources<GolemWorkerId>(ctx, {
      key: 'golem:api/oplog@1.1.7',
      parts: (w) => ({ uuid: w.componentId.uuid, name: w.workerName }),
      entry: (e, id, worker) => entryV1('1.1.7', e, id, worker),
    }),
    ...oplogResources<AgentId>(ctx, {
      key: 'golem:api/oplog@1.3.0',
      parts: (a) => ({ uuid: a.componentId.uuid, name: a.agentId }),
      entry: (e, id, worker) => entryV1('1.3.0', e, id, worker),
    }),
  };
}
