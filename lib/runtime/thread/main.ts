// A worker's thread: one component instance, replayed from the oplog, then
// live. Host calls are synchronous for the guest; anything that must wait on
// the outside world blocks this thread (Atomics.wait), never the runtime.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import Database from 'better-sqlite3';
import { OplogStore } from '../../store/oplog-store';
import type { OplogEntryBody, ExportedFunctionInvokedEntry } from '../../oplog/entry';
import { Divergence, describeEntry, droppedIndices } from '../../replay/replay-log';
import { DurableContext, EndOfHistory } from '../../replay/durable-context';
import { Stepper, type DebugCommand } from '../../replay/stepper';
import { ExitSignal, type HttpResponseData } from '../../host/context';
import { hostImports } from '../../host';
import { callExport } from './exports';
import type { AssignMessage, FromThread, PrepareMessage, ThreadInit, ToThread } from './protocol';
import type { JsonValue } from '../../values/json-value';

// componentize-qjs core modules use extended-const, gated on Node 20.
setFlagsFromString('--experimental-wasm-extended-const');

const port = parentPort!;
const post = (m: FromThread) => port.postMessage(m);

// A spare thread boots ahead of need and waits here to be assigned a worker;
// messages that arrive before the worker is ready wait in the inbox.
const inbox: ToThread[] = [];
let deliver: ((m: ToThread) => void) | undefined;
let assign!: (init: ThreadInit) => void;
const assigned = new Promise<ThreadInit>((res) => (assign = res));
port.on('message', (m: ToThread | AssignMessage | PrepareMessage) => {
  if (m.type === 'assign') assign(m.init);
  // Loading a version's bindings ahead of need: the module cache keeps them.
  else if (m.type === 'prepare') void import(m.bindingsUrl).catch(() => {});
  else if (deliver) deliver(m);
  else inbox.push(m);
});
const init = (workerData as ThreadInit | null) ?? (await assigned);

// Read-only: this thread reads its history; the runtime writes every entry.
const db = new Database(init.dbPath, { readonly: true });
db.pragma('busy_timeout = 5000');
const store = new OplogStore(db);

const syncFlag = new Int32Array(init.syncSignal);
const sleepFlag = new Int32Array(new SharedArrayBuffer(4));

/**
 * Buffers entries and posts them to the runtime, which commits them in
 * order. Anything that must follow durability (an HTTP request, an answer to
 * a caller) is a message posted after them, so the runtime commits first.
 */
class Writer {
  private buffer: OplogEntryBody[] = [];
  private lastCommit = Date.now();
  add(e: OplogEntryBody): void {
    if (init.debug || init.evaluate) return; // debug sessions and throwaway forks never write
    this.buffer.push(e);
    // Commit often enough that a watcher sees a long invocation progress.
    if (this.buffer.length >= 256 || Date.now() - this.lastCommit > 20) this.commit();
  }
  commit(): void {
    if (this.buffer.length === 0) return;
    post({ type: 'append', entries: this.buffer });
    this.buffer = [];
    this.lastCommit = Date.now();
  }
}
const writer = new Writer();

// Recovery time counts from reading the history to the end of its replay.
const started = performance.now();
const entries = store.slice(init.workerId, 1, init.historyUpTo);
// History is read once; the connection's page cache is not worth keeping per worker.
db.close();
// A debug session stops at the entries its commands ask for, blocking here
// until the next command; at the end of history it stops instead of going live.
const stepper = init.debug
  ? new Stepper(entries, (state) => syncCall({ type: 'debug-paused', state }) as DebugCommand, () => largestMemory())
  : undefined;
const refuse = { error: 'internal-error', message: 'effects are off in a throwaway evaluation' } as const;
const ctx = new DurableContext(writer, init.evaluate ? { httpRequest: () => refuse, sleep: () => {} } : {
  httpRequest: (req) => syncCall({ type: 'sync', op: 'http', payload: req }) as HttpResponseData,
  sleep: (ms) => void Atomics.wait(sleepFlag, 0, 0, ms),
}, init.env, init.args, entries, { observer: stepper, stopAtEnd: init.debug });
const nextRecorded = (actual?: unknown) => ctx.nextRecorded(actual);

// What the guest wrote to stderr during the current invocation: a trap's
// own message is usually there (a JS guest's exception, a Rust panic).
let stderrTail = '';
const hostLog = ctx.log.bind(ctx);
ctx.log = (stream, message) => {
  if (stream === 'stderr') stderrTail = (stderrTail + message).slice(-4000);
  hostLog(stream, message);
};

function trapReason(err: unknown): string {
  const trap = err instanceof Error ? err.message : String(err);
  const js = /message: Some\("((?:[^"\\]|\\.)*)"\)(?:, stack: Some\("\s*((?:[^"\\]|\\.)*)"\))?/.exec(stderrTail);
  if (js) return `guest trapped: uncaught exception: ${js[1]}${js[2] ? ` (${js[2].replace(/\\n/g, ' ').trim()})` : ''}`;
  const lines = stderrTail.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('note: run with'));
  return `guest trapped: ${trap}${lines.length > 0 ? ` — stderr: ${lines.slice(-3).join(' | ')}` : ''}`;
}
const goLive = () => ctx.goLive();

function syncCall(msg: FromThread): unknown {
  Atomics.store(syncFlag, 0, 0);
  post(msg);
  Atomics.wait(syncFlag, 0, 0);
  const reply = receiveMessageOnPort(init.syncPort);
  if (!reply) throw new Error('runtime sent no reply to a host call');
  return reply.message;
}

const { instantiate } = (await import(init.bindingsUrl)) as {
  instantiate: (
    get: (n: string) => WebAssembly.Module,
    imports: unknown,
    instantiateCore?: (m: WebAssembly.Module, i: WebAssembly.Imports) => Promise<WebAssembly.Instance>,
  ) => Promise<Record<string, unknown>>;
};
// The debugger looks at the guest's linear memory: keep the core instances' memories.
const memories: WebAssembly.Memory[] = [];
const largestMemory = () => memories.reduce<WebAssembly.Memory | undefined>((a, m) => (!a || m.buffer.byteLength > a.buffer.byteLength ? m : a), undefined);
const instance = await instantiate((name) => init.modules[name], hostImports(ctx), async (m, i) => {
  const inst = await WebAssembly.instantiate(m, i);
  for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
  return inst;
});
stepper?.begin();

type Outcome = { ok: true; result: JsonValue } | { ok: false; error: string; exited?: number };

/** Runs one invocation; while replaying, checks it ends where the oplog says. */
function run(inv: { key: string; functionName: string; args: JsonValue[] }): Outcome {
  stderrTail = '';
  try {
    const result = callExport(instance, init.exports, inv.functionName, inv.args);
    if (replay()) {
      const e = nextRecorded({ result });
      if (e) {
        if (e.kind !== 'exported-function-completed' || e.idempotencyKey !== inv.key) {
          throw new Divergence(e.index, describeEntry(e), 'the end of the invocation');
        }
        if (JSON.stringify(e.result) !== JSON.stringify(result)) {
          throw new Divergence(e.index, `result ${JSON.stringify(e.result)}`, `result ${JSON.stringify(result)}`);
        }
        return { ok: true, result };
      }
    }
    writer.add({ kind: 'exported-function-completed', idempotencyKey: inv.key, result });
    writer.commit();
    return { ok: true, result };
  } catch (err) {
    if (err instanceof EndOfHistory) return { ok: false, error: err.message };
    if (err instanceof ExitSignal) {
      if (!replay()) {
        writer.add({ kind: 'exited', code: err.code, idempotencyKey: inv.key });
        writer.commit();
      }
      return { ok: false, error: err.message, exited: err.code };
    }
    const error = err instanceof Divergence ? err.message : trapReason(err);
    if (replay() && !(err instanceof Divergence)) {
      // A recorded failure replays as a failure: the worker stays failed.
      let e;
      try {
        e = nextRecorded();
      } catch {
        e = undefined; // a debug session at the end of its history
      }
      if (e && e.kind === 'error') return { ok: false, error: e.error };
    }
    goLive();
    writer.add({ kind: 'error', error, idempotencyKey: inv.key });
    writer.commit();
    return { ok: false, error };
  }
}

// Recovery: replay every recorded invocation, answering host calls from the oplog.
const replay = () => ctx.history;
const invokedKeys = new Set<string>();
const pendingFromLog: ExportedFunctionInvokedEntry[] = [];
let replayed = 0;
let stopped: Outcome | undefined;
for (;;) {
  const log = replay();
  if (!log) break;
  const inv = log.take(['exported-function-invoked']);
  if (!inv || inv.kind !== 'exported-function-invoked') break;
  stepper?.consumed(inv);
  invokedKeys.add(inv.idempotencyKey);
  replayed += 1;
  if (replayed % 500 === 0) post({ type: 'progress', index: inv.index, total: log.lastIndex });
  const inFlight = log.exhausted(['exported-function-completed', 'error', 'exited']);
  if (inFlight) post({ type: 'started', key: inv.idempotencyKey });
  const out = run({ key: inv.idempotencyKey, functionName: inv.functionName, args: inv.args });
  if (!out.ok) {
    stopped = out;
    if (inFlight || !replay()) post(out.exited !== undefined ? { type: 'exited', key: inv.idempotencyKey, code: out.exited } : { type: 'failed', key: inv.idempotencyKey, error: out.error });
    break;
  }
  if (inFlight || !replay()) post({ type: 'completed', key: inv.idempotencyKey, result: out.result });
}
if (stepper) {
  const reason = stopped && !stopped.ok ? stopped.error : 'the end of the recorded history';
  stepper.end(reason, /diverged/.test(reason));
}
goLive();
const dropped = droppedIndices(entries);
for (const e of entries) {
  if (dropped.has(e.index)) continue;
  if (e.kind === 'pending-worker-invocation' && !invokedKeys.has(e.idempotencyKey)) {
    pendingFromLog.push({ kind: 'exported-function-invoked', functionName: e.functionName, args: e.args, idempotencyKey: e.idempotencyKey });
  } else if (e.kind === 'cancel-pending-invocation') {
    const i = pendingFromLog.findIndex((p) => p.idempotencyKey === e.idempotencyKey);
    if (i >= 0) pendingFromLog.splice(i, 1);
  }
}
if (init.evaluate) {
  // The throwaway fork: its state is the history's; the export runs live, effects refused.
  const e = init.evaluate;
  let reply: FromThread;
  try {
    reply = stopped ? { type: 'evaluated', error: stopped.ok ? 'stopped' : stopped.error } : { type: 'evaluated', result: callExport(instance, init.exports, e.functionName, e.args) };
  } catch (err) {
    reply = { type: 'evaluated', error: trapReason(err) };
  }
  post(reply);
  for (;;) Atomics.wait(sleepFlag, 0, 0);
}
writer.commit();
post({ type: 'recovered', replayedInvocations: replayed, lastIndex: entries.at(-1)?.index ?? 0, ms: performance.now() - started });

if (stopped) {
  // Failed or exited during recovery: nothing more runs in this instance.
  port.close();
} else {
  const queue: ToThread[] = pendingFromLog.map((p) => ({ type: 'invoke', key: p.idempotencyKey, functionName: p.functionName, args: p.args }));
  let busy = false;
  const drain = () => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const msg = queue.shift()!;
      if (invokedKeys.has(msg.key)) continue;
      invokedKeys.add(msg.key);
      post({ type: 'started', key: msg.key });
      writer.add({ kind: 'exported-function-invoked', functionName: msg.functionName, args: msg.args, idempotencyKey: msg.key });
      const out = run(msg);
      if (out.ok) post({ type: 'completed', key: msg.key, result: out.result });
      else if (out.exited !== undefined) { post({ type: 'exited', key: msg.key, code: out.exited }); port.close(); return; }
      else { post({ type: 'failed', key: msg.key, error: out.error }); port.close(); return; }
    }
    busy = false;
  };
  deliver = (msg) => {
    queue.push(msg);
    drain();
  };
  queue.push(...inbox.splice(0));
  drain();
}
