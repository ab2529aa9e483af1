// Every kind of bad input gets a precise 4xx and leaves nothing behind; a
// misbehaving guest fails only its own worker.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, example, root, type TestEngine, jsExample } from './helpers';
import { UserError } from '../lib/components/errors';
import type { ComponentSource } from '../lib/components/registry';

let t: TestEngine;
before(async () => {
  t = makeEngine({ invocationTimeoutMs: 1500, memoryLimitMb: 48 });
  await t.engine.registerComponent('counter', jsExample('counter', 'counter'));
});
after(() => t.close());

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', f), 'utf8');

async function rejects(p: Promise<unknown>, status: number, message: RegExp): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${(e as Error).stack}`);
    assert.equal(e.status, status, e.message);
    assert.match(e.message, message);
    return e;
  }
  assert.fail('expected a rejection');
}

/** Every row of every table and every file under the files folder. */
function everything(): { rows: Record<string, unknown[]>; files: string[] } {
  const tables = t.engine.db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(tables.map((n) => [n, t.engine.db.prepare(`SELECT * FROM "${n}"`).all()]));
  const dir = `${t.dbPath}.files`;
  const files = existsSync(dir) ? (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort() : [];
  return { rows, files };
}

/** Runs a refused registration and checks that no row and no file appeared anywhere. */
async function refusedLeavesNothing(name: string, p: () => Promise<unknown>, status: number, message: RegExp): Promise<UserError> {
  const before = everything();
  const e = await rejects(p(), status, message);
  const now = everything();
  assert.deepEqual(now.rows, before.rows, `a refused ${name} wrote no row`);
  // An empty folder for the name may remain; no file in it.
  assert.deepEqual(
    now.files.filter((f) => !before.files.includes(f) && f !== encodeURIComponent(name)),
    [],
    `a refused ${name} left no file`,
  );
  return e;
}

test('garbage bytes are not a WebAssembly binary', async () => {
  await refusedLeavesNothing(
    'junk',
    () => t.engine.registerComponent('junk', { kind: 'upload', bytes: new TextEncoder().encode('hello, I am not wasm') }),
    400,
    /not a WebAssembly binary/,
  );
});

test('a core module where a component is expected', async () => {
  const core = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  await refusedLeavesNothing(
    'core',
    () => t.engine.registerComponent('core', { kind: 'upload', bytes: core }),
    400,
    /core WebAssembly module, not a component/,
  );
});

test('a truncated component', async () => {
  const bytes = readFileSync(path.join(`${t.dbPath}.files`, 'counter', '1', 'component.wasm'));
  await refusedLeavesNothing(
    'cut',
    () => t.engine.registerComponent('cut', { kind: 'upload', bytes: bytes.subarray(0, 5000) }),
    400,
    /not a valid component/,
  );
});

test('an unsupported import is named', async () => {
  const wit = 'package test:imp;\ninterface thing { poke: func() -> u32; }\nworld w {\n  import thing;\n  export f: func() -> u32;\n}\n';
  const wat =
    '(module (import "test:imp/thing" "poke" (func $poke (result i32))) (memory (export "memory") 1) (func (export "f") (result i32) call $poke))';
  // Refused after a successful build: the last check before anything is written.
  await refusedLeavesNothing(
    'imp',
    () => t.engine.registerComponent('imp', { kind: 'wat', source: wat, wit }),
    400,
    /does not offer: test:imp\/thing/,
  );
});

test('a component that exports nothing is refused after its build', async () => {
  const wat = '(module (memory (export "memory") 1))';
  await refusedLeavesNothing(
    'mute',
    () => t.engine.registerComponent('mute', { kind: 'wat', source: wat, wit: 'package a:mute;\nworld w {}\n' }),
    400,
    /exports no functions/,
  );
});

// A build error in each source a user writes points at its file and line.
const located: { title: string; name: string; source: ComponentSource; message: RegExp; file: string; line: number }[] = [
  {
    title: 'a JavaScript syntax error',
    name: 'syntax',
    source: { kind: 'js', source: 'export const api = {\n  add(n) { return n +; },\n};\n', wit: example('counter', 'counter.wit') },
    message: /JavaScript error at line 2/,
    file: 'js',
    line: 2,
  },
  {
    title: 'a WIT error',
    name: 'badwit',
    source: {
      kind: 'js',
      source: example('counter', 'counter.js'),
      wit: example('counter', 'counter.wit').replace('get: func() -> u64;', 'get: func() -> u6x;'),
    },
    message: /WIT error at line 6, column 18: unknown type .u6x./,
    file: 'wit',
    line: 6,
  },
  {
    title: 'a WAT syntax error',
    name: 'badwat',
    source: {
      kind: 'wat',
      source: '(module\n  (func (export "f") (result i32)\n    i32.const)\n)',
      wit: 'package a:b;\nworld w { export f: func() -> u32; }',
    },
    message: /WAT error at line 3/,
    file: 'wat',
    line: 3,
  },
];
for (const c of located) {
  test(`${c.title} carries its line and column`, async () => {
    const e = await refusedLeavesNothing(c.name, () => t.engine.registerComponent(c.name, c.source), 400, c.message);
    assert.equal(e.location?.file, c.file);
    assert.equal(e.location?.line, c.line);
  });
}

test('unknown worker, unknown function, wrong arguments', async () => {
  await rejects(t.engine.invoke('counter/nobody', { function: 'api.get' }), 404, /no worker counter\/nobody/);
  const w = t.engine.createWorker({ component: 'counter', name: 'typed' });
  await rejects(t.engine.invoke(w.id, { function: 'api.nope' }), 404, /exports no function "api.nope".*demo:counter\/api.\{add\}/);
  await rejects(t.engine.invoke(w.id, { function: 'api.add', args: ['five'] }), 400, /args\[0\].*u64/);
  await rejects(t.engine.invoke(w.id, { function: 'api.add', args: [-1] }), 400, /u64/);
  await rejects(t.engine.invoke(w.id, { function: 'api.add', args: [] }), 400, /takes 1 argument/);
  await rejects(t.engine.invoke(w.id, { function: 'api.add', wave: '"x"' }), 400, /at column 1: args\[0\]: expected u64 .*got `"x"`/);
  assert.equal(t.engine.store.length(w.id), 1, 'nothing but the create entry was written');
  assert.throws(() => t.engine.createWorker({ component: 'nothing', name: 'x' }), /no component named nothing/);
  assert.throws(() => t.engine.createWorker({ component: 'counter', name: 'typed' }), /already exists/);
  assert.throws(() => t.engine.createWorker({ component: 'counter', name: 'bad name!' }), /invalid worker name/);
});

test('a guest that loops forever, exhausts memory or traps fails only its own worker', async () => {
  await t.engine.registerComponent('misbehave', { kind: 'js', source: fixture('misbehave.js'), wit: fixture('misbehave.wit') });
  const healthy = t.engine.createWorker({ component: 'counter', name: 'healthy' });
  await t.engine.invoke(healthy.id, { function: 'api.add', args: [1] });
  for (const [fn, reason] of [
    ['spin', /exceeded the time limit of 1500 ms/],
    ['hog', /guest trapped: uncaught exception: out of memory after \d+ MiB/],
    ['boom', /guest trapped.*boom/],
  ] as const) {
    const w = t.engine.createWorker({ component: 'misbehave', name: fn });
    await rejects(t.engine.invoke(w.id, { function: fn }), 409, reason);
    const info = t.engine.getWorker(w.id);
    assert.equal(info.status, 'failed');
    assert.match(info.lastError ?? '', reason);
    const last = t.engine.store.slice(w.id, 1).at(-1)!;
    assert.equal(last.kind, 'error');
    assert.match(last.kind === 'error' ? last.error : '', reason);
    if (fn === 'hog') {
      // The cap (48 MB here) stopped it, not the host running out: it got less than the cap.
      const mib = Number(/after (\d+) MiB/.exec(info.lastError ?? '')?.[1]);
      assert.ok(mib > 0 && mib < 48, `the guest got ${mib} MiB under a 48 MB cap`);
    }
    await rejects(t.engine.invoke(w.id, { function: 'ok' }), 409, /has failed/);
    assert.equal((await t.engine.invoke(healthy.id, { function: 'api.add', args: [1] })).result !== undefined, true);
  }
  assert.equal((await t.engine.invoke(healthy.id, { function: 'api.get' })).result, 4);
});

test('a guest calling wasi:cli/exit ends its worker as exited, not the server', async () => {
  // The misbehaving guest's `quit` calls exit (one build serves both tests).
  await t.engine.registerComponent('quitter', { kind: 'js', source: fixture('misbehave.js'), wit: fixture('misbehave.wit') });
  const w = t.engine.createWorker({ component: 'quitter', name: 'q' });
  await rejects(t.engine.invoke(w.id, { function: 'quit' }), 409, /exited with code 1/);
  assert.equal(t.engine.getWorker(w.id).status, 'exited');
  assert.equal(t.engine.store.slice(w.id, 1).at(-1)!.kind, 'exited');
  await rejects(t.engine.invoke(w.id, { function: 'ok' }), 409, /has exited/);
});
