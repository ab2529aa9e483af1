// golem:api/oplog at 1.1.7 (workers) and 1.3.0 (agents): the same reading as
// 1.5.0's (lib/host/golem-oplog.ts) with those versions' oplog-entry shapes
// (lib/host/golem-oplog-entries.ts).

import type { HostContext } from './context';
import type { GolemWorkerId } from './golem';
import { oplogResources } from './golem-oplog';
import { publicEntry } from './golem-oplog-entries';
import type { AgentId } from './golem-v13';

export function golemOplogV1Imports(ctx: HostContext) {
  return {
    ...oplogResources<GolemWorkerId>(ctx, {
      key: 'golem:api/oplog@1.1.7',
      parts: (w) => ({ uuid: w.componentId.uuid, name: w.workerName }),
      entry: (e, id, worker, version) => publicEntry('1.1.7', e, id, worker, version),
    }),
    ...oplogResources<AgentId>(ctx, {
      key: 'golem:api/oplog@1.3.0',
      parts: (a) => ({ uuid: a.componentId.uuid, name: a.agentId }),
      entry: (e, id, worker, version) => publicEntry('1.3.0', e, id, worker, version),
    }),
  };
}
