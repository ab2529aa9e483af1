// What a JavaScript build refuses before it writes anything: a top level that
// never ends (the build runs it) at the build's time limit, its process gone.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, example, jsExample, type TestEngine } from './helpers';
import { UserError } from '../lib/components/errors';
import { buildCacheKey } from '../lib/components/build-cache';
import type { ComponentSource } from '../lib/components/registry';

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

/** Processes whose parent is this one and whose command line names `what` (Linux /proc). */
function childrenRunning(what: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(what)) pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

test('a top level that never ends is stopped at the build time limit, its process killed, nothing kept', { timeout: 120_000 }, async () => {
  const source = 'while (true) {}\nexport const api = { add(n) { return n; }, get() { return 0; }, reset() {} };\n';
  const limit = process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
  process.env.PLAYGROUND_BUILD_TIMEOUT_MS = '3000';
  let e: UserError;
  try {
    e = await refused(
      'spin',
      { kind: 'js', source, wit: counterWit },
      /did not finish within 3 s: the component.s top level runs during the build; does it end/,
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
