// Shared set-up for engine tests: a fresh database and data folder per test
// file, the bundled thread entry, and the example sources.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  example,
  jsExample,
  makeEngine as makeHarness,
  reopenEngine as reopenHarness,
  root,
  waitForWorker,
  type EngineHarness,
} from '../lib/testing/harness';
import type { EngineOptions } from '../lib/runtime/engine';
import type { EngineEvent, WorkerInfo } from '../lib/runtime/types';
import type { EgressPolicy } from '../lib/security/egress';

export { root, threadEntry, example, jsExample } from '../lib/testing/harness';

export type TestEngine = EngineHarness;

/**
 * The tests' HTTP services listen on 127.0.0.1, which the default egress
 * policy refuses to guests: test engines allow loopback explicitly, as a user
 * would with PLAYGROUND_HTTP_ALLOW (test/egress.test.ts checks the refusal).
 */
export const LOOPBACK_ALLOWED: EgressPolicy = { public: true, allow: ['127.0.0.0/8'] };
/** The same, for tests that run the runtime process (its policy comes from the environment). */
export const LOOPBACK_ALLOWED_ENV = { PLAYGROUND_HTTP_ALLOW: '127.0.0.0/8' };

const fixture = (dir: string, file: string) => readFileSync(path.join(root, 'test', 'fixtures', dir, file), 'utf8');

/**
 * Guests several test files need, one source each: a clean clone builds every
 * distinct source for real once (seconds each), and the build cache lets the
 * other files reuse it. A test that needs "a component whose call throws" or
 * "a new version of the counter" takes one of these instead of a variant.
 */
export const GUESTS = {
  /** `boom` throws "no"; `inc` counts calls. */
  boom: {
    kind: 'js',
    source: 'let n = 0;\nexport function inc() { n += 1; return n; }\nexport function boom() { throw new Error("no"); }\n',
    wit: 'package t:boom;\nworld boom {\n  export inc: func() -> u32;\n  export boom: func();\n}\n',
  },
  /** The counter example with one more export (`extra.hello` → "v2"): a compatible new version for updates. */
  counterV2: {
    kind: 'js',
    source: `${example('counter', 'counter.js')}\nexport const extra = { hello() { return "v2"; } };\n`,
    wit: example('counter', 'counter.wit').replace(/(world [^{]+\{)/, 'interface extra { hello: func() -> string; }\n$1\n  export extra;'),
  },
  /** What a worker keeps on its thread (a count, a JS global, its environment), and calls that hang, throw or wait: test/fixtures/thread-state. */
  threadState: { kind: 'js', source: fixture('thread-state', 'state.js'), wit: fixture('thread-state', 'state.wit') },
} as const;

export function makeEngine(opts: Partial<EngineOptions> = {}): TestEngine {
  return makeHarness({ egress: LOOPBACK_ALLOWED, ...opts });
}

/** Runs `body` on an engine of its own, closed after it whatever happens. */
export async function withEngine<T>(opts: Partial<EngineOptions>, body: (t: TestEngine) => Promise<T>): Promise<T> {
  const t = makeEngine(opts);
  try {
    return await body(t);
  } finally {
    await t.close();
  }
}

/** The engine after a restart over `dbPath`, with the same loopback egress as makeEngine's. */
export function reopenEngine(dbPath: string, opts: Partial<EngineOptions> = {}): ReturnType<typeof reopenHarness> {
  return reopenHarness(dbPath, { egress: LOOPBACK_ALLOWED, ...opts });
}

/** A fresh engine whose `n` counter workers (named prefix0, prefix1, …), made and invoked once in turn, share threads four to a thread. */
export async function sharingCounters(
  opts: Partial<EngineOptions>,
  n: number,
  prefix: string,
): Promise<{ t: TestEngine; workers: WorkerInfo[] }> {
  const t = makeEngine({ idleEvictMs: 600_000, workersPerThread: 4, ...opts });
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
  const workers = Array.from({ length: n }, (_, i) => t.engine.createWorker({ component: 'counter', name: `${prefix}${i}` }));
  for (const w of workers) await t.engine.invoke(w.id, { function: 'api.add', args: [1] });
  assert.equal(t.engine.sharing().threads, Math.ceil(n / 4), 'four to a thread');
  return { t, workers };
}

/** Polls a test engine's worker until `ok` holds; fails with its last state after `ms`. */
export function untilWorker(t: TestEngine, what: string, id: string, ok: (w: WorkerInfo) => boolean, ms: number): Promise<WorkerInfo> {
  return waitForWorker(t.engine, what, id, ok, ms);
}

/** Resolves with the worker's next finished recovery (subscribed now, before the caller acts). */
export function recoveryDone(t: TestEngine, id: string): Promise<Extract<EngineEvent, { type: 'recovery' }>> {
  return new Promise((resolve) => {
    const off = t.engine.onEvent((e) => {
      if (e.type === 'recovery' && e.workerId === id && e.phase === 'done') {
        off();
        resolve(e);
      }
    });
  });
}

export interface RecordingServer {
  /** host:port to send to. */
  authority: string;
  bodies: string[];
  close(): Promise<void>;
}

/** A local HTTP service that records every request body it receives. */
export async function recordingServer(): Promise<RecordingServer> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`ok#${bodies.length}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    authority: `127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * One test engine and one recording HTTP service for the whole test file
 * (awaited at its top level): `setup` registers the file's components, and an
 * `after` hook closes both.
 */
export async function engineWithServer(
  setup: (t: TestEngine) => Promise<void>,
  opts: Partial<EngineOptions> = {},
): Promise<{ t: TestEngine; server: RecordingServer }> {
  const t = makeEngine(opts);
  const server = await recordingServer();
  after(async () => {
    await t.close();
    await server.close();
  });
  try {
    await setup(t);
  } catch (e) {
    // Thrown at the file's top level, the after hook never runs: close both here.
    await t.close();
    await server.close();
    throw e;
  }
  return { t, server };
}

/**
 * A call that waits on a Golem promise, through kills: the worker suspends on
 * it, a kill while suspended rejects the call at once, completing the promise
 * with `answer` resumes the worker, and the call's key then gives its result;
 * after `check` (if any), another kill, and the key gives the same result again
 * (from the oplog). Returns both results.
 */
export async function promiseThroughKills(
  t: TestEngine,
  component: string,
  name: string,
  fn: string,
  answer: string,
  check?: (id: string) => void,
): Promise<[unknown, unknown]> {
  const w = t.engine.createWorker({ component, name });
  const call = t.engine.invoke(w.id, { function: fn, idempotencyKey: fn });
  call.catch(() => {});
  const s = await untilWorker(t, 'suspension', w.id, (i) => i.status === 'suspended', 15_000);
  assert.equal(typeof s.awaitingPromise, 'number');
  await t.engine.kill(w.id);
  await assert.rejects(call, /killed/);
  assert.equal(t.engine.completePromise(w.id, s.awaitingPromise!, Buffer.from(answer).toString('base64')), true);
  await untilWorker(t, 'completion', w.id, (i) => i.status === 'idle', 15_000);
  const first = (await t.engine.invoke(w.id, { function: fn, idempotencyKey: fn })).result;
  check?.(w.id);
  await t.engine.kill(w.id);
  return [first, (await t.engine.invoke(w.id, { function: fn, idempotencyKey: fn })).result];
}

/**
 * Polls `get` until `ok` holds, every `every` ms (0: each turn of the event loop); fails with the last value after
 * `ms`. Every wait in a test has an end: a test that times out does not stop its loop, which keeps the file's process
 * alive for good.
 */
export async function untilValue<T>(what: string, get: () => T | Promise<T>, ok: (v: T) => boolean, ms: number, every = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => (every > 0 ? setTimeout(r, every) : setImmediate(r)));
  }
}
