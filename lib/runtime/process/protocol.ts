// The web app and the runtime process speak in method calls and events.

import type { Engine } from '../engine';
import type { EngineEvent } from '../types';

export const METHODS = [
  'registerComponent', 'deleteComponent', 'createWorker', 'getWorker', 'listWorkers', 'listWorkersPage', 'invoke', 'kill', 'resume',
  'deleteWorker', 'killAfterIndex', 'fork', 'revert', 'startDebug', 'debug', 'stopDebug', 'evaluateAt', 'listComponents', 'componentVersions', 'componentVersion', 'residentCount',
  'listPromises', 'completePromise', 'listPending', 'cancelPending', 'updateWorker',
] as const;

export type MethodName = (typeof METHODS)[number];

/** Methods of the engine reachable over IPC; the component ones are flattened. */
export interface RuntimeApi {
  registerComponent: Engine['registerComponent'];
  deleteComponent: Engine['deleteComponent'];
  createWorker: Engine['createWorker'];
  getWorker: Engine['getWorker'];
  listWorkers: Engine['listWorkers'];
  listWorkersPage: Engine['listWorkersPage'];
  invoke: Engine['invoke'];
  kill: Engine['kill'];
  resume: Engine['resume'];
  deleteWorker: Engine['deleteWorker'];
  killAfterIndex: Engine['killAfterIndex'];
  fork: Engine['fork'];
  revert: Engine['revert'];
  startDebug: Engine['startDebug'];
  debug: Engine['debug'];
  stopDebug: Engine['stopDebug'];
  evaluateAt: Engine['evaluateAt'];
  listComponents: Engine['components']['list'];
  componentVersions: Engine['components']['versions'];
  componentVersion: Engine['components']['getVersion'];
  residentCount: Engine['residentCount'];
  listPromises: Engine['listPromises'];
  completePromise: Engine['completePromise'];
  listPending: Engine['listPending'];
  cancelPending: Engine['cancelPending'];
  updateWorker: Engine['updateWorker'];
}

export interface CallMessage { id: number; method: MethodName; params: unknown[] }
export interface ErrorPayload { message: string; status: number; location?: { file: string; line: number; column: number } }
export type ReplyMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ErrorPayload };
export type RuntimeMessage = ReplyMessage | { event: EngineEvent } | { ready: { recovering: string[] } };
