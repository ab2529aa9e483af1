// The runtime process: hosts every worker thread. The web app forks it and
// may SIGKILL it (Crash runtime); on restart, recoverAll() brings back every
// worker that was running or had queued invocations.

import { config } from '../../config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, databasePath } from '../../store/db';
import { Engine } from '../engine';
import { UserError } from '../../components/errors';
import { EVENTS_METHOD, serveApi, type CallMessage, type ErrorPayload, type RuntimeMessage } from './protocol';
import { batching, unbatch, type Batch } from './batch';
import { loadCheckProbes } from '../../checker/probe-file';

const here = path.dirname(fileURLToPath(import.meta.url));
const dbPath = databasePath();
const db = openDatabase();
const engine = new Engine({
  db,
  dbPath,
  filesDir: `${dbPath}.files`,
  threadEntry: path.join(here, 'thread.mjs'),
  idleEvictMs: config.idleEvictMs,
  invocationTimeoutMs: config.invocationTimeoutMs,
  memoryLimitMb: config.memoryLimitMb,
  tagHttp: config.checkProbes !== undefined,
});
// A durability check's runtime: the pinned inputs survive its SIGKILLs.
loadCheckProbes(engine);

// After the web app has gone, a batch still queued has nobody to read it:
// sending would throw ERR_IPC_CHANNEL_CLOSED, or fail with EPIPE as an
// unhandled 'error' that ends us with a stack trace. The callback takes the
// error instead; 'disconnect' below ends us quietly.
// Two turns: consecutive group commits (several workers' invocations) travel as one message.
const send = batching<RuntimeMessage>((m) => {
  if (process.connected) process.send?.(m, undefined, {}, () => {});
}, 2);

const api = serveApi(engine);

// Events go only while the web app has someone listening (EVENTS_METHOD).
let listened = true;
engine.onEvent((event) => {
  if (listened) send({ event });
});

// An engine bug must not silently end every worker's runtime; it is logged.
process.on('unhandledRejection', (e) => console.error('[runtime] unhandled rejection:', e));

process.on('message', (m: CallMessage | Batch<CallMessage>) => {
  for (const msg of unbatch(m)) void serve(msg);
});

async function serve(msg: CallMessage): Promise<void> {
  try {
    if (msg.method === EVENTS_METHOD) {
      listened = msg.params[0] === true;
      return send({ id: msg.id, ok: true, value: null });
    }
    const fn = Object.hasOwn(api, msg.method) ? (api[msg.method] as (...a: unknown[]) => unknown) : undefined;
    if (!fn) throw new UserError(`unknown runtime method ${msg.method}`, 400);
    const value = await fn(...msg.params);
    send({ id: msg.id, ok: true, value });
  } catch (e) {
    send({ id: msg.id, ok: false, error: toPayload(e) });
  }
}

function toPayload(e: unknown): ErrorPayload {
  if (e instanceof UserError) return { message: e.message, status: e.status, location: e.location };
  console.error('[runtime]', e);
  return { message: e instanceof Error ? e.message : String(e), status: 500 };
}

// The web app going away means we go too: no orphaned runtimes.
process.on('disconnect', () => process.exit(0));

send({ ready: { recovering: await engine.recoverAll() } });
