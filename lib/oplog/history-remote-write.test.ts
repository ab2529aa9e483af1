// A remote write left in doubt (golem:durability's batches): hand-written oplogs, no engine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OplogEntry, OplogEntryBody } from './entry';
import { History } from './history';

/** Numbers the bodies 1..n, like the store does. */
const log = (...bodies: OplogEntryBody[]): OplogEntry[] =>
  bodies.map((b, i) => ({ ...b, index: i + 1, timestamp: 1000 + i }) as OplogEntry);
const create: OplogEntryBody = { kind: 'create', componentName: 'c', componentVersion: 1, workerName: 'w', env: [], args: [] };
const invoked: OplogEntryBody = { kind: 'exported-function-invoked', functionName: 'api.go', args: [], idempotencyKey: 'k' };
const completed: OplogEntryBody = { kind: 'exported-function-completed', idempotencyKey: 'k', result: 1 };
const begin: OplogEntryBody = { kind: 'begin-remote-write' };
const end = (beginIndex: number): OplogEntryBody => ({ kind: 'end-remote-write', beginIndex });
const send: OplogEntryBody = {
  kind: 'imported-function-invoked',
  functionName: 'playground:http/client.send',
  request: null,
  response: { ok: 1 },
  durability: 'write-remote',
};
const killed: OplogEntryBody = { kind: 'interrupted', reason: 'killed by request' };
const doubt = (...bodies: OplogEntryBody[]) => new History(log(...bodies)).remoteWriteInDoubt(3);

test('a remote write is in doubt when it began and nothing ended it', () => {
  assert.equal(doubt(create, invoked, begin, send, killed), true);
  assert.equal(doubt(create, invoked, begin), true, 'a crash leaves no interrupted entry');
  // A retry ahead does not end the invocation.
  assert.equal(doubt(create, invoked, begin, send, { kind: 'error', error: 'trap', retryAt: 9, idempotencyKey: 'k' }), true);
});

test('not in doubt: its own end, the invocation ended otherwise, a suspension, a jump over the end', () => {
  assert.equal(doubt(create, invoked, begin, send, end(3), killed), false);
  // A nested write's end is not this one's.
  assert.equal(doubt(create, invoked, begin, begin, send, end(4), killed), true);
  assert.equal(doubt(create, invoked, begin, send, completed), false);
  assert.equal(doubt(create, invoked, begin, { kind: 'error', error: 'trap', idempotencyKey: 'k' }), false);
  assert.equal(doubt(create, invoked, begin, { kind: 'suspend', until: 9 }), false, 'paused cleanly, everything recorded');
  assert.equal(doubt(create, invoked, begin, { kind: 'suspend', until: 9 }, send, killed), true, 'killed after the wake');
  // An end hidden by a jump does not count.
  assert.equal(doubt(create, invoked, begin, send, end(3), { kind: 'jump', start: 5, end: 5 }, killed), true);
});
