import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OplogEntry, OplogKind } from './entry';
import { emptyModel, foldEntries, INVOCATION_KINDS } from './invocations';
import { InvocationCache, type InvocationSource } from './invocations-cache';

/** An in-memory oplog that counts how many entries each request read. */
function source() {
  const logs = new Map<string, OplogEntry[]>();
  let read = 0;
  const add = (id: string, body: Record<string, unknown>) => {
    const log = logs.get(id) ?? [];
    logs.set(id, log);
    log.push({ ...(body as object), index: log.length + 1, timestamp: log.length * 10 } as OplogEntry);
  };
  const src: InvocationSource = {
    length: (id) => logs.get(id)?.length ?? 0,
    ofKinds: (id, kinds: readonly OplogKind[], upTo) => {
      const out = (logs.get(id) ?? []).filter((e) => kinds.includes(e.kind) && e.index <= upTo);
      read += out.length;
      return out;
    },
    slice: (id, from, to) => {
      const out = (logs.get(id) ?? []).filter((e) => e.index >= from && e.index <= to);
      read += out.length;
      return out;
    },
  };
  const invocation = (id: string, key: string, calls: number) => {
    add(id, { kind: 'exported-function-invoked', functionName: 'api.f', args: [], idempotencyKey: key });
    for (let i = 0; i < calls; i++)
      add(id, { kind: 'imported-function-invoked', functionName: `h${i % 2}`, request: null, response: 1, durability: 'read-local' });
    add(id, { kind: 'log', stream: 'stdout', message: key });
    add(id, { kind: 'exported-function-completed', idempotencyKey: key, result: null });
  };
  const fresh = (id: string) => {
    const m = emptyModel();
    foldEntries(
      m,
      (logs.get(id) ?? []).filter((e) => (INVOCATION_KINDS as readonly string[]).includes(e.kind)),
    );
    m.lastIndex = src.length(id);
    return m;
  };
  return { src, add, invocation, fresh, logs, reads: () => read, reset: () => (read = 0) };
}

test('a kept model extended with the appended entries equals one folded afresh, and reads only those', () => {
  const s = source();
  const cache = new InvocationCache();
  s.add('w', { kind: 'create', componentName: 'c', componentVersion: 1, workerName: 'w', env: [], args: [] });
  for (let i = 0; i < 50; i++) s.invocation('w', `k${i}`, 3);
  assert.deepEqual(cache.model(s.src, 'w', 'g1'), s.fresh('w'));
  s.reset();
  s.invocation('w', 'k50', 1);
  // An invocation still running: its end comes with a later request.
  s.add('w', { kind: 'exported-function-invoked', functionName: 'api.f', args: [], idempotencyKey: 'k51' });
  assert.deepEqual(cache.model(s.src, 'w', 'g1'), s.fresh('w'));
  assert.equal(s.reads(), 5, 'only the five appended entries were read');
  s.add('w', { kind: 'imported-function-invoked', functionName: 'h9', request: null, response: 1, durability: 'read-local' });
  s.add('w', { kind: 'exported-function-completed', idempotencyKey: 'k51', result: null });
  assert.deepEqual(cache.model(s.src, 'w', 'g1'), s.fresh('w'));
  s.reset();
  assert.deepEqual(cache.model(s.src, 'w', 'g1'), s.fresh('w'));
  assert.equal(s.reads(), 0, 'nothing new: nothing read');
});

test('a worker created anew under the same id, or a shorter history, is folded afresh', () => {
  const s = source();
  const cache = new InvocationCache();
  for (let i = 0; i < 5; i++) s.invocation('w', `a${i}`, 2);
  cache.model(s.src, 'w', 'g1');
  // Deleted and created again with as many entries: only its generation tells.
  s.logs.set('w', []);
  for (let i = 0; i < 5; i++) s.invocation('w', `b${i}`, 2);
  assert.deepEqual(cache.model(s.src, 'w', 'g2'), s.fresh('w'));
  assert.equal(cache.model(s.src, 'w', 'g2').spans[0]!.key, 'b0');
  s.logs.set('w', []);
  s.invocation('w', 'c0', 1);
  assert.deepEqual(cache.model(s.src, 'w', 'g2'), s.fresh('w'), 'shorter than what was kept');
});
