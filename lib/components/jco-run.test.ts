// jco's jobs in their child process: a transpile and a WAT build answer as jco
// would, jobs asked at once finish in the order asked, and a job past the time
// limit is refused (its process killed) without spoiling the next one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { componentFromWat, JcoError, transpileInChild } from './jco-run';

const WIT = 'package t:jco;\nworld w { export one: func() -> u32; }\n';
const wat = (n: number) => `(module (memory (export "memory") 1) (func (export "one") (result i32) i32.const ${n}))`;
const OPTIONS = { name: 'component', instantiation: { tag: 'async' }, emitTypescriptDeclarations: false };

/** This process's jco children now (Linux /proc). */
function jcoChildren(): number {
  let n = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('jco-child')) n += 1;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

test('a WAT build and its transpile; jobs asked at once finish in the order asked', async () => {
  const bytes = await componentFromWat(wat(1), WIT, undefined);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  const files = await transpileInChild(bytes, OPTIONS);
  assert.ok(
    files.some(([name]) => name === 'component.js'),
    files.map(([n]) => n).join(', '),
  );

  const order: number[] = [];
  let most = 0;
  const poll = setInterval(() => (most = Math.max(most, jcoChildren())), 5);
  try {
    const made = await Promise.all([2, 3, 4].map((n) => componentFromWat(wat(n), WIT, undefined)));
    await Promise.all(made.map((b, i) => transpileInChild(b, OPTIONS).then(() => order.push(i))));
  } finally {
    clearInterval(poll);
  }
  assert.deepEqual(order, [0, 1, 2]);
  assert.equal(most, 1, 'one jco process served them all, one job at a time');

  await assert.rejects(componentFromWat('(module (func (export "f") (result i32) i32.const))', WIT, undefined), (e: unknown) => {
    assert.ok(e instanceof JcoError);
    assert.equal(e.stage, 'parse');
    return true;
  });
});

test('a job past the time limit is refused and its process killed; the next job runs', async () => {
  const bytes = await componentFromWat(wat(5), WIT, undefined);
  const saved = process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
  process.env.PLAYGROUND_BUILD_TIMEOUT_MS = '1';
  try {
    await assert.rejects(transpileInChild(bytes, OPTIONS), /jco did not finish within 0\.001 s/);
  } finally {
    if (saved === undefined) delete process.env.PLAYGROUND_BUILD_TIMEOUT_MS;
    else process.env.PLAYGROUND_BUILD_TIMEOUT_MS = saved;
  }
  const files = await transpileInChild(bytes, OPTIONS);
  assert.ok(files.length > 0);
});
