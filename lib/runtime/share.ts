// Share a history: a worker as one JSON file (its component version's bytes
// and metadata, its oplog, its metadata), and back as a worker with the same
// history elsewhere: replayable, forkable, evaluable, and running on from
// where it was. The oplog is copied entry for entry (indices, timestamps and
// payloads), so the imported worker recovers to the same state by replay.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkName } from '../components/registry';
import type { OplogEntry } from '../oplog/entry';
import type { Engine } from './engine';
import { EngineError } from './errors';
import type { WorkerInfo } from './types';

export const EXPORT_FORMAT = 'durable-playground/worker-history@1';

export interface WorkerExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  component: { name: string; version: number; sourceKind: string; source?: string; wit?: string; world?: string; wasm: string };
  worker: { name: string; env: [string, string][]; args: string[]; createdAt: string };
  oplog: OplogEntry[];
}

export async function exportWorker(engine: Engine, id: string): Promise<WorkerExport> {
  const w = engine.getWorker(id);
  const v = engine.components.getVersion(w.component, w.version);
  if (!v) throw new EngineError(`component ${w.component} v${w.version} of this worker no longer exists`, 409);
  const wasm = await readFile(path.join(engine.components.dir(w.component, w.version), 'component.wasm'));
  const oplog: OplogEntry[] = [];
  for (let from = 1; ; from += 5000) {
    const page = engine.store.slice(id, from, from + 4999);
    oplog.push(...page);
    if (page.length < 5000) break;
  }
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    component: {
      name: w.component,
      version: w.version,
      sourceKind: v.sourceKind,
      source: v.source,
      wit: v.wit,
      world: (v as { world?: string }).world,
      wasm: wasm.toString('base64'),
    },
    worker: { name: w.name, env: w.env, args: w.args, createdAt: w.createdAt },
    oplog,
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the file's shape; a bad file is refused before anything is written. */
function parse(file: unknown): WorkerExport {
  if (!isObj(file) || file.format !== EXPORT_FORMAT)
    throw new EngineError(`not a worker history file (expected "format": "${EXPORT_FORMAT}")`);
  const c = file.component;
  const w = file.worker;
  if (!isObj(c) || typeof c.name !== 'string' || typeof c.wasm !== 'string')
    throw new EngineError('the file has no component (name and wasm bytes)');
  if (!isObj(w) || typeof w.name !== 'string') throw new EngineError('the file has no worker name');
  const env = Array.isArray(w.env) ? w.env : [];
  if (!env.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string')))
    throw new EngineError('worker.env must be a list of [name, value] pairs');
  if (!Array.isArray(file.oplog) || file.oplog.length === 0) throw new EngineError('the file has no oplog');
  file.oplog.forEach((e, i) => {
    if (!isObj(e) || typeof e.kind !== 'string' || e.index !== i + 1 || typeof e.timestamp !== 'number') {
      throw new EngineError(`oplog entry ${i + 1} is malformed (each entry needs kind, index ${i + 1} and timestamp)`);
    }
  });
  if ((file.oplog[0] as { kind: string }).kind !== 'create') throw new EngineError('the oplog must start with its create entry');
  return file as unknown as WorkerExport;
}

/**
 * Imports under `name` (default: the exported name) into the component of the
 * same name: the version with the same bytes if there is one, else a new version.
 */
export async function importWorker(
  engine: Engine,
  file: unknown,
  opts: { name?: string } = {},
): Promise<WorkerInfo & { componentVersionCreated: boolean }> {
  const f = parse(file);
  const name = opts.name ?? f.worker.name;
  checkName('worker', name);
  checkName('component', f.component.name);
  const id = `${f.component.name}/${name}`;
  // The name free and the playground's worker limit, before anything is written (the component limit is
  // Engine.importComponent's), and again where the worker is inserted: imports at once all pass here before their awaits.
  const checkRoom = () => {
    if (engine.workers.exists(id))
      throw new EngineError(`worker ${name} of ${f.component.name} already exists: import it under another name`, 409);
    engine.checkWorkerLimit();
  };
  checkRoom();
  const bytes = Buffer.from(f.component.wasm, 'base64');
  // The worker goes in with the component version it needs, in one transaction: refused there (its name taken, the
  // limit reached by imports at once), it leaves no new version behind.
  const insertWorker = (version: number, created: boolean) =>
    engine.workers.transaction(() => {
      checkRoom();
      // Keep the source it was built from, so the component page shows it and Edit works.
      if (created && (f.component.sourceKind === 'js' || f.component.sourceKind === 'wat') && typeof f.component.source === 'string') {
        engine.workers.setComponentSource(f.component.name, version, f.component.sourceKind, f.component.source);
      }
      engine.workers.insert({
        id,
        componentName: f.component.name,
        name,
        version,
        env: JSON.stringify(f.worker.env ?? []),
        args: JSON.stringify(f.worker.args ?? []),
      });
      // The create entry names this worker, as a fork's does.
      const entries = f.oplog.map((e) =>
        e.index !== 1 ? e : ({ ...e, workerName: name, ...('componentVersion' in e ? { componentVersion: version } : {}) } as OplogEntry),
      );
      engine.store.insertRecorded(id, entries);
    });
  const { created } = await engine.importComponent(
    f.component.name,
    { kind: 'upload', bytes, wit: f.component.wit, world: f.component.world },
    insertWorker,
  );
  return { ...engine.adopt(id), componentVersionCreated: created };
}
