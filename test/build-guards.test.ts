// What a JavaScript build refuses before it writes anything: a top level that
// never ends (the build runs it) at the build's time limit, its process gone;
// a source that lacks an export its world declares, with the missing names.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeEngine, example, jsExample, type TestEngine } from './helpers';
import { UserError } from '../lib/components/errors';
import { buildCacheKey } from '../lib/components/build-cache';
import type { ComponentSource } from '../lib/components/registry';
import { RuntimeError } from '../lib/runtime/client';
import { runtimeProcess } from './runtime-process';
import { childrenRunning } from '../lib/testing/processes';

let t: TestEngine;
before(() => {
  t = makeEngine();
});
after(() => t.close());

const counterWit = example('counter', 'counter.wit');

/** Registers `src` as `name`, expecting a 400 whose message matches; no version row and no file appear. */
async function refused(name: string, src: ComponentSource, message: RegExp): Promise<UserError> {
  const files = `${t.dbPath}.files`;
  const filesBefore = existsSync(files) ? readdirSync(files, { recursive: true }).length : 0;
  try {
    await t.engine.registerComponent(name, src);
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${(e as Error).stack}`);
    assert.equal(e.status, 400, e.message);
    assert.match(e.message, message);
    assert.equal(t.engine.components.getVersion(name), undefined, 'no version was registered');
    const filesNow = existsSync(files) ? (readdirSync(files, { recursive: true }) as string[]) : [];
    assert.deepEqual(filesNow.filter((f) => f !== encodeURIComponent(name)).length, filesBefore, 'no component file was written');
    return e;
  }
  assert.fail(`registering ${name} should have been refused`);
}

test('a top level that never ends is stopped at the build time limit, its process killed, nothing kept', { timeout: 120_000 }, async () => {
  const source = 'while (true) {}\nexport const api = { add(n) { return n; }, get() { return 0; }, reset() {} };\n';
  const limit = process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
  process.env.PLAYGROUND_BUILD_TIMEOUT_MS = '1000';
  let e: UserError;
  try {
    e = await refused(
      'spin',
      { kind: 'js', source, wit: counterWit },
      /did not finish within 1 s: the component.s top level runs during the build; does it end/,
    );
  } finally {
    if (limit === undefined) delete process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
    else process.env.PLAYGROUND_BUILD_TIMEOUT_MS = limit;
  }
  assert.deepEqual(childrenRunning('qjs-child'), [], 'the build process is gone when the build is refused');
  const cache = process.env.PLAYGROUND_BUILD_CACHE;
  if (cache) {
    const file = path.join(cache, `${buildCacheKey('js', source, counterWit, 'counter')}.wasm`);
    assert.ok(!existsSync(file) && !existsSync(`${file}.lock`), 'the cache holds neither bytes nor a lock for it');
  }
  // The name is free again: the next build of it goes through.
  assert.equal(e.location, undefined);
  const v = await t.engine.registerComponent('spin', jsExample('counter', 'counter'));
  assert.equal(v.version, 1);
});

test(
  'through the runtime process, as the server runs it: a 400 at the limit, the build process gone, the runtime still answering',
  { timeout: 120_000 },
  async () => {
    // No build cache: the build runs for real in the bundled runtime.
    const { rt } = runtimeProcess('dp-build-guard-', { PLAYGROUND_BUILD_TIMEOUT_MS: '1000', PLAYGROUND_BUILD_CACHE: '' });
    await rt.whenReady();
    const wit = 'package x:y;\ninterface api { f: func() -> u32; }\nworld w { export api; }';
    const source = 'while (true) {}\nexport const api = { f() { return 1; } };\n';
    await assert.rejects(rt.api.registerComponent('mal9', { kind: 'js', source, wit }), (e: unknown) => {
      assert.ok(e instanceof RuntimeError, String(e));
      assert.equal(e.status, 400);
      assert.match(e.message, /did not finish within 1 s/);
      return true;
    });
    assert.deepEqual(childrenRunning('qjs-child', rt.pid), [], "the runtime's build process is gone");
    assert.deepEqual(await rt.api.listComponents(), []);
  },
);

test('a top level that leaves more in memory than the build can snapshot is told so, not "Panic in async function"', async () => {
  const source = `const big = [];\nfor (let i = 0; i < 3e6; i++) big.push('x' + i);\nexport const api = { add(n) { return n; }, get() { return big.length; }, reset() {} };\n`;
  const e = await refused('hoard', { kind: 'js', source, wit: counterWit }, /top level left more in memory than the build can snapshot/);
  assert.doesNotMatch(e.message, /Panic in async function/);
  assert.match(e.message, /make large data when a function first needs it/);
});

test('an interface the world exports but the source does not is named, at its WIT line', async () => {
  const e = await refused('nope', { kind: 'js', source: 'export const nope = {};\n', wit: counterWit }, /`api`.*demo:counter\/api/);
  const line = counterWit.split('\n').findIndex((l) => /^\s*export api;/.test(l)) + 1;
  assert.deepEqual(e.location, { file: 'wit', line, column: 3 });
});

test("an exported object literal lacking one of the interface's functions is named, at the object", async () => {
  const source = 'let n = 0;\nexport const api = {\n  add(x) { return (n += x); },\n  get() { return n; },\n};\n';
  const e = await refused('partial', { kind: 'js', source, wit: counterWit }, /`api\.reset`/);
  assert.doesNotMatch(e.message, /api\.add|api\.get/);
  assert.deepEqual(e.location, { file: 'js', line: 2, column: 14 });
});

test('kebab-case WIT names are looked for in camelCase, through `export { local as name }`', async () => {
  const { source, wit } = jsExample('shopping-cart', 'cart');
  const renamed = source.replace('export const api = {', 'const impl = {').replace('addItem(', 'add_item(') + '\nexport { impl as api };\n';
  await refused('cart', { kind: 'js', source: renamed, wit }, /`api\.addItem` \(WIT `[^`]*\.\{add-item\}`\)/);
  const wit2 = 'package t:w;\nworld w {\n  export do-it: func() -> u32;\n}\n';
  const e = await refused('fn', { kind: 'js', source: 'export function do_it() { return 1; }\n', wit: wit2 }, /function `doIt`/);
  assert.deepEqual(e.location, { file: 'wit', line: 3, column: 3 });
});

test('members that cannot be known without running the module are left to the build', async () => {
  // A computed object: its export name is checked (present), its members are not.
  const source = `const make = () => ({ add(n) { return n; }, get() { return 0; }, reset() {} });\nexport const api = make();\n`;
  const v = await t.engine.registerComponent('computed', { kind: 'js', source, wit: counterWit });
  assert.equal(v.version, 1);
});

test('members added after the literal count, as componentize-qjs looks them up at each call', async () => {
  const source = `let n = 0;\nexport const api = {};\napi.add = (x) => (n += x);\nObject.assign(api, { get: () => n, reset() { n = 0; } });\n`;
  const v = await t.engine.registerComponent('assigned', { kind: 'js', source, wit: counterWit });
  const w = t.engine.createWorker({ component: 'assigned', name: 'w', version: v.version });
  assert.equal((await t.engine.invoke(w.id, { function: 'api.add', args: [2] })).result, 2);
});

test('a WIT word in capitals is looked for as componentize-qjs names it: my-API as myApi, get-URL as getUrl', async () => {
  const wit = 'package t:caps;\ninterface my-API {\n  get-URL: func() -> string;\n}\nworld w {\n  export my-API;\n}\n';
  await refused('caps-wrong', { kind: 'js', source: 'export const myAPI = { getURL() { return "x"; } };\n', wit }, /`myApi`/);
  const v = await t.engine.registerComponent('caps', { kind: 'js', source: 'export const myApi = { getUrl() { return "u"; } };\n', wit });
  const w = t.engine.createWorker({ component: 'caps', name: 'w', version: v.version });
  assert.equal((await t.engine.invoke(w.id, { function: 't:caps/my-API.{get-URL}' })).result, 'u');
});

test(
  'builds run a few at a time, first come first served; past the line one is refused with 429, bad input still gets its 400',
  { timeout: 120_000 },
  async () => {
    const e = makeEngine({ buildsAtOnce: 1, buildsWaiting: 2 });
    // Sources no earlier run built: the build cache cannot answer, each build runs its process.
    const src = (): ComponentSource => ({ kind: 'js', source: `// ${randomUUID()}\n${example('counter', 'counter.js')}`, wit: counterWit });
    let most = 0;
    const poll = setInterval(() => (most = Math.max(most, childrenRunning('qjs-child').length)), 10);
    const finished: string[] = [];
    const register = (name: string) =>
      e.engine.registerComponent(name, src()).then((v) => {
        finished.push(name);
        return v;
      });
    try {
      const first = register('line-a');
      const second = register('line-b');
      const third = register('line-c');
      // Registration checks its input before it waits for a build: the line does not hide a 400.
      await assert.rejects(e.engine.registerComponent('line-bad', { kind: 'js', source: ' ', wit: counterWit }), (err: unknown) => {
        assert.ok(err instanceof UserError, String(err));
        assert.equal(err.status, 400, err.message);
        return true;
      });
      await assert.rejects(register('line-d'), (err: unknown) => {
        assert.ok(err instanceof UserError, String(err));
        assert.equal(err.status, 429);
        assert.match(err.message, /1 component build\(s\) are running and 2 are waiting/);
        return true;
      });
      const done = await Promise.all([first, second, third]);
      assert.deepEqual(
        done.map((v) => [v.name, v.version]),
        [
          ['line-a', 1],
          ['line-b', 1],
          ['line-c', 1],
        ],
      );
      assert.deepEqual(finished, ['line-a', 'line-b', 'line-c'], 'in the order they came');
      assert.equal(most, 1, 'one build process at a time');
      assert.equal(e.engine.components.getVersion('line-d'), undefined);
    } finally {
      clearInterval(poll);
      await e.close();
    }
  },
);
