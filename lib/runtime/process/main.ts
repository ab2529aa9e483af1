// The runtime process: hosts every worker thread. The web app forks it and
// may SIGKILL it (Crash runtime); on restart, recoverAll() brings back every
// worker that was running or had queued invocations.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, databasePath } from '../../store/db';
import { Engine } from '../engine';
import { UserError } from '../../components/errors';
import type { CallMessage, ErrorPayload, RuntimeApi, RuntimeMessage } from './protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const dbPath = databasePath();
const engine = new Engine({
  db: openDatabase(),
  dbPath,
  filesDir: `${dbPath}.files`,
  threadEntry: path.join(here, 'thread.mjs'),
  idleEvictMs: Number(process.env.PLAYGROUND_IDLE_EVICT_MS ?? 300_000),
  invocationTimeoutMs: Number(process.env.PLAYGROUND_INVOCATION_TIMEOUT_MS ?? 60_000),
  memoryLimitMb: Number(process.env.PLAYGROUND_MEMORY_LIMIT_MB ?? 256),
});

const send = (m: RuntimeMessage) => process.send?.(m);

const api: RuntimeApi = {
  registerComponent: (n, s) => engine.registerComponent(n, s),
  deleteComponent: (n) => engine.deleteComponent(n),
  createWorker: (p) => engine.createWorker(p),
  getWorker: (id) => engine.getWorker(id),
  listWorkers: (f) => engine.listWorkers(f),
  listWorkersPage: (f) => engine.listWorkersPage(f),
  invoke: (id, r) => engine.invoke(id, r),
  kill: (id, o) => engine.kill(id, o),
  resume: (id) => engine.resume(id),
  deleteWorker: (id, o) => engine.deleteWorker(id, o),
  killAfterIndex: (id, i) => engine.killAfterIndex(id, i),
  fork: (id, p) => engine.fork(id, p),
  revert: (id, p) => engine.revert(id, p),
  startDebug: (id, o) => engine.startDebug(id, o),
  debug: (s, c) => engine.debug(s, c),
  stopDebug: (s) => engine.stopDebug(s),
  evaluateAt: (id, p) => engine.evaluateAt(id, p),
  listComponents: () => engine.components.list(),
  componentVersions: (n) => engine.components.versions(n),
  componentVersion: (n, v) => engine.components.getVersion(n, v),
  residentCount: () => engine.residentCount(),
  listPromises: (id) => engine.listPromises(id),
  completePromise: (id, i, d) => engine.completePromise(id, i, d),
  listPending: (id) => engine.listPending(id),
  cancelPending: (id, k) => engine.cancelPending(id, k),
  updateWorker: (id, p) => engine.updateWorker(id, p),
};

engine.onEvent((event) => send({ event }));

// An engine bug must not silently end every worker's runtime; it is logged.
process.on('unhandledRejection', (e) => console.error('[runtime] unhandled rejection:', e));

process.on('message', async (msg: CallMessage) => {
  try {
    const fn = api[msg.method] as (...a: unknown[]) => unknown;
    if (!fn) throw new UserError(`unknown runtime method ${msg.method}`, 400);
    const value = await fn(...msg.params);
    send({ id: msg.id, ok: true, value });
  } catch (e) {
    send({ id: msg.id, ok: false, error: toPayload(e) });
  }
});

function toPayload(e: unknown): ErrorPayload {
  if (e instanceof UserError) return { message: e.message, status: e.status, location: e.location };
  console.error('[runtime]', e);
  return { message: e instanceof Error ? e.message : String(e), status: 500 };
}

// The web app going away means we go too: no orphaned runtimes.
process.on('disconnect', () => process.exit(0));

send({ ready: { recovering: await engine.recoverAll() } });
