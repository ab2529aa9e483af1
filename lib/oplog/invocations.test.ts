import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OplogEntry } from './entry';
import { emptyModel, foldEntries } from './invocations';

let idx = 0;
const at = (body: Record<string, unknown>, t = idx * 10): OplogEntry => ({ ...(body as object), index: ++idx, timestamp: t }) as OplogEntry;
const hostCall = (functionName: string, durability: string) => ({
  kind: 'imported-function-invoked',
  functionName,
  request: null,
  response: 1,
  durability,
});

test('invocations as spans, host calls nested, interruptions and retries keep a span open', () => {
  idx = 0;
  const es = [
    at({ kind: 'create', componentName: 'c', componentVersion: 1, workerName: 'w', env: [], args: [] }),
    at({ kind: 'exported-function-invoked', functionName: 'api.a', args: [], idempotencyKey: 'k1' }),
    at(hostCall('wasi:random/random.get-random-u64', 'read-local')),
    at({ kind: 'log', stream: 'stdout', message: 'x' }),
    at({ kind: 'exported-function-completed', idempotencyKey: 'k1', result: 1 }),
    at(hostCall('stray', 'read-local')),
    at({ kind: 'exported-function-invoked', functionName: 'api.b', args: [], idempotencyKey: 'k2' }),
    at(hostCall('playground:http/client.send', 'write-remote')),
    at({ kind: 'interrupted', reason: 'killed by request' }),
    at({ kind: 'error', error: 'boom', idempotencyKey: 'k2', attempt: 1, retryAt: 999 }),
    at(hostCall('wasi:random/random.get-random-u64', 'read-local')),
  ];
  const m = emptyModel();
  // Streamed in two parts: the same as folding all at once.
  assert.equal(foldEntries(m, es.slice(0, 5)), true);
  foldEntries(m, es.slice(5));
  assert.equal(m.lastIndex, 11);
  assert.deepEqual(m.functions, ['wasi:random/random.get-random-u64', 'playground:http/client.send']);
  assert.equal(m.spans.length, 2);
  const [a, b] = m.spans;
  assert.ok(a && b);
  assert.deepEqual(
    { start: a.start, end: a.end, outcome: a.outcome, ms: a.endedAt! - a.startedAt, calls: a.calls },
    { start: 2, end: 5, outcome: 'completed', ms: 30, calls: [[3, 0, 20]] },
  );
  // A host call outside any invocation belongs to none.
  assert.equal(b.outcome, undefined);
  assert.deepEqual(b.interruptions, [9]);
  assert.deepEqual(
    b.calls.map((c) => c[0]),
    [8, 11],
  );
  // Entries already folded are ignored; the final error ends it.
  assert.equal(foldEntries(m, es.slice(0, 3)), false);
  foldEntries(m, [at({ kind: 'error', error: 'boom', idempotencyKey: 'k2', attempt: 2 })]);
  assert.equal(b.outcome, 'error');
  assert.equal(b.end, 12);
});
