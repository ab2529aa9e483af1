// golem:api/host@1.5.0 and golem:core/types@1.5.0 as released with Golem 1.5.x:
// 1.3.0's host with types moved to golem:core, metadata naming `config` and
// carrying the environment, retry-policy functions gone, `trap` added. Mapped
// onto the 1.3.0 implementation (lib/host/golem-v13.ts), so onto 1.1.7's.

import type { HostContext } from './context';
import type { golemV13Imports } from './golem-v13';

type V13 = ReturnType<typeof golemV13Imports>;
type Meta13 = ReturnType<V13['golem:api/host@1.3.0']['getSelfMetadata']>;

/** The playground is one environment: every agent reports this id. */
const ENVIRONMENT_ID = { uuid: { highBits: 0n, lowBits: 1n } };

function agentMetadata(m: Meta13) {
  const { configVars, ...rest } = m;
  return { ...rest, config: configVars, environmentId: ENVIRONMENT_ID };
}

export function golemV15Imports(_ctx: HostContext, v13: V13) {
  const h = v13['golem:api/host@1.3.0'];
  const rpc = v13['golem:rpc/types@0.2.2'];
  const { getRetryPolicy: _g, setRetryPolicy: _s, GetAgents: GetAgents13, ...same } = h;

  class GetAgents {
    private readonly inner: InstanceType<typeof GetAgents13>;
    constructor(...args: ConstructorParameters<typeof GetAgents13>) {
      this.inner = new GetAgents13(...args);
    }
    getNext() {
      return this.inner.getNext()?.map(agentMetadata);
    }
  }

  const host = {
    ...same,
    GetAgents,
    getSelfMetadata: () => agentMetadata(h.getSelfMetadata()),
    getAgentMetadata: (agentId: Parameters<typeof h.getAgentMetadata>[0]) => {
      const m = h.getAgentMetadata(agentId);
      return m ? agentMetadata(m) : undefined;
    },
    // Golem: fails the current invocation with this reason (retried by the retry policy).
    trap: (reason: string): never => {
      throw new Error(reason);
    },
  };
  const types = { parseUuid: rpc.parseUuid, uuidToString: rpc.uuidToString };
  return { 'golem:api/host@1.5.0': host, 'golem:core/types@1.5.0': types };
}
