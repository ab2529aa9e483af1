// A worker's thread: one component instance, replayed from the oplog, then
// live. Host calls are synchronous for the guest; anything that must wait on
// the outside world blocks this thread (Atomics.wait), never the runtime.

import { parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { Divergence, describeEntry } from '../../replay/replay-log';
import { DurableContext, EndOfHistory } from '../../replay/durable-context';
import { FatalError, type RuntimeCall, type RuntimeReply } from '../../host/context';
import { Stepper, type DebugCommand } from '../../replay/stepper';
import { ExitSignal, type HttpResponseData } from '../../host/context';
import { instantiateComponent, type Instance } from './instance';
import { callExport } from './exports';
import { loadHistory, oplogStore, pendingToRun } from './history';
import { restoreSnapshot, snapshotTaker } from './snapshots';
import { trapReason as trapText } from './trap';
import { Writer } from './writer';
import type {
  AssignMessage,
  CountHeldMessage,
  DropMessage,
  GoneMessage,
  HeldMessage,
  LeaveReply,
  FromRun,
  FromThread,
  LeaveCommand,
  PrepareMessage,
  ReleaseMessage,
  ThreadInit,
  ToRun,
  ToThread,
} from './protocol';
import type { JsonValue } from '../../values/json-value';
import { securityConfig } from '../../security/config';
import { threadHooks } from '../../checker/probe';
import { ThreadEnd } from '../sync-channel';
import { MODES, modeOf } from './mode';
import { LetGo, type Outcome, type Run } from './slot';
import { Prewarm } from './prewarm';
import { serveLive } from './live';

// componentize-qjs core modules use extended-const, gated on Node 20.
setFlagsFromString('--experimental-wasm-extended-const');

const port = parentPort!;

// A thread holds the instances of one or more workers (the runtime places
// idle workers together, pool/hosts.ts), and runs one of them at a time: JS
// is single-threaded, and a guest's call blocks the thread. Each worker's
// assignment is a run with its own instance, context and sync channel;
// messages name their run. A worker that suspends or is let go while idle
// leaves by unwinding its guest (or, idle, by being forgotten); a dropped
// run is forgotten at once. A kill of the running worker, a crash, a
// failure or an exit still ends the thread, and every instance on it.

const runs = new Map<number, Run>();
port.on('message', (m: ToThread | AssignMessage | PrepareMessage | ReleaseMessage | DropMessage | CountHeldMessage) => {
  if (m.type === 'assign') return start(m.init);
  if (m.type === 'count-held') return port.postMessage({ type: 'held', runs: runs.size } satisfies HeldMessage);
  // The version this thread will most likely run next: its bindings loaded, an instance made ahead.
  if (m.type === 'prepare') return prewarm.prepare(m, runs.size === 0);
  const run = runs.get(m.run);
  // No such run: it was for a worker that has left this thread (the runtime no longer listens to it). A drop
  // that crossed the run's own leaving (released, then dropped) is answered, or the runtime would wait for it.
  if (!run) {
    if (m.type === 'drop') port.postMessage({ type: 'gone', run: m.run } satisfies GoneMessage);
    return;
  }
  if (m.type === 'release') {
    if (run.release) run.release();
    else run.releaseAsked = true;
  } else if (m.type === 'drop') {
    // Idle (the runtime drops only an idle worker): nothing of it runs, and nothing it owes is lost.
    run.left = true;
    run.finish();
  } else if (run.deliver) run.deliver(m);
  else run.inbox.push(m);
});
const prewarm = new Prewarm();

function start(assigned: ThreadInit): void {
  const run: Run = {
    inbox: [],
    finish: () => {
      if (runs.get(assigned.run) !== run) return;
      runs.delete(assigned.run);
      assigned.syncPort.close();
      port.postMessage({ type: 'gone', run: assigned.run } satisfies GoneMessage);
      if (runs.size === 0) queueMicrotask(() => prewarm.make());
    },
  };
  runs.set(assigned.run, run);
  // Room for another worker here: the instance made ahead for it is of this worker's version.
  if (assigned.room) prewarm.prepare({ type: 'prepare', bindingsUrl: assigned.bindingsUrl, modules: assigned.modules }, false);
  // A host-side error here ends the thread, as before: the runtime sees it crash.
  // A run that has left (a closed debug session leaves from wherever it paused) frees its place instead.
  runWorker(assigned, run).catch((e: unknown) => {
    if (run.left) return run.finish();
    process.nextTick(() => {
      throw e;
    });
  });
}
if (workerData) start(workerData as ThreadInit);

async function runWorker(init: ThreadInit, slot: Run): Promise<void> {
  const mode = modeOf(init);
  const rules = MODES[mode];

  const store = oplogStore(init.dbPath);
  // A run that suspended is no longer this thread's: what it still posts would speak for the next worker.
  const post = (m: FromThread): void => {
    if (!slot.left) port.postMessage(Object.assign(m, { run: init.run }) satisfies FromRun);
  };

  const channel = new ThreadEnd(init.syncSignal, init.syncPort, (m) => post(m as FromThread));
  // A host call after leaving has no one to answer it: the guest is made to leave again.
  const syncCall = (msg: FromThread): unknown => {
    if (slot.left) throw new LetGo();
    const reply = channel.call(msg);
    // Dropped while it ran (the runtime took it for idle): out of the guest, the thread serves its other workers.
    if (reply && typeof reply === 'object' && (reply as Partial<LeaveReply>).leave === true) {
      slot.left = true;
      throw new LetGo();
    }
    return reply;
  };
  const sleepFlag = new Int32Array(new SharedArrayBuffer(4));

  // Debug sessions, throwaway forks and plain workers never write.
  const writer = new Writer(post, rules.writes && !init.plain);

  // Recovery time counts from reading the history to the end of its replay.
  const started = performance.now();
  let replayed = 0;
  const { base, entries, pendingRecorded } = loadHistory(store, init, rules.fromSnapshot);

  // A debug session stops at the entries its commands ask for, blocking here
  // until the next command; at the end of history it stops instead of going live.
  const stepper =
    mode === 'debug'
      ? new Stepper(
          entries,
          (state) => {
            const cmd = syncCall({ type: 'debug-paused', state }) as DebugCommand | LeaveCommand;
            if (cmd.type !== 'leave') return cmd;
            // The session is closed: out of the replay (and the guest, as a suspension leaves it); the thread serves the next worker.
            slot.left = true;
            throw new LetGo();
          },
          () => largestMemory(),
        )
      : undefined;
  // A durability check's kill point: say so, then wait to be terminated for real.
  const probe =
    init.probe && rules.probes
      ? threadHooks(init.probe, (why) => {
          post({ type: 'probe', why });
          return halt();
        })
      : undefined;
  const refuse = { error: 'internal-error', message: 'effects are off in a throwaway evaluation' } as const;
  const noRuntime = (): never => {
    throw new Error(mode === 'debug' ? 'a debug session never goes live' : 'effects are off in a throwaway evaluation');
  };
  // What the guest wrote to stderr during the current invocation: a trap's
  // own message is usually there (a JS guest's exception, a Rust panic).
  let stderrTail = '';
  // Recovery ends where history runs out, which may be inside the interrupted
  // invocation (it then goes on live, and may even suspend again): say so then.
  let recoveredPosted = false;
  const ctx = new DurableContext(
    writer,
    !rules.effects
      ? {
          httpRequest: () => refuse,
          sleep: () => {},
          runtime: () => ({ error: noRuntime() }),
          suspend: noRuntime,
          canSuspend: false,
        }
      : {
          httpRequest: (req) => syncCall({ type: 'sync', op: 'http', payload: req }) as HttpResponseData,
          sleep: (ms) => void Atomics.wait(sleepFlag, 0, 0, ms),
          runtime: (call: RuntimeCall) => syncCall({ type: 'sync', op: 'host', payload: call }) as RuntimeReply,
          suspend: (reason) => {
            writer.commit();
            post({ type: 'suspend', ...reason });
            slot.left = true;
            // Out of the guest: its instance is dropped and this thread takes the next worker.
            throw new LetGo();
          },
          canSuspend: !init.plain,
        },
    init.env,
    init.args,
    entries,
    {
      observer: stepper ?? probe,
      stopAtEnd: rules.stopAtEnd,
      workerId: init.workerId,
      maxOutputBytes: securityConfig().maxOutputBytes,
      hooks: probe?.hooks,
      events: {
        logged: (stream, message) => {
          if (stream === 'stderr') stderrTail = (stderrTail + message).slice(-4000);
        },
        wentLive: () => postRecovered(),
      },
    },
  );
  const nextRecorded = (actual?: unknown) => ctx.nextRecorded(actual);

  const trapReason = (err: unknown) => trapText(err, stderrTail);
  const goLive = () => ctx.goLive();

  function postRecovered(): void {
    if (recoveredPosted || !rules.reportsRecovery) return;
    recoveredPosted = true;
    writer.commit();
    const owed = toRun().flatMap((q) => (q.type === 'invoke' ? [q.key] : []));
    post({
      type: 'recovered',
      replayedInvocations: replayed,
      lastIndex: entries.at(-1)?.index ?? 0,
      ms: performance.now() - started,
      owed,
    });
  }

  // The queued invocations to run once live, read once when the history has been replayed (the `recovered` message names them).
  let queue: ToRun[] | undefined;
  const toRun = (): ToRun[] => (queue ??= pendingToRun(pendingRecorded, invokedKeys));

  /**
   * Nothing more runs in this instance: wait for the runtime to end the thread.
   * (A thread that exited by itself would look like a crash to the runtime.)
   */
  function halt(): never {
    for (;;) Atomics.wait(sleepFlag, 0, 0);
  }

  // The instance this thread made ahead when it is of this version, else a new one.
  const early = await prewarm.take(init.bindingsUrl);
  early?.attach(ctx);
  const made: Instance = early ?? (await instantiateComponent(init.bindingsUrl, init.modules, ctx));
  const instance = made.exports;
  // The debugger looks at the guest's linear memory.
  const memories = made.memories;
  const largestMemory = () =>
    memories.reduce<WebAssembly.Memory | undefined>((a, m) => (!a || m.buffer.byteLength > a.buffer.byteLength ? m : a), undefined);
  if (base) {
    try {
      restoreSnapshot(ctx, instance, init.exports, base);
    } catch (e) {
      // Suspended while loading: the thread is already handed back, so it must not halt here.
      if (slot.left) return slot.finish();
      const why = e && typeof e === 'object' && 'payload' in e ? String((e as { payload: unknown }).payload) : trapReason(e);
      post({ type: 'failed', error: `load-snapshot failed for the snapshot at oplog index ${base.index}: ${why}`, final: true });
      halt();
    }
  }
  stepper?.begin();

  // Entries since the last snapshot (replayed + written): a new one is taken every `snapshotEvery`.
  const snapshots = snapshotTaker(ctx, instance, init.exports, writer, entries.length, rules.snapshots);

  /** Runs one invocation; while replaying, checks it ends where the oplog says. */
  function run(inv: { key: string; functionName: string; args: JsonValue[] }): Outcome {
    stderrTail = '';
    ctx.startInvocation(inv.key);
    const unrecordedBefore = ctx.unrecorded;
    try {
      const result = callExport(instance, init.exports, inv.functionName, inv.args);
      if (replay()) {
        const e = nextRecorded({ result });
        if (e) {
          if (e.kind !== 'exported-function-completed' || e.idempotencyKey !== inv.key) {
            throw new Divergence(e.index, describeEntry(e), 'the end of the invocation');
          }
          // A persist-nothing zone ran again on replay: the guest opted out of determinism there.
          if (ctx.unrecorded === unrecordedBefore && JSON.stringify(e.result) !== JSON.stringify(result)) {
            throw new Divergence(e.index, `the invocation returning ${JSON.stringify(e.result)}`, `it return ${JSON.stringify(result)}`);
          }
          return { ok: true, result };
        }
      }
      writer.add({ kind: 'exported-function-completed', idempotencyKey: inv.key, result });
      writer.commit();
      return { ok: true, result };
    } catch (err) {
      // Suspended: nothing more is recorded for this invocation; it resumes by replay when woken.
      // (The guest's bindings may have turned the LetGo into another error on its way out.)
      if (err instanceof LetGo || slot.left) return { ok: false, error: 'suspended' };
      if (err instanceof EndOfHistory) return { ok: false, error: err.message };
      if (err instanceof ExitSignal) {
        if (!replay()) {
          writer.add({ kind: 'exited', code: err.code, idempotencyKey: inv.key });
          writer.commit();
        }
        return { ok: false, error: err.message, exited: err.code };
      }
      // A divergence or an at-most-once violation is final; a trap is retried by
      // the runtime under the worker's retry policy (it writes the error entry).
      const final = err instanceof Divergence || err instanceof FatalError;
      const error = final ? (err as Error).message : trapReason(err);
      goLive();
      // What the failed attempt did is recorded before the runtime hears of it.
      writer.commit();
      return { ok: false, error, final };
    }
  }

  const failure = (key: string, out: Extract<Outcome, { ok: false }>): FromThread =>
    out.exited !== undefined
      ? { type: 'exited', key, code: out.exited }
      : { type: 'failed', key, error: out.error, final: out.final === true, retryPolicy: ctx.golem.retryPolicy };

  // Recovery: replay every recorded invocation, answering host calls from the oplog.
  const replay = () => ctx.history;
  const invokedKeys = new Set<string>();
  replayed = 0;
  let stopped: Outcome | undefined;
  // Progress for the dashboard: every 500 invocations, and at least every 100 ms of a long replay.
  let progressAt = Date.now();
  for (;;) {
    const log = replay();
    if (!log) break;
    const inv = log.take(['exported-function-invoked']);
    if (!inv || inv.kind !== 'exported-function-invoked') break;
    stepper?.consumed(inv);
    invokedKeys.add(inv.idempotencyKey);
    replayed += 1;
    if (replayed % 500 === 0 || Date.now() - progressAt >= 100) {
      progressAt = Date.now();
      post({ type: 'progress', index: inv.index, total: log.lastIndex });
    }
    const inFlight = log.exhausted(['exported-function-completed', 'exited']);
    if (inFlight) post({ type: 'started', key: inv.idempotencyKey });
    const out = run({ key: inv.idempotencyKey, functionName: inv.functionName, args: inv.args });
    // A guest that caught its LetGo and went on still left.
    if (slot.left) return slot.finish();
    if (!out.ok) {
      stopped = out;
      if (inFlight || !replay()) post(failure(inv.idempotencyKey, out));
      break;
    }
    if (inFlight || !replay()) post({ type: 'completed', key: inv.idempotencyKey, result: out.result });
  }
  if (stepper) {
    const reason = stopped && !stopped.ok ? stopped.error : 'the end of the recorded history';
    stepper.end(reason, /diverged/.test(reason));
  }
  goLive();
  if (mode === 'evaluate' && init.evaluate) {
    // The throwaway fork: its state is the history's; the export runs live, effects refused.
    const e = init.evaluate;
    let reply: FromThread;
    try {
      const callSeq = ctx.callSeq;
      reply = stopped
        ? { type: 'evaluated', error: stopped.ok ? 'stopped' : stopped.error }
        : { type: 'evaluated', result: callExport(instance, init.exports, e.functionName, e.args), callSeq };
    } catch (err) {
      reply = { type: 'evaluated', error: trapReason(err) };
    }
    post(reply);
    // The export has returned (or trapped) and nothing was written: the instance is dropped and the thread serves the next.
    return slot.finish();
  }
  postRecovered();
  // Room for another worker here: the next one to join skips instantiation.
  if (init.room && !stopped) setImmediate(() => prewarm.make());

  if (stopped) {
    // Failed or exited during recovery: nothing more runs in this instance.
    halt();
  } else {
    serveLive({ slot, queue: toRun(), invokedKeys, writer, post, run, snapshots, failure, halt });
  }
}
