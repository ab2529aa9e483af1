// The replay debugger's memory read that skips zero bytes on the server: one
// command opens a 64 KiB page where its bytes begin (the dashboard used to
// chain up to 16 reads, each holding the debugger, and lost clicks between them).

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';

let t: TestEngine;
before(async () => {
  t = makeEngine();
  // Two pages: "durable!" at 0x2000 of page 0 (nothing before it), page 1 all zero.
  const wat = '(module (memory (export "memory") 2) (data (i32.const 8192) "durable!") (func (export "one") (result i32) i32.const 1))';
  await t.engine.registerComponent('mem', { kind: 'wat', source: wat, wit: 'package t:mem;\nworld mem { export one: func() -> u32; }\n' });
});
after(() => t.close());

const hex = (s: string) => Buffer.from(s).toString('hex');

test('skipZero reads from the first non-zero 4 KiB of the page, in one command that does not move the replay', async () => {
  const w = t.engine.createWorker({ component: 'mem', name: 'm' });
  await t.engine.invoke(w.id, { function: 'one' });
  let { sessionId, state } = await t.engine.startDebug(w.id);
  ({ sessionId, state } = await t.engine.debug(sessionId, { type: 'continue' }));
  const at = state.index;

  const plain = (await t.engine.debug(sessionId, { type: 'memory', offset: 0, length: 4096 })).state;
  assert.equal(plain.memoryView?.offset, 0);
  assert.match(plain.memoryView?.hex ?? '', /^0+$/, 'without skipZero the first 4 KiB (all zero) come back');

  const skipped = (await t.engine.debug(sessionId, { type: 'memory', offset: 0, length: 4096, skipZero: true })).state;
  assert.equal(skipped.memoryView?.from, 0);
  assert.equal(skipped.memoryView?.offset, 8192, 'two zero reads skipped');
  assert.ok(skipped.memoryView?.hex.startsWith(hex('durable!')));
  assert.equal(skipped.memoryView?.hex.length, 8192);
  assert.equal(skipped.index, at, 'reading memory does not move the replay');

  // An all-zero page: the search stops at the page's end and shows its last read, zero.
  const zero = (await t.engine.debug(sessionId, { type: 'memory', offset: 65536, length: 4096, skipZero: true })).state;
  assert.equal(zero.memoryView?.offset, 65536 + 61440);
  assert.match(zero.memoryView?.hex ?? '', /^0+$/);

  // Outside the memory: a notice, no view.
  const outside = (await t.engine.debug(sessionId, { type: 'memory', offset: 131072, length: 16, skipZero: true })).state;
  assert.match(outside.notice ?? '', /outside it/);
  await t.engine.stopDebug(sessionId);
});
