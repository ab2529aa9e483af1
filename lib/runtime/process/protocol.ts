// The web app and the runtime process speak in method calls and events.

import type { Engine } from '../engine';
import type { EngineEvent } from '../types';
import { exportWorker, importWorker } from '../share';
import { RecoveryStore } from '../../store/recovery-store';

/**
 * The runtime's API, declared once: each method and the engine function that
 * serves it. The method list, the RuntimeApi type (the client's) and the
 * runtime's dispatch table are derived from it.
 */
export const RUNTIME_API = {
  registerComponent: (e: Engine) => e.registerComponent.bind(e),
  deleteComponent: (e: Engine) => e.deleteComponent.bind(e),
  createWorker: (e: Engine) => e.createWorker.bind(e),
  getWorker: (e: Engine) => e.getWorker.bind(e),
  listWorkers: (e: Engine) => e.listWorkersYielding.bind(e),
  listWorkersJson: (e: Engine) => e.listWorkersJson.bind(e),
  listWorkersPage: (e: Engine) => e.listWorkersPage.bind(e),
  invoke: (e: Engine) => e.invoke.bind(e),
  kill: (e: Engine) => e.kill.bind(e),
  resume: (e: Engine) => e.resume.bind(e),
  deleteWorker: (e: Engine) => e.deleteWorker.bind(e),
  killAfterIndex: (e: Engine) => e.killAfterIndex.bind(e),
  fork: (e: Engine) => e.fork.bind(e),
  revert: (e: Engine) => e.revert.bind(e),
  startDebug: (e: Engine) => e.startDebug.bind(e),
  debug: (e: Engine) => e.debug.bind(e),
  stopDebug: (e: Engine) => e.stopDebug.bind(e),
  evaluateAt: (e: Engine) => e.evaluateAt.bind(e),
  listComponents: (e: Engine) => e.components.list.bind(e.components),
  componentVersions: (e: Engine) => e.components.versions.bind(e.components),
  componentVersion: (e: Engine) => e.components.getVersion.bind(e.components),
  residentCount: (e: Engine) => e.residentCount.bind(e),
  listPromises: (e: Engine) => e.listPromises.bind(e),
  completePromise: (e: Engine) => e.completePromise.bind(e),
  listPending: (e: Engine) => e.listPending.bind(e),
  cancelPending: (e: Engine) => e.cancelPending.bind(e),
  updateWorker: (e: Engine) => e.updateWorker.bind(e),
  workerStores: (e: Engine) => e.workerStores.bind(e),
  setCheckProbe: (e: Engine) => e.setCheckProbe.bind(e),
  exportWorker: (e: Engine) => (id: string) => exportWorker(e, id),
  importWorker: (e: Engine) => (file: unknown, opts?: { name?: string }) => importWorker(e, file, opts),
  workerRecoveries: (e: Engine) => (id: string) => {
    e.getWorker(id); // 404 for an unknown worker
    return { recoveries: new RecoveryStore(e.db).list(id) };
  },
} as const;

export type MethodName = keyof typeof RUNTIME_API;
export const METHODS = Object.keys(RUNTIME_API) as MethodName[];

/** Methods of the engine reachable over IPC; the component ones are flattened. */
export type RuntimeApi = { [K in MethodName]: ReturnType<(typeof RUNTIME_API)[K]> };

/** The runtime's dispatch table over one engine. */
export function serveApi(engine: Engine): RuntimeApi {
  return Object.fromEntries(METHODS.map((m) => [m, RUNTIME_API[m](engine)])) as RuntimeApi;
}

/**
 * Not an engine method: whether the web app has anyone to hand engine events to
 * (an open event stream). Until told otherwise the runtime sends them all; with
 * nobody listening it sends none, and spares both processes their serialisation.
 * Answered once switched: the events after the answer travel, what came before is in the database.
 */
export const EVENTS_METHOD = 'events';

export interface CallMessage {
  id: number;
  method: MethodName | typeof EVENTS_METHOD;
  params: unknown[];
}
export interface ErrorPayload {
  message: string;
  status: number;
  location?: { file: string; line: number; column: number };
}
export type ReplyMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorPayload };
export type RuntimeMessage = ReplyMessage | { event: EngineEvent } | { ready: { recovering: string[] } };
