// The runtime side of golem:api and golem:rpc: what a worker thread asks the
// runtime over the sync channel, one handler per operation. Each answer goes
// back to the guest; an error becomes the guest's error.

import type { Worker } from 'node:worker_threads';
import type { OplogEntryBody } from '../../oplog/entry';
import { componentUuid, type GuestWorkerMetadata } from '../../host/golem';
import type { RuntimeCall } from '../../host/context';
import { encode } from '../../oplog/codec';
import { CREATE_PROMISE, HOST_FORK } from '../../host/functions';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { Resident } from '../pool/resident';
import { failedAttempts } from '../pool/outcomes';
import { fork, revert } from '../changes/fork-revert';
import { updateWorker } from '../changes/update';
import { resume } from '../pool/control';
import { rpc } from './rpc';

/** The worker asking, and its thread. */
export interface Caller {
  id: string;
  r: Resident;
  thread: Worker;
}

type Op = RuntimeCall['op'];
type Handler<O extends Op> = (k: Kernel, c: Caller, call: Extract<RuntimeCall, { op: O }>) => unknown;

const HANDLERS: { [O in Op]: Handler<O> } = {
  'oplog-index': (k, c) => k.store.length(c.id),
  'create-promise': (k, c) => {
    const row = k.records.row(c.id);
    const index = k.store.length(c.id) + 1;
    const promiseId = {
      workerId: {
        componentId: {
          uuid: { highBits: BigInt(componentUuid(row.componentName)[0]), lowBits: BigInt(componentUuid(row.componentName)[1]) },
        },
        workerName: row.name,
      },
      oplogIdx: BigInt(index),
    };
    k.append(c.id, [
      {
        kind: 'imported-function-invoked',
        functionName: CREATE_PROMISE,
        request: encode(null),
        response: { ok: encode(promiseId) },
        durability: 'write-local',
      },
    ]);
    return promiseId;
  },
  'begin-atomic-region': (k, c) => k.append(c.id, [{ kind: 'begin-atomic-region' }])[0]!.index, // one body in, one entry out
  'promise-poll': (k, _c, call) => k.promises.data(call.worker, call.index),
  'promise-complete': (k, _c, call) => k.promises.complete(call.worker, call.index, call.data),
  metadata: (k, c, call) => guestMetadata(k, call.worker ?? c.id, c.id),
  'list-workers': (k, c, call) => {
    const component = componentOfUuid(k, call.componentUuid);
    return k.records
      .list({ component })
      .map((w) => guestMetadata(k, w.id, c.id))
      .filter((m) => m !== null);
  },
  'resolve-component': (k, _c, call) => (k.components.getVersion(call.ref) ? componentUuid(call.ref) : null),
  'component-of-uuid': (k, _c, call) => componentOfUuid(k, call.uuid),
  'fork-worker': (k, _c, call) => {
    fork(k, call.source, { name: call.target, atIndex: call.cutOff });
    return null;
  },
  'revert-worker': async (k, c, call) => {
    if (call.worker === c.id) throw new EngineError('a worker cannot revert itself while it runs; use set-oplog-index');
    await revert(k, call.worker, { toIndex: call.toIndex, lastInvocations: call.lastInvocations });
    return null;
  },
  'update-worker': (k, c, call) => {
    if (call.worker === c.id) throw new EngineError('a worker cannot update itself while it runs');
    // Golem: the call returns once the request is processed, not when the update is done.
    void updateWorker(k, call.worker, {
      version: call.version,
      mode: call.mode === 'snapshot-based' ? 'snapshot-based' : 'automatic',
    }).catch(() => {});
    return null;
  },
  fork: (k, c, call) => {
    // Golem's fork: the copy records 'forked' where this worker records 'original'; both go on.
    const row = k.records.row(c.id);
    const at = k.store.length(c.id);
    const entry = (answer: string): OplogEntryBody => ({
      kind: 'imported-function-invoked',
      functionName: HOST_FORK,
      request: encode({ name: call.name }),
      response: { ok: encode(answer) },
      durability: 'write-remote',
    });
    const target = `${row.componentName}/${call.name}`;
    fork(k, c.id, { name: call.name, atIndex: at, resume: false });
    k.append(target, [entry('forked')]);
    k.append(c.id, [entry('original')]);
    void resume(k, target).catch(() => {});
    return 'original';
  },
  'set-oplog-index': (k, c, call) => {
    const length = k.store.length(c.id);
    if (!Number.isInteger(call.index) || call.index < 1 || call.index >= length)
      throw new EngineError(`set-oplog-index: ${call.index} is not an earlier index of this worker`);
    // Back in time: the entries after the index are hidden and the worker replays to it.
    k.append(c.id, [{ kind: 'jump', start: call.index + 1, end: length }]);
    c.r.stop = { kind: 'restart' };
    void c.thread.terminate();
    return null;
  },
  rpc: (k, c, call) => rpc(k, c.id, call),
  'cancel-invocation': (k, _c, call) => k.work.cancel(call.worker, call.key),
  store: (k, _c, call) => k.kv.run(call.call),
  'read-oplog': (k, _c, call) => {
    if (!k.workers.exists(call.worker)) return { entries: [], version: 0 };
    k.committer.flush();
    const entries = k.store.query(call.worker, { from: call.from, limit: call.limit, ...(call.text ? { text: call.text } : {}) });
    const before = k.store.lastOf(call.worker, ['create', 'successful-update'], call.from - 1);
    const version = before?.kind === 'create' ? before.componentVersion : before?.kind === 'successful-update' ? before.targetVersion : 0;
    return { entries, version };
  },
};

/** Answers a worker thread's golem:api / golem:rpc question. */
export async function hostCall(k: Kernel, c: Caller, call: RuntimeCall): Promise<unknown> {
  const handler = HANDLERS[call.op] as Handler<Op>;
  return handler(k, c, call);
}

function componentOfUuid(k: Kernel, uuid: [number, number]): string {
  for (const c of k.components.list()) {
    const u = componentUuid(c.name);
    if (u[0] === uuid[0] && u[1] === uuid[1]) return c.name;
  }
  throw new EngineError('no component has this component-id', 404);
}

/**
 * A worker's metadata as the guest API gives it. The caller itself is running
 * (it is making this call): the runtime's status for it may still say what
 * it was before its thread's last message was read (idle after a recovery,
 * before the queued invocation's start), and a recorded answer must not
 * depend on that.
 */
function guestMetadata(k: Kernel, id: string, caller: string): GuestWorkerMetadata | null {
  if (!k.workers.exists(id)) return null;
  const w = k.records.get(id);
  // Failed attempts of the newest invocation: a retried run sees how many came before it.
  const inv = k.store.lastOf(id, ['exported-function-invoked']);
  const retryCount = inv?.kind === 'exported-function-invoked' ? failedAttempts(k, id, inv.idempotencyKey) : 0;
  return {
    component: w.component,
    name: w.name,
    uuid: componentUuid(w.component),
    args: w.args,
    env: w.env,
    status: id === caller ? 'running' : w.status,
    version: w.version,
    retryCount,
  };
}
