// jco's jobs in their child process: a transpile and a WAT build answer as jco
// would, jobs asked at once finish in the order asked, and a job past the time
// limit is refused (its process killed) without spoiling the next one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentFromWat, JcoError, transpileInChild } from './jco-run';
import { childrenRunning } from '../testing/processes';

const WIT = 'package t:jco;\nworld w { export one: func() -> u32; }\n';
const wat = (n: number) => `(module (memory (export "memory") 1) (func (export "one") (result i32) i32.const ${n}))`;
const OPTIONS = { name: 'component', instantiation: { tag: 'async' }, emitTypescriptDeclarations: false };

const jcoChildren = () => childrenRunning('jco-child');

test('a WAT build and its transpile; jobs asked at once finish in the order asked', async () => {
  const bytes = await componentFromWat(wat(1), WIT, undefined);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  const files = await transpileInChild(bytes, OPTIONS);
  assert.ok(
    files.some(([name]) => name === 'component.js'),
    files.map(([n]) => n).join(', '),
  );

  // The child that served these jobs serves the next ones.
  const first = jcoChildren();
  assert.equal(first.length, 1);
  const order: number[] = [];
  const seen = new Set<number>();
  let most = 0;
  const poll = setInterval(() => {
    const now = jcoChildren();
    most = Math.max(most, now.length);
    for (const pid of now) seen.add(pid);
  }, 5);
  try {
    const made = await Promise.all([2, 3, 4].map((n) => componentFromWat(wat(n), WIT, undefined)));
    await Promise.all(made.map((b, i) => transpileInChild(b, OPTIONS).then(() => order.push(i))));
  } finally {
    clearInterval(poll);
  }
  assert.deepEqual(order, [0, 1, 2]);
  assert.equal(most, 1, 'one jco process served them all, one job at a time');
  assert.deepEqual([...seen], first, 'the same process as before');

  await assert.rejects(componentFromWat('(module (func (export "f") (result i32) i32.const))', WIT, undefined), (e: unknown) => {
    assert.ok(e instanceof JcoError);
    assert.equal(e.stage, 'parse');
    return true;
  });
});

test('a job past the time limit is refused and its process killed; the next job runs', async () => {
  const bytes = await componentFromWat(wat(5), WIT, undefined);
  const saved = process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
  const before = jcoChildren();
  assert.equal(before.length, 1);
  process.env.PLAYGROUND_BUILD_TIMEOUT_MS = '1';
  try {
    await assert.rejects(transpileInChild(bytes, OPTIONS), /jco did not finish within 0\.001 s/);
    // Killed: gone within a second (a zombie until reaped has no command line).
    for (let i = 0; i < 100 && jcoChildren().includes(before[0]!); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(jcoChildren(), [], 'the process that ran past the limit is gone');
  } finally {
    if (saved === undefined) delete process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
    else process.env.PLAYGROUND_BUILD_TIMEOUT_MS = saved;
  }
  const files = await transpileInChild(bytes, OPTIONS);
  assert.ok(files.length > 0);
});
