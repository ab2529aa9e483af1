// golem:rpc, runtime side: a worker-to-worker call. The key is the caller's
// (stable across its replays), so the callee runs it once however often the
// caller retries.

import type { RuntimeCall } from '../../host/context';
import { findFunction } from '../../components/functions';
import { qualifiedName } from '../../wit/types';
import { jcoToJson, jsonToJco } from '../../values/json';
import { witValueToJco, jcoToWitValue, type WitValue } from '../../values/wit-value';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import { invoke } from '../work/invoke';
import { resume } from '../pool/control';

export async function rpc(k: Kernel, caller: string, call: Extract<RuntimeCall, { op: 'rpc' }>): Promise<unknown> {
  if (call.worker === caller) throw new EngineError('a worker cannot call itself through wasm-rpc (it would wait for itself)');
  const [component = '', name = ''] = call.worker.split('/');
  // Golem creates the target worker on its first invocation.
  if (!k.workers.exists(call.worker)) k.records.create({ component, name });
  const row = k.records.live(call.worker);
  const version = k.components.getVersion(row.componentName, row.version);
  const f = version && findFunction(version.exports, call.function);
  if (!version || !f) throw new EngineError(`${row.componentName} exports no function "${call.function}"`, 404);
  if (call.params.length !== f.params.length)
    throw new EngineError(`${qualifiedName(f)} takes ${f.params.length} argument(s), got ${call.params.length}`);
  const args = f.params.map((p, i) => jcoToJson(p.type, witValueToJco(p.type, call.params[i] as WitValue)));
  if (call.mode === 'enqueue') {
    await invoke(k, call.worker, { function: qualifiedName(f), args, idempotencyKey: call.key, wait: false, scheduleAt: call.scheduleAt });
    return null;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await invoke(k, call.worker, { function: qualifiedName(f), args, idempotencyKey: call.key });
      const results = f.result ? [jsonToJco(f.result, out.result)] : [];
      return jcoToWitValue({ kind: 'tuple', items: f.result ? [f.result] : [] }, results);
    } catch (e) {
      // The callee was killed mid-call: it recovers, and the same key attaches to the same invocation.
      if (e instanceof EngineError && e.status === 503 && attempt < 5) {
        await resume(k, call.worker).catch(() => {});
        continue;
      }
      throw e;
    }
  }
}
