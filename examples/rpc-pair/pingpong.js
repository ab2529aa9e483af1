// Two workers of one component talking to each other: ping on one worker
// calls pong on another by name, through golem:rpc's WasmRpc. golem:rpc is
// Golem 1.4's (golem:api/host@1.3.0): Golem 1.5 dropped it for agent-to-agent
// calls through golem:agent, which the playground does not offer.
import { getSelfMetadata } from 'golem:api/host@1.3.0';
import { WasmRpc } from 'golem:rpc/types@0.2.2';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

let pongs = 0;

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

function pong(n) {
  pongs += 1;
  print('pong ' + n + ' -> ' + (n + 1));
  return n + 1;
}

// A call's result is a wit-value whose root (node 0) is a tuple of the
// function's results; pong has one, a u32.
function firstResult(value) {
  const root = value.nodes[0];
  const node = root.tag === 'tuple-value' ? value.nodes[root.val[0]] : root;
  if (!node || node.tag !== 'prim-u32') throw 'unexpected result from pong: ' + JSON.stringify(value);
  return node.val;
}

// An import's err arrives as a thrown Error whose payload is the rpc-error variant.
function describe(e) {
  const err = e && e.payload !== undefined ? e.payload : e;
  return err && typeof err === 'object' && 'tag' in err ? err.tag + ': ' + err.val : String(err);
}

export const api = {
  ping(target, n) {
    const self = getSelfMetadata().agentId;
    // An invocation waits for the one before it, so a worker calling itself
    // would wait forever: answer locally instead.
    if (target === self.agentId) return pong(n);
    print('ping ' + target + ' with ' + n);
    // Same component, another worker: the component id comes from our own metadata.
    const rpc = new WasmRpc({ componentId: self.componentId, agentId: target });
    let result;
    try {
      result = rpc.invokeAndAwait('demo:pingpong/api.{pong}', [{ nodes: [{ tag: 'prim-u32', val: n }] }]);
    } catch (e) {
      // Returned as this export's err: a typo in a name should not trap the worker.
      throw 'calling ' + target + ' failed: ' + describe(e);
    } finally {
      rpc[Symbol.dispose]();
    }
    const answer = firstResult(result);
    print(target + ' answered ' + answer);
    return answer;
  },
  pong,
  count() {
    return pongs;
  },
};
