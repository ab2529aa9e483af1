// golem:api/oplog's public entries per version: where 1.1.7, 1.3.0 and 1.5.0
// differ, each gets its own shape (what a guest of that version reads).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '../oplog/codec';
import type { OplogEntry, OplogEntryBody } from '../oplog/entry';
import { datetime, publicEntry, type OplogVersion } from './golem-oplog-entries';
import { valueAndType } from './value-and-type';

const T = 1_700_000_000_250;
const entry = (body: OplogEntryBody, index = 4): OplogEntry => ({ index, timestamp: T, ...body }) as OplogEntry;
const map = (v: OplogVersion, body: OplogEntryBody) => publicEntry(v, entry(body), { id: 'the-id' }, 'c/w', 2);
const val = (m: { val?: unknown }) => m.val as Record<string, unknown>;

test('marker entries: a bare datetime at 1.1.7, a record from 1.3.0 on; a snapshot is a no-op before 1.5.0', () => {
  const time = datetime(T);
  assert.deepEqual(map('1.1.7', { kind: 'suspend' }), { tag: 'suspend', val: time });
  assert.deepEqual(map('1.3.0', { kind: 'suspend' }), { tag: 'suspend', val: { timestamp: time } });
  const snap: OplogEntryBody = { kind: 'snapshot', data: Buffer.from('hi').toString('base64'), callSeq: 1 };
  assert.deepEqual(map('1.1.7', snap), { tag: 'no-op', val: time });
  assert.deepEqual(map('1.3.0', snap), { tag: 'no-op', val: { timestamp: time } });
  const at15 = val(map('1.5.0', snap));
  assert.deepEqual(at15.data, { data: new Uint8Array(Buffer.from('hi')), mimeType: 'application/octet-stream' });
});

test("values: bare wit-values at 1.1.7, value-and-type after; 1.5.0's invocations are agent-method invocations", () => {
  const inv: OplogEntryBody = { kind: 'exported-function-invoked', functionName: 'f', args: [7, 'x'], idempotencyKey: 'k' };
  assert.deepEqual(val(map('1.1.7', inv)).request, [valueAndType(7).value, valueAndType('x').value]);
  assert.deepEqual(val(map('1.3.0', inv)).request, [valueAndType(7), valueAndType('x')]);
  const started = map('1.5.0', inv);
  assert.equal(started.tag, 'agent-invocation-started');
  assert.equal((val(started).invocation as { tag: string }).tag, 'agent-method-invocation');
  const call: OplogEntryBody = {
    kind: 'imported-function-invoked',
    functionName: 'h',
    request: encode(1),
    response: { ok: encode(2) },
    durability: 'read-remote',
  };
  assert.equal(map('1.3.0', call).tag, 'imported-function-invoked');
  assert.deepEqual(val(map('1.3.0', call)).wrappedFunctionType, { tag: 'read-remote' });
  assert.equal(map('1.5.0', call).tag, 'host-call');
  assert.deepEqual(val(map('1.5.0', call)).durableFunctionType, { tag: 'read-remote' });
});

test('names and ranges each version spells its own way', () => {
  const create: OplogEntryBody = { kind: 'create', componentName: 'c', componentVersion: 3, workerName: 'w', env: [], args: ['a'] };
  assert.equal(val(map('1.1.7', create)).componentVersion, 3n);
  assert.deepEqual(val(map('1.1.7', create)).workerId, { id: 'the-id' });
  assert.equal(val(map('1.3.0', create)).componentRevision, 3n);
  assert.deepEqual(val(map('1.3.0', create)).args, ['a']);
  assert.equal(val(map('1.5.0', create)).agentMode, 'durable');
  assert.equal('args' in val(map('1.5.0', create)), false);

  const jump: OplogEntryBody = { kind: 'jump', start: 2, end: 3 };
  assert.deepEqual(val(map('1.1.7', jump)).start, 2n);
  assert.deepEqual(val(map('1.3.0', jump)).jump, { start: 2n, end: 3n });
  const revert: OplogEntryBody = { kind: 'revert', start: 2, end: 3 };
  assert.equal(val(map('1.3.0', revert)).start, 2n);
  assert.deepEqual(val(map('1.5.0', revert)).droppedRegion, { start: 2n, end: 3n });

  const error: OplogEntryBody = { kind: 'error', error: 'boom' };
  assert.equal('retryFrom' in val(map('1.1.7', error)), false);
  assert.equal(val(map('1.3.0', error)).retryFrom, 4n);
  assert.equal(val(map('1.5.0', error)).insideAtomicRegion, false);

  const update: OplogEntryBody = { kind: 'failed-update', targetVersion: 5, details: 'no' };
  assert.equal(val(map('1.1.7', update)).targetVersion, 5n);
  assert.equal(val(map('1.3.0', update)).targetRevision, 5n);

  const pending: OplogEntryBody = { kind: 'pending-worker-invocation', functionName: 'g', args: [], idempotencyKey: 'p' };
  assert.equal(map('1.1.7', pending).tag, 'pending-worker-invocation');
  assert.equal(map('1.3.0', pending).tag, 'pending-agent-invocation');
  const cancel: OplogEntryBody = { kind: 'cancel-pending-invocation', idempotencyKey: 'p' };
  assert.equal(map('1.3.0', cancel).tag, 'cancel-invocation');
  assert.equal(map('1.5.0', cancel).tag, 'cancel-pending-invocation');
});
