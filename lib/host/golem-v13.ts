// golem:api/host@1.3.0 and golem:rpc/types@0.2.2 (Golem 1.4.x): agents naming
// and promises read through a get-promise-result resource. Every function maps
// onto the 1.1.7 implementation (lib/host/golem.ts), so the runtime semantics
// and the oplog entries are the same: an agent-id is a worker-id whose
// agent-id string is the worker's name.

import type { HostContext } from './context';
import type { golemImports, GolemWorkerId } from './golem';
import { Pollable } from './io';

type V117 = ReturnType<typeof golemImports>;
type Host117 = V117['golem:api/host@1.1.7'];
type Uuid = { highBits: bigint; lowBits: bigint };
export type AgentId = { componentId: { uuid: Uuid }; agentId: string };
type PromiseId = { agentId: AgentId; oplogIdx: bigint };
type WorkerMeta = NonNullable<ReturnType<Host117['getWorkerMetadata']>>;

export const toWorker = (a: AgentId): GolemWorkerId => ({ componentId: a.componentId, workerName: a.agentId });
export const toAgent = (w: GolemWorkerId): AgentId => ({ componentId: w.componentId, agentId: w.workerName });

/** 1.3's agent-metadata from 1.1.7's worker-metadata: revision for version, no config vars here. */
export function agentMetadata(m: WorkerMeta) {
  return {
    agentId: toAgent(m.workerId),
    args: m.args,
    env: m.env,
    configVars: [] as [string, string][],
    status: m.status,
    componentRevision: m.componentVersion,
    retryCount: m.retryCount,
  };
}

/** A promise's pollable: ready once completed; block suspends the worker until then. */
class PromisePollable extends Pollable {
  constructor(
    wait: () => void,
    private readonly completed: () => boolean,
  ) {
    super(undefined, wait);
  }
  override ready(): boolean {
    return this.completed();
  }
}

export function golemV13Imports(_ctx: HostContext, v117: V117) {
  const h = v117['golem:api/host@1.1.7'];
  const rpc = v117['golem:rpc/types@0.2.1'];
  const promise = (id: PromiseId) => ({ workerId: toWorker(id.agentId), oplogIdx: id.oplogIdx });

  class GetPromiseResult {
    constructor(private readonly id: PromiseId) {}
    subscribe(): Pollable {
      return new PromisePollable(
        () => void h.awaitPromise(promise(this.id)),
        () => h.pollPromise(promise(this.id)) !== undefined,
      );
    }
    get(): Uint8Array | undefined {
      return h.pollPromise(promise(this.id));
    }
  }

  class GetAgents {
    private readonly inner: InstanceType<Host117['GetWorkers']>;
    constructor(componentId: { uuid: Uuid }, filter: unknown, precise: boolean) {
      this.inner = new h.GetWorkers(componentId, filter, precise);
    }
    getNext() {
      return this.inner.getNext()?.map(agentMetadata);
    }
  }

  const host = {
    GetAgents,
    GetPromiseResult,
    createPromise: (): PromiseId => {
      const p = h.createPromise();
      return { agentId: toAgent(p.workerId), oplogIdx: p.oplogIdx };
    },
    getPromise: (id: PromiseId) => new GetPromiseResult(id),
    completePromise: (id: PromiseId, data: Uint8Array) => h.completePromise(promise(id), data),
    getOplogIndex: h.getOplogIndex,
    setOplogIndex: h.setOplogIndex,
    oplogCommit: h.oplogCommit,
    markBeginOperation: h.markBeginOperation,
    markEndOperation: h.markEndOperation,
    getRetryPolicy: h.getRetryPolicy,
    setRetryPolicy: h.setRetryPolicy,
    getOplogPersistenceLevel: h.getOplogPersistenceLevel,
    setOplogPersistenceLevel: h.setOplogPersistenceLevel,
    getIdempotenceMode: h.getIdempotenceMode,
    setIdempotenceMode: h.setIdempotenceMode,
    generateIdempotencyKey: h.generateIdempotencyKey,
    updateAgent: (agentId: AgentId, targetRevision: bigint, mode: string) => h.updateWorker(toWorker(agentId), targetRevision, mode),
    getSelfMetadata: () => agentMetadata(h.getSelfMetadata()),
    getAgentMetadata: (agentId: AgentId) => {
      const m = h.getWorkerMetadata(toWorker(agentId));
      return m ? agentMetadata(m) : undefined;
    },
    forkAgent: (source: AgentId, target: AgentId, cutOff: bigint) => h.forkWorker(toWorker(source), toWorker(target), cutOff),
    revertAgent: (agentId: AgentId, target: { tag: string; val: bigint }) => h.revertWorker(toWorker(agentId), target),
    resolveComponentId: h.resolveComponentId,
    resolveAgentId: (ref: string, name: string) => {
      const w = h.resolveWorkerId(ref, name);
      return w ? toAgent(w) : undefined;
    },
    resolveAgentIdStrict: (ref: string, name: string) => {
      const w = h.resolveWorkerIdStrict(ref, name);
      return w ? toAgent(w) : undefined;
    },
    // 1.3's fork takes no name: the copy is a phantom agent named by a recorded uuid.
    fork: () => {
      const phantom = h.generateIdempotencyKey();
      const side = h.fork(rpc.uuidToString(phantom));
      return { tag: side === 'forked' ? 'forked' : 'original', val: { forkedPhantomId: phantom } };
    },
  };

  class WasmRpc extends rpc.WasmRpc {
    constructor(agentId: AgentId) {
      super(toWorker(agentId));
    }
  }
  const types = {
    WasmRpc,
    FutureInvokeResult: rpc.FutureInvokeResult,
    CancellationToken: rpc.CancellationToken,
    parseUuid: rpc.parseUuid,
    uuidToString: rpc.uuidToString,
  };

  return { 'golem:api/host@1.3.0': host, 'golem:rpc/types@0.2.2': types };
}
