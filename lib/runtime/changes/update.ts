// Golem's worker update. Automatic: the worker's whole history is replayed on
// the target version in a debug session; if it diverges the worker stays
// where it is and a failed-update entry says why. Snapshot-based: the old
// version saves its state (golem:api/save-snapshot, on a throwaway fork at
// the last finished invocation), the new one loads it and goes on from there.

import { isUpdateMode, UPDATE_MODES_TEXT, type OplogEntryBody, type UpdateMode } from '../../oplog/entry';
import type { JsonValue } from '../../values/json-value';
import { evaluateAt } from '../debugger/evaluate';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { WorkerInfo } from '../types';
import { fromSavedJson } from '../thread/snapshot-shape';

const exportsFn = (v: { exports: { interface?: string; name: string }[] }, i: string, n: string) =>
  v.exports.some((f) => f.interface?.replace(/@.*$/, '') === i && f.name === n);

export async function updateWorker(
  k: Kernel,
  id: string,
  p: { version: number; mode?: UpdateMode; resumed?: boolean },
): Promise<WorkerInfo> {
  const row = k.records.live(id);
  const mode = p.mode ?? 'automatic';
  if (!isUpdateMode(mode)) throw new EngineError(`mode must be ${UPDATE_MODES_TEXT}`);
  const target = k.components.getVersion(row.componentName, p.version);
  if (!target) throw new EngineError(`component ${row.componentName} has no version ${p.version}`, 404);
  if (p.version === row.version) throw new EngineError(`worker ${id} already runs v${p.version}`, 409);
  const s = k.statuses.get(id).status;
  if (s === 'running' || s === 'retrying') throw new EngineError(`worker ${id} is ${s}: update it when it is idle`, 409);
  // A pending-update without an outcome (the runtime died during the update) is taken up again at start.
  if (!p.resumed) k.append(id, [{ kind: 'pending-update', targetVersion: p.version, mode }]);
  const fail = (details: string): WorkerInfo => {
    k.append(id, [{ kind: 'failed-update', targetVersion: p.version, details }]);
    throw new EngineError(`update of ${id} to v${p.version} failed: ${details}`, 409);
  };
  let snapshot: OplogEntryBody | undefined;
  if (mode === 'automatic') {
    const { sessionId } = await k.debugger.start(id, { version: p.version });
    try {
      const { state } = await k.debugger.command(sessionId, { type: 'continue' });
      if (state.ended?.divergence) return fail(state.ended.reason);
    } finally {
      await k.debugger.stop(sessionId).catch(() => {});
    }
  } else {
    const old = k.components.getVersion(row.componentName, row.version)!;
    if (!exportsFn(old, 'golem:api/save-snapshot', 'save')) return fail(`v${row.version} does not export golem:api/save-snapshot`);
    if (!exportsFn(target, 'golem:api/load-snapshot', 'load') || !exportsFn(target, 'golem:api/save-snapshot', 'save'))
      return fail(`v${p.version} does not export golem:api/load-snapshot and save-snapshot`);
    let saved: { result: JsonValue; callSeq?: number };
    try {
      saved = await evaluateAt(k, id, { index: k.store.length(id), function: 'golem:api/save-snapshot.{save}' });
    } catch (e) {
      return fail(`save-snapshot failed: ${(e as Error).message}`);
    }
    const { bytes, mimeType } = fromSavedJson(saved.result);
    snapshot = { kind: 'snapshot', data: Buffer.from(bytes).toString('base64'), mimeType, callSeq: saved.callSeq ?? 0 };
  }
  // The running instance is the old version's: it goes, the next recovery uses the new one.
  if (k.residents.get(id)?.thread) await k.residents.stopThread(id, { kind: 'evict' });
  // The version and the entries saying so change together, or not at all.
  k.workers.transaction(() => {
    k.workers.setVersion(id, p.version);
    k.append(id, [
      { kind: 'successful-update', targetVersion: p.version, fromVersion: row.version, mode },
      ...(snapshot ? [snapshot] : []),
    ]);
  });
  k.records.forget(id);
  // Calls recorded while the old instance went (they found it stopping) run now, on the new version.
  if ((k.residents.get(id)?.outstanding.size ?? 0) > 0) {
    k.statuses.set(id, 'running');
    k.residents.restart(id);
  }
  k.emit({ type: 'status', workerId: id, status: k.statuses.get(id).status });
  return k.records.get(id);
}
